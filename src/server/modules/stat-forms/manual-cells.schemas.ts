import { z } from 'zod';
import { isoDate, uuid } from '../../../common/schemas/primitives.ts';

const codePart = (what: string) => z.string().regex(/^[0-9A-Za-z._-]{1,20}$/, `Некорректный код ${what}`);

/** Far above any count a form asks for: a typo of extra digits is refused, not signed. */
export const MAX_MANUAL_VALUE = 99_999_999;

export const manualCellsQuery = z.strictObject({
  organizationId: uuid().describe('Организация, заполняющая форму'),
  asOf: isoDate().optional().describe('Отчетная дата (по умолчанию — по правилу формы)'),
});

export const manualCellsBody = z.strictObject({
  organizationId: uuid().describe('Организация, заполняющая свою форму'),
  asOf: isoDate().optional().describe('Отчетная дата (по умолчанию — по правилу формы)'),
  version: z
    .number()
    .int()
    .min(0)
    .describe('Версия введенных ячеек, которую видел пользователь (0 — ячейки еще не вводились)'),
  cells: z
    .array(
      z.strictObject({
        section: codePart('раздела'),
        row: codePart('строки'),
        column: codePart('графы'),
        value: z
          .number()
          .int('Значение — целое число')
          .min(0, 'Значение не может быть отрицательным')
          .max(MAX_MANUAL_VALUE, 'Значение слишком велико')
          .nullable()
          .describe('null — очистить ячейку'),
      }),
    )
    .min(1, 'Укажите хотя бы одну ячейку')
    .max(1000),
});

export const manualCellsSchema = z.object({
  form: z.string(),
  edition: z.string(),
  organizationId: z.string(),
  asOf: z.string(),
  version: z.number().int().describe('0 — ячейки еще не вводились'),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  cells: z.array(
    z.object({
      section: z.string(),
      row: z.string(),
      column: z.string(),
      value: z.number().int(),
      enteredAt: z.string(),
      enteredBy: z.string().nullable(),
    }),
  ),
});
