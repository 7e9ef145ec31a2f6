import { z } from 'zod';
import { type IdentifierType, validateIdentifier } from '../identifiers/index.ts';

/**
 * Control characters never belong in registry text: PostgreSQL cannot store NUL at all (it answered
 * 500), and the others are invisible junk pasted from other systems. Single-line fields refuse every
 * C0/C1 control and DEL; multi-line notes allow line breaks and tabs.
 */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_EXCEPT_LAYOUT = /(?![\t\n\r])\p{Cc}/u;

const rejectControls = (pattern: RegExp) => (value: string, ctx: z.RefinementCtx) => {
  if (pattern.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'Недопустимые управляющие символы',
      params: { code: 'control_character' },
    });
  }
};

const bounded = (max: number, min: number, controls: RegExp) =>
  z
    .string()
    .max(max, `Не более ${max} символов`)
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'Поле не может быть пустым' : `Не менее ${min} символов`)
        .superRefine(rejectControls(controls)),
    );

/** Trimmed single-line text with a hard upper bound: over-long input is rejected, never truncated. */
export const text = (max: number, min = 1) => bounded(max, min, CONTROL);

/** Multi-line text typed in a text area (reasons, bases): line breaks and tabs are kept. */
export const note = (max: number, min = 1) => bounded(max, min, CONTROL_EXCEPT_LAYOUT);

/** A search term from the query string: trimmed, may be empty, no control characters. */
export const searchText = (max: number) =>
  z
    .string()
    .max(max, `Не более ${max} символов`)
    .superRefine(rejectControls(CONTROL))
    .overwrite((s) => s.trim());

/**
 * A uuid in any letter case, lower-cased at the boundary: PostgreSQL compares uuids by value, but
 * application code, CHECKs on text and the audit chain compare the text.
 */
export const uuid = (message = 'Некорректный идентификатор') =>
  z.uuid(message).overwrite((s) => s.toLowerCase());

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
  cursor: searchText(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    totalCount: z.number().int().optional(),
  });
