import { DASH_LOOKALIKES, invalid, isBlank, problem, valid } from './result.ts';
import type { IdentifierProblem, IdentifierResult } from './types.ts';

// Canonical Roman numerals 1..399: series never go higher, and rejecting "IIII" or "VV" catches typos.
const ROMAN = /^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

// ФНС accepts Cyrillic look-alikes in the Roman part, and people type "1" for "I".
const LOOKALIKE: Readonly<Record<string, string>> = { Х: 'X', С: 'C', Л: 'L', У: 'V', І: 'I', '1': 'I' };

// The letter part is always the last two Cyrillic letters, so the hyphen can be optional without ambiguity.
const SERIES_SHAPE = /^([IVXLCХСЛУІ1]+)-?([А-ЯЁ]{2})$/u;

// A series ends with letters and a number is digits only, so the split point is unambiguous even without
// a space; "№" between them is tolerated because it is printed on the document.
const VALUE_SHAPE = /^(.*?)\s*(?:№\s*)?(\d*)$/su;

const EXAMPLE = 'например IV-АБ 123456';

export type BirthCertificateParts = { series: string; number: string };

function compactSeries(raw: string): string {
  return raw.replace(DASH_LOOKALIKES, '-').toUpperCase().replace(/\s/g, '');
}

export function normalizeBirthCertSeries(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const match = SERIES_SHAPE.exec(compactSeries(raw));
  if (!match) return null;
  const roman = [...(match[1] ?? '')].map((c) => LOOKALIKE[c] ?? c).join('');
  return ROMAN.test(roman) ? `${roman}-${match[2]}` : null;
}

export function normalizeBirthCertNumber(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = raw.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

function seriesProblem(rawSeries: string): IdentifierProblem {
  const series = compactSeries(rawSeries);
  if (series === '') {
    return problem('bad_series', `Не указана серия свидетельства о рождении, ${EXAMPLE}`);
  }
  const withCyrillicLetters = /^(.*?)-?([А-ЯЁ]{2})$/u.exec(series);
  if (withCyrillicLetters) {
    const roman = withCyrillicLetters[1] ?? '';
    return problem(
      'bad_series',
      roman === ''
        ? `В серии свидетельства о рождении нет римского числа перед буквами, ${EXAMPLE}`
        : `Римское число «${roman}» в серии записано неверно: ` +
            `используйте латинские буквы I, V, X, L, C, ${EXAMPLE}`,
    );
  }
  if (/-.*[A-Z]/.test(series)) {
    return problem('bad_series', `Буквы в серии свидетельства о рождении должны быть русскими, ${EXAMPLE}`);
  }
  return problem(
    'bad_series',
    `Серия свидетельства о рождении состоит из римского числа и двух русских букв, ${EXAMPLE}`,
  );
}

export function validateBirthCertificate(raw: string | null | undefined): IdentifierResult {
  if (raw == null || isBlank(raw)) {
    return invalid([problem('empty', 'Серия и номер свидетельства о рождении не указаны')]);
  }
  const match = VALUE_SHAPE.exec(raw.trim());
  const rawSeries = match?.[1] ?? raw;
  const rawNumber = match?.[2] ?? '';
  const series = normalizeBirthCertSeries(rawSeries);
  const number = normalizeBirthCertNumber(rawNumber);
  const problems: IdentifierProblem[] = [];
  if (series === null) problems.push(seriesProblem(rawSeries));
  if (number === null) {
    problems.push(
      problem(
        'bad_number',
        rawNumber === ''
          ? `Не указан номер свидетельства о рождении (6 цифр), ${EXAMPLE}`
          : `Номер свидетельства о рождении должен состоять из 6 цифр (введено: ${rawNumber.length})`,
      ),
    );
  }
  if (series === null || number === null) return invalid(problems);
  return valid(`${series} ${number}`);
}

export function parseBirthCertificate(raw: string | null | undefined): BirthCertificateParts | null {
  const { normalized } = validateBirthCertificate(raw);
  if (normalized === null) return null;
  const [series = '', number = ''] = normalized.split(' ');
  return { series, number };
}

export function normalizeBirthCertificate(raw: string | null | undefined): string | null {
  return validateBirthCertificate(raw).normalized;
}
