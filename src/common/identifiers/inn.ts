import { assertDigits, invalid, isBlank, problem, stripWhitespace, valid } from './result.ts';
import type { IdentifierProblem, IdentifierResult } from './types.ts';

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

// 10 digits: legal entity; 12 digits: individual, including ИП.
export type InnLength = 10 | 12;
export type InnOptions = { length?: InnLength };

function checkDigit(digits: string, weights: readonly number[]): string {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  return String((sum % 11) % 10);
}

export function innCheckDigits(prefix: string): string {
  if (/^\d{9}$/.test(prefix)) return checkDigit(prefix, W10);
  assertDigits(prefix, 10, 'innCheckDigits');
  const n11 = checkDigit(prefix, W11);
  return n11 + checkDigit(prefix + n11, W12);
}

export function makeInn10(prefix9: string): string {
  assertDigits(prefix9, 9, 'makeInn10');
  return prefix9 + innCheckDigits(prefix9);
}

export function makeInn12(prefix10: string): string {
  assertDigits(prefix10, 10, 'makeInn12');
  return prefix10 + innCheckDigits(prefix10);
}

export function normalizeInn(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = stripWhitespace(raw);
  return /^(?:\d{10}|\d{12})$/.test(digits) ? digits : null;
}

function lengthProblem(length: number, required: InnLength | undefined): IdentifierProblem | null {
  if (required === 10 && length !== 10) {
    return problem(
      'bad_length',
      length === 12
        ? 'Указан ИНН физического лица (12 цифр), а для организации нужен ИНН из 10 цифр'
        : `ИНН организации должен состоять из 10 цифр (введено: ${length})`,
    );
  }
  if (required === 12 && length !== 12) {
    return problem(
      'bad_length',
      length === 10
        ? 'Указан ИНН организации (10 цифр), а нужен ИНН физического лица из 12 цифр'
        : `ИНН физического лица должен состоять из 12 цифр (введено: ${length})`,
    );
  }
  if (length !== 10 && length !== 12) {
    return problem(
      'bad_length',
      `ИНН должен состоять из 10 цифр у организации или из 12 цифр у физического лица (введено: ${length})`,
    );
  }
  return null;
}

export function validateInn(raw: string | null | undefined, options: InnOptions = {}): IdentifierResult {
  if (raw == null || isBlank(raw)) return invalid([problem('empty', 'ИНН не указан')]);
  const digits = stripWhitespace(raw);
  if (!/^\d+$/.test(digits)) return invalid([problem('bad_format', 'ИНН может содержать только цифры')]);
  const badLength = lengthProblem(digits.length, options.length);
  if (badLength) return invalid([badLength]);
  const prefixLength = digits.length === 10 ? 9 : 10;
  const expected = innCheckDigits(digits.slice(0, prefixLength));
  const given = digits.slice(prefixLength);
  if (expected !== given) {
    const detail =
      digits.length === 10
        ? 'Контрольная цифра ИНН не сходится: сверьте номер с документом'
        : 'Контрольные цифры ИНН не сходятся: сверьте номер с документом';
    return invalid([problem('bad_checksum', detail)]);
  }
  return valid(digits);
}

export function isValidInn(raw: string | null | undefined, options: InnOptions = {}): boolean {
  return validateInn(raw, options).valid;
}
