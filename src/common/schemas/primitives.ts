import { z } from 'zod';
import { type IdentifierType, validateIdentifier } from '../identifiers/index.ts';

/** Trimmed text with a hard upper bound: over-long input is rejected, never truncated. */
export const text = (max: number, min = 1) =>
  z
    .string()
    .max(max, `Не более ${max} символов`)
    .transform((s) => s.trim())
    .pipe(z.string().min(min, min === 1 ? 'Поле не может быть пустым' : `Не менее ${min} символов`));

export const uuid = () => z.uuid('Некорректный идентификатор');

export const isoDate = () =>
  z.iso
    .date('Дата должна быть в формате ГГГГ-ММ-ДД')
    .refine((d) => d >= '1900-01-01' && d <= '2100-12-31', 'Дата вне допустимого диапазона');

export const todayIso = () => new Date().toISOString().slice(0, 10);
export const pastDate = () => isoDate().refine((d) => d <= todayIso(), 'Дата не может быть в будущем');

/** An identifier checked by the same validators the /identifiers/validate service uses. */
export const identifier = (type: IdentifierType, maxLength = 40) =>
  z
    .string()
    .max(maxLength, `Не более ${maxLength} символов`)
    .transform((value, ctx) => {
      const r = validateIdentifier(type, value);
      if (!r.valid || r.normalized === null) {
        for (const p of r.problems)
          ctx.addIssue({ code: 'custom', message: p.detail, params: { code: p.code } });
        if (r.problems.length === 0) ctx.addIssue({ code: 'custom', message: 'Неверное значение' });
        return z.NEVER;
      }
      return r.normalized;
    });

export const cursorQuery = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    totalCount: z.number().int().optional(),
  });
