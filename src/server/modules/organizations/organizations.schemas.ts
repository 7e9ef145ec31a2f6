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

const json = z.record(z.string(), z.unknown());

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
  founder: json,
  legalAddress: json,
  actualAddress: json,
  head: json,
  contacts: json,
  licence: json.nullable(),
  accreditation: json.nullable(),
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
  allowedActions: z.array(z.string()),
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

export const historySchema = z.object({
  items: z.array(
    z.object({
      version: z.number(),
      action: z.string(),
      at: z.string(),
      actor: z.object({ id: z.string(), fullName: z.string() }).nullable(),
      changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    }),
  ),
});
