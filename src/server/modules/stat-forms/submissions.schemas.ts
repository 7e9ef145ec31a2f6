import { z } from 'zod';
import { isoDate, uuid } from '../../../common/schemas/primitives.ts';
import { reportSchema } from './stat-forms.schemas.ts';

export const signBody = z.strictObject({
  organizationId: uuid().describe('Организация, подписывающая свою форму'),
  asOf: isoDate().optional().describe('Отчетная дата (по умолчанию — по правилу формы)'),
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Версия возвращенной формы — при повторном подписании'),
});

export const returnBody = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string().trim().min(1, 'Укажите причину возврата').max(1000),
});

export const submissionParams = z.strictObject({ id: uuid() });

export const submissionSchema = z.object({
  id: z.string(),
  form: z.string(),
  edition: z.string(),
  organizationId: z.string(),
  asOf: z.string(),
  status: z.enum(['signed', 'returned']),
  signedAt: z.string(),
  signedBy: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  version: z.number().int(),
  cells: z.record(z.string(), z.record(z.string(), z.number().int())),
});

export const progressQuery = z.strictObject({
  organizationId: uuid().optional().describe('Одна организация'),
  territoryId: uuid().optional().describe('Территория (муниципалитет, регион)'),
  asOf: isoDate().optional().describe('Отчетная дата (по умолчанию — по правилу формы)'),
});

export const progressSchema = z.object({
  asOf: z.string(),
  scope: z.object({ kind: z.enum(['organization', 'territory']), id: z.string(), name: z.string() }),
  summary: z.object({
    expected: z.number().int(),
    signed: z.number().int(),
    returned: z.number().int(),
    missing: z.number().int(),
  }),
  items: z.array(
    z.object({
      organizationId: z.string(),
      organizationName: z.string(),
      kind: z.string(),
      status: z.enum(['signed', 'returned', 'missing']),
      submissionId: z.string().nullable(),
      signedAt: z.string().nullable(),
      signedBy: z.string().nullable(),
      returnReason: z.string().nullable(),
      version: z.number().int().nullable(),
    }),
  ),
});

export const consolidatedQuery = z.strictObject({
  territoryId: uuid().describe('Территория (муниципалитет, регион)'),
  asOf: isoDate().optional().describe('Отчетная дата (по умолчанию — по правилу формы)'),
});

export const consolidatedSchema = reportSchema.extend({
  signed: z.number().int().describe('Организаций, подписавших форму'),
  expected: z.number().int().describe('Организаций, которые должны ее сдать'),
});
