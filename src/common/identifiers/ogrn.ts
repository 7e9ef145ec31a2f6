import { assertDigits, invalid, isBlank, problem, stripWhitespace, valid } from './result.ts';
import type { IdentifierProblem, IdentifierResult } from './types.ts';

// BigInt rather than Number: the 14-digit ОГРНИП prefix would still be exact as a double, but BigInt keeps
// the arithmetic obviously exact and rejects accidental float parsing.
export function ogrnCheckDigit(first12: string): string {
  assertDigits(first12, 12, 'ogrnCheckDigit');
  return String((BigInt(first12) % 11n) % 10n);
}

export function ogrnipCheckDigit(first14: string): string {
  assertDigits(first14, 14, 'ogrnipCheckDigit');
  return String((BigInt(first14) % 13n) % 10n);
}

// Only the check digit is appended; the caller chooses the признак (first digit).
export function makeOgrn(prefix12: string): string {
  return prefix12 + ogrnCheckDigit(prefix12);
}

export function makeOgrnip(prefix14: string): string {
  return prefix14 + ogrnipCheckDigit(prefix14);
}

export function normalizeOgrn(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = stripWhitespace(raw);
  return /^\d{13}$/.test(digits) ? digits : null;
}

export function normalizeOgrnip(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = stripWhitespace(raw);
  return /^\d{15}$/.test(digits) ? digits : null;
}

type RegistryNumberSpec = {
  name: string;
  length: number;
  // Other first digits belong to ГРН of later register entries, which are not identifiers of the entity.
  prefixes: readonly string[];
  prefixText: string;
  checkDigit: (prefix: string) => string;
  confusedWith: { length: number; detail: string };
};

const OGRN_SPEC: RegistryNumberSpec = {
  name: 'ОГРН',
  length: 13,
  prefixes: ['1', '5'],
  prefixText: 'ОГРН должен начинаться с 1 или 5',
  checkDigit: ogrnCheckDigit,
  confusedWith: {
    length: 15,
    detail: 'Указано 15 цифр — это похоже на ОГРНИП предпринимателя; ОГРН организации состоит из 13 цифр',
  },
};

const OGRNIP_SPEC: RegistryNumberSpec = {
  name: 'ОГРНИП',
  length: 15,
  prefixes: ['3'],
  prefixText: 'ОГРНИП должен начинаться с 3',
  checkDigit: ogrnipCheckDigit,
  confusedWith: {
    length: 13,
    detail: 'Указано 13 цифр — это похоже на ОГРН организации; ОГРНИП состоит из 15 цифр',
  },
};

function validateRegistryNumber(raw: string | null | undefined, spec: RegistryNumberSpec): IdentifierResult {
  if (raw == null || isBlank(raw)) return invalid([problem('empty', `${spec.name} не указан`)]);
  const digits = stripWhitespace(raw);
  if (!/^\d+$/.test(digits)) {
    return invalid([problem('bad_format', `${spec.name} может содержать только цифры`)]);
  }
  if (digits.length !== spec.length) {
    const detail =
      digits.length === spec.confusedWith.length
        ? spec.confusedWith.detail
        : `${spec.name} должен состоять из ${spec.length} цифр (введено: ${digits.length})`;
    return invalid([problem('bad_length', detail)]);
  }
  // Both problems are reported together so the user sees everything wrong at once.
  const problems: IdentifierProblem[] = [];
  if (!spec.prefixes.includes(digits.charAt(0))) problems.push(problem('bad_prefix', spec.prefixText));
  const expected = spec.checkDigit(digits.slice(0, -1));
  const given = digits.slice(-1);
  if (expected !== given) {
    problems.push(
      problem('bad_checksum', `Контрольная цифра ${spec.name} не сходится: сверьте номер с документом`),
    );
  }
  return problems.length > 0 ? invalid(problems) : valid(digits);
}

export function validateOgrn(raw: string | null | undefined): IdentifierResult {
  return validateRegistryNumber(raw, OGRN_SPEC);
}

export function validateOgrnip(raw: string | null | undefined): IdentifierResult {
  return validateRegistryNumber(raw, OGRNIP_SPEC);
}

export function isValidOgrn(raw: string | null | undefined): boolean {
  return validateOgrn(raw).valid;
}

export function isValidOgrnip(raw: string | null | undefined): boolean {
  return validateOgrnip(raw).valid;
}
