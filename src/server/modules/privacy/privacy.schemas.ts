import { z } from 'zod';
import { cursorQuery, note, uuid } from '../../../common/schemas/primitives.ts';
import { BASES } from './destruction-terms.ts';

export const exportQuery = z.strictObject({
  territoryId: uuid().optional(),
  organizationKind: z
    .enum(
      ['preschool', 'school', 'additional', 'vocational'],
      'Вид организации: preschool, school, additional или vocational',
    )
    .optional(),
});

export const exportCsvQuery = z.strictObject({
  ...exportQuery.shape,
  format: z
    .enum(['excel', 'csv-en'], 'Формат: excel (для Excel: «;», BOM, русские заголовки) или csv-en')
    .optional(),
});

export const destroyParams = z.strictObject({ id: uuid() });

export const destroyBody = z.strictObject({
  basis: z.enum(
    BASES,
    'Укажите основание: purpose_achieved, retention_expired, subject_request или consent_revoked',
  ),
  basisDetails: note(500).nullable().optional(),
  confirm: z.literal(true, 'Подтвердите уничтожение: confirm = true'),
});

export const destroyResult = z.object({ actId: z.string(), actNumber: z.string() });

export const actParams = z.strictObject({ id: uuid() });
export const actsQuery = z.strictObject({ ...cursorQuery });

export const actSchema = z.object({
  id: z.string(),
  actNumber: z.string(),
  personId: z.string(),
  basis: z.enum(BASES),
  basisTitle: z.string(),
  basisDetails: z.string().nullable(),
  destroyedCategories: z.array(z.object({ code: z.string(), title: z.string() })),
  keptStatistics: z.record(z.string(), z.unknown()),
  method: z.string(),
  performedAt: z.string(),
  performedBy: z.object({ id: z.string(), fullName: z.string() }).nullable(),
});

export const actsPageSchema = z.object({ items: z.array(actSchema), nextCursor: z.string().nullable() });
