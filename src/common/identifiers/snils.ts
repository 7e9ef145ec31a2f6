import { assertDigits, DASH_LOOKALIKES, invalid, isBlank, problem, valid } from './result.ts';
import type { IdentifierResult } from './types.ts';

// ПФР defines the control number only for numbers above 001-001-998: the earliest numbers were issued before
// the rule existed, so their last two digits carry no information. Such numbers are accepted as valid rather
// than rejecting real people; a valid checksum never proves the number exists anyway (that needs СМЭВ/СФР).
export const SNILS_CHECKSUM_THRESHOLD = 1_001_998;

const SEPARATORS = /[\s-]/g;

export function normalizeSnils(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = raw.replace(DASH_LOOKALIKES, '-').replace(SEPARATORS, '');
  return /^\d{11}$/.test(digits) ? digits : null;
}

export function isSnilsChecksumDefined(body9: string): boolean {
  return Number(body9) > SNILS_CHECKSUM_THRESHOLD;
}

export function snilsControl(body9: string): string {
  assertDigits(body9, 9, 'snilsControl');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body9[i]) * (9 - i);
  // The three official branches (S < 100 → S; S = 100, 101 → 00; otherwise S mod 101 with 100 → 00)
  // all reduce to this expression; the tests check it against the literal branches.
  return String((sum % 101) % 100).padStart(2, '0');
}

export function makeSnils(body9: string): string {
  return body9 + snilsControl(body9);
}

export function formatSnils(d11: string): string {
  const d = normalizeSnils(d11);
  if (d === null) throw new RangeError(`formatSnils: expected 11 digits, got ${JSON.stringify(d11)}`);
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)} ${d.slice(9)}`;
}

export function validateSnils(raw: string | null | undefined): IdentifierResult {
  if (raw == null || isBlank(raw)) return invalid([problem('empty', 'СНИЛС не указан')]);
  const digits = raw.trim().replace(DASH_LOOKALIKES, '-').replace(SEPARATORS, '');
  if (!/^\d+$/.test(digits)) {
    return invalid([
      problem('bad_format', 'СНИЛС может содержать только цифры, пробелы и дефисы, например 123-456-789 64'),
    ]);
  }
  if (digits.length !== 11) {
    return invalid([problem('bad_length', `СНИЛС должен состоять из 11 цифр (введено: ${digits.length})`)]);
  }
  const body = digits.slice(0, 9);
  const given = digits.slice(9);
  if (isSnilsChecksumDefined(body)) {
    const expected = snilsControl(body);
    if (expected !== given) {
      return invalid([
        problem('bad_checksum', 'Контрольное число СНИЛС не сходится: сверьте номер с документом'),
      ]);
    }
  }
  return valid(digits);
}

export function isValidSnils(raw: string | null | undefined): boolean {
  return validateSnils(raw).valid;
}
