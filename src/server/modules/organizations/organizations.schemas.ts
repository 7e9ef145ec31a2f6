import { z } from 'zod';
import { ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '../../../common/schemas/organization.ts';
import { cursorQuery, pageOf, searchText, uuid } from '../../../common/schemas/primitives.ts';

export const organizationIdParams = z.strictObject({ id: uuid() });

export const organizationListQuery = z.strictObject({
  q: searchText(200).optional(),
  inn: searchText(12).optional(),
  ogrn: searchText(15).optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  territoryId: uuid().optional(),
  status: z.enum(ORGANIZATION_STATUSES).optional(),
  ...cursorQuery,
});

export const organizationDirectoryQuery = z.strictObject({
  q: searchText(200).optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  territoryId: uuid().optional(),
  limit: z.coerce
    .number('Укажите число')
    .int('Укажите целое число')
    .min(1, 'Не меньше 1')
    .max(50, 'Не больше 50')
    .default(20),
});

/** The public part of a registry entry: what the directory answers to any staff user. */
export const organizationDirectorySchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      shortName: z.string().nullable(),
      fullName: z.string(),
      kind: z.string(),
      inn: z.string().nullable(),
      territoryName: z.string().nullable(),
    }),
  ),
});

// The JSON columns as stored (json-types.ts): the answer does not re-validate what the input schemas checked.
const text = z.string().optional();
const address = z.object({ text, fiasGuid: text, oktmo: text });
const founder = z.object({ name: text, inn: text, territoryId: text });
const head = z.object({ fullName: text, position: text, phone: text });
const contacts = z.object({ phone: text, email: text, website: text });
const licence = z.object({ number: z.string(), issuedOn: z.string(), issuer: text, registryNumber: text });
const accreditation = z.object({
  number: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().nullable().optional(),
});

export const organizationSchema = z.object({
  id: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  fullName: z.string(),
  shortName: z.string(),
  legalForm: z.string(),
  inn: z.string(),
  kpp: z.string(),
  ogrn: z.string(),
  territoryId: z.string(),
  territoryName: z.string().nullable(),
  parentOrganizationId: z.string().nullable(),
  parentOrganizationName: z.string().nullable(),
  founder: founder,
  legalAddress: address,
  actualAddress: address,
  head: head,
  contacts: contacts,
  licence: licence.nullable(),
  accreditation: accreditation.nullable(),
  capacity: z.number().nullable(),
  status: z.enum(ORGANIZATION_STATUSES),
  statusChangedOn: z.string().nullable(),
  liquidatedOn: z.string().nullable(),
  successorOrganizationId: z.string().nullable(),
  successorOrganizationName: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const organizationCardSchema = organizationSchema.extend({
  branches: z.array(z.object({ id: z.string(), shortName: z.string() })),
  allowedActions: z.array(z.enum(['update', 'changeStatus', 'history'])),
});

export const organizationPageSchema = pageOf(
  z.object({
    id: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    fullName: z.string(),
    shortName: z.string(),
    inn: z.string(),
    kpp: z.string(),
    ogrn: z.string(),
    territoryId: z.string(),
    territoryName: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    parentOrganizationId: z.string().nullable(),
    capacity: z.number().nullable(),
  }),
);

export { historySchema } from '../../platform/history.ts';
