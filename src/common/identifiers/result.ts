import type { IdentifierProblem, IdentifierProblemCode, IdentifierResult } from './types.ts';

export function problem(code: IdentifierProblemCode, detail: string): IdentifierProblem {
  return { code, detail };
}

export function valid(normalized: string): IdentifierResult {
  return { valid: true, normalized, problems: [] };
}

// `normalized` is deliberately null for every invalid value so that nobody stores a half-checked identifier.
export function invalid(problems: IdentifierProblem[]): IdentifierResult {
  return { valid: false, normalized: null, problems };
}

export function isBlank(raw: string | null | undefined): boolean {
  return raw == null || raw.trim() === '';
}

export function stripWhitespace(raw: string): string {
  return raw.replace(/\s/g, '');
}

// Word processors and phone keyboards substitute these for the ASCII hyphen.
export const DASH_LOOKALIKES = /[\u2010-\u2015\u2212]/g;

export function assertDigits(value: string, length: number, caller: string): void {
  if (!new RegExp(`^\\d{${length}}$`).test(value)) {
    throw new RangeError(`${caller}: expected ${length} digits, got ${JSON.stringify(value)}`);
  }
}
