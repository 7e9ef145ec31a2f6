import { z } from 'zod';
import { LEGAL_FORMS, ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '../organization-dictionary.ts';
import { identifier, isoDate, pastDate, text, uuid } from './primitives.ts';

export { LEGAL_FORMS, ORGANIZATION_KINDS, ORGANIZATION_STATUSES };

const optionalText = (max: number) => text(max).optional();

export const addressSchema = z.strictObject({
  text: optionalText(1000),
  fiasGuid: uuid('Некорректный идентификатор ГАР').optional(),
  oktmo: z
    .string()
    .regex(/^\d{8}(\d{3})?$/, 'ОКТМО состоит из 8 или 11 цифр')
    .optional(),
});

export const headSchema = z.strictObject({
  fullName: optionalText(300),
  position: optionalText(200),
  phone: optionalText(50),
});

export const contactsSchema = z.strictObject({
  phone: optionalText(50),
  email: z.email('Некорректный адрес электронной почты').max(200).optional(),
  // Only web addresses: a javascript:, data: or vbscript: link would run in the card that shows it.
  website: z
    .url({ protocol: /^https?$/, error: 'Адрес сайта должен начинаться с http:// или https://' })
    .max(300)
    .optional(),
});

export const founderSchema = z.strictObject({
  name: optionalText(500),
  inn: identifier('inn').optional(),
  territoryId: uuid().optional(),
});

export const licenceSchema = z.strictObject({
  number: text(100),
  issuedOn: pastDate(),
  issuer: optionalText(500),
  registryNumber: optionalText(100),
});

export const accreditationSchema = z
  .strictObject({
    number: text(100),
    issuedOn: pastDate(),
    validUntil: isoDate().nullable().optional(),
  })
  .refine((a) => !a.validUntil || a.validUntil >= a.issuedOn, {
    message: 'Срок действия не может закончиться раньше даты выдачи',
    path: ['validUntil'],
  });

const organizationInn = identifier('inn').refine(
  (v) => v.length === 10,
  'ИНН организации состоит из 10 цифр',
);
const organizationOgrn = identifier('ogrn');

const editable = {
  fullName: text(500, 3),
  shortName: text(200, 2),
  legalForm: z.enum(
    Object.keys(LEGAL_FORMS) as [string, ...string[]],
    'Выберите организационно-правовую форму',
  ),
  inn: organizationInn,
  kpp: identifier('kpp'),
  ogrn: organizationOgrn,
  territoryId: uuid(),
  parentOrganizationId: uuid().nullable().optional(),
  founder: founderSchema.optional(),
  legalAddress: addressSchema.optional(),
  actualAddress: addressSchema.optional(),
  head: headSchema.optional(),
  contacts: contactsSchema.optional(),
  licence: licenceSchema.nullable().optional(),
  accreditation: accreditationSchema.nullable().optional(),
  capacity: z.number().int('Целое число').min(0).max(100_000).nullable().optional(),
};

export const createOrganizationSchema = z.strictObject({
  kind: z.enum(ORGANIZATION_KINDS, 'Выберите вид организации'),
  ...editable,
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z.strictObject({
  version: z.number().int().min(1),
  ...Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, v.optional()])),
}) as unknown as z.ZodType<{ version: number } & Partial<Omit<CreateOrganizationInput, 'kind'>>>;
export type UpdateOrganizationInput = { version: number } & Partial<Omit<CreateOrganizationInput, 'kind'>>;

export const changeStatusSchema = z
  .strictObject({
    version: z.number().int().min(1),
    status: z.enum(ORGANIZATION_STATUSES),
    date: pastDate(),
    successorOrganizationId: uuid().nullable().optional(),
  })
  .refine((s) => s.status !== 'liquidated' || !!s.successorOrganizationId, {
    message: 'Для ликвидации укажите организацию-правопреемника',
    path: ['successorOrganizationId'],
  });
export type ChangeStatusInput = z.infer<typeof changeStatusSchema>;
