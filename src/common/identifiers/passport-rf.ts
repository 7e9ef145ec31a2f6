import { invalid, isBlank, problem, valid } from './result.ts';
import type { IdentifierProblem, IdentifierResult } from './types.ts';

// Паспорт гражданина РФ (код 21). Only the shape is checked: the region/year meaning of the series digits
// has too many exceptions to enforce.
export type PassportRfParts = { series: string; number: string };

const EXAMPLE = 'например 4510 123456';

export function normalizePassportSeries(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = raw.replace(/\s/g, '');
  return /^\d{4}$/.test(digits) ? digits : null;
}

export function normalizePassportNumber(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = raw.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

function lengthProblems(series: string, number: string): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  if (series.length !== 4) {
    problems.push(
      problem('bad_series', `Серия паспорта должна состоять из 4 цифр (введено: ${series.length})`),
    );
  }
  if (number.length !== 6) {
    problems.push(
      problem('bad_number', `Номер паспорта должен состоять из 6 цифр (введено: ${number.length})`),
    );
  }
  return problems;
}

export function validatePassportRf(raw: string | null | undefined): IdentifierResult {
  if (raw == null || isBlank(raw)) return invalid([problem('empty', 'Серия и номер паспорта не указаны')]);
  const groups = raw.replace(/№/g, ' ').trim().split(/\s+/);
  if (!groups.every((g) => /^\d+$/.test(g))) {
    return invalid([
      problem('bad_format', `Серия и номер паспорта могут содержать только цифры, ${EXAMPLE}`),
    ]);
  }
  const digits = groups.join('');
  if (groups.length === 1) {
    if (digits.length === 10) return valid(`${digits.slice(0, 4)} ${digits.slice(4)}`);
    return invalid([
      problem(
        'bad_length',
        'Серия и номер паспорта вместе содержат 10 цифр: 4 цифры серии и 6 цифр номера ' +
          `(введено: ${digits.length})`,
      ),
    ]);
  }
  // Spaces are where the user put them: the series/number split is trusted only at a boundary after 4 digits
  // ("9999 999999", "99 99 999999"), otherwise "123456 7890" would be silently reinterpreted.
  let seen = 0;
  const boundaries = new Set<number>();
  for (const group of groups) {
    seen += group.length;
    boundaries.add(seen);
  }
  if (boundaries.has(4)) {
    const problems = lengthProblems(digits.slice(0, 4), digits.slice(4));
    return problems.length > 0 ? invalid(problems) : valid(`${digits.slice(0, 4)} ${digits.slice(4)}`);
  }
  if (digits.length === 10) {
    return invalid([problem('bad_format', `Отделите 4 цифры серии от 6 цифр номера пробелом, ${EXAMPLE}`)]);
  }
  return invalid(lengthProblems(groups.slice(0, -1).join(''), groups.at(-1) ?? ''));
}

export function parsePassportRf(raw: string | null | undefined): PassportRfParts | null {
  const { normalized } = validatePassportRf(raw);
  if (normalized === null) return null;
  const [series = '', number = ''] = normalized.split(' ');
  return { series, number };
}

export function normalizePassportRf(raw: string | null | undefined): string | null {
  return validatePassportRf(raw).normalized;
}
