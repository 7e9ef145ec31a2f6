import { invalid, isBlank, problem, stripWhitespace, valid } from './result.ts';
import type { IdentifierProblem, IdentifierResult } from './types.ts';

// Since 2019 the two "причина постановки на учет" positions may hold capital Latin letters.
export const KPP_PATTERN = /^\d{4}[\dA-Z]{2}\d{3}$/;

export function normalizeKpp(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const value = stripWhitespace(raw).toUpperCase();
  return KPP_PATTERN.test(value) ? value : null;
}

export function validateKpp(raw: string | null | undefined): IdentifierResult {
  if (raw == null || isBlank(raw)) return invalid([problem('empty', 'КПП не указан')]);
  const value = stripWhitespace(raw).toUpperCase();
  if (KPP_PATTERN.test(value)) return valid(value);
  const problems: IdentifierProblem[] = [];
  if (value.length !== 9) {
    problems.push(problem('bad_length', `КПП должен состоять из 9 символов (введено: ${value.length})`));
  }
  if (value.length === 9 || !/^[\dA-Z]*$/.test(value)) {
    // Cyrillic А, В, Е, К, М, Н, О, Р, С, Т, Х look identical to Latin letters, a common copy-paste trap.
    const detail = /[А-ЯЁ]/.test(value)
      ? 'В КПП допускаются только латинские буквы; похоже, введены русские буквы'
      : 'КПП должен состоять из 4 цифр, 2 цифр или латинских букв и ещё 3 цифр, например 690701001';
    problems.push(problem('bad_format', detail));
  }
  return invalid(problems);
}

export function isValidKpp(raw: string | null | undefined): boolean {
  return validateKpp(raw).valid;
}
