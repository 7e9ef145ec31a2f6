import { invalid, isBlank, problem, stripWhitespace, valid } from './result.ts';
import type { IdentifierResult } from './types.ts';

// ОКСО (ОК 009-2016) code: укрупненная группа . уровень . номер. Existence is checked against the перечень
// elsewhere; here only the shape and, optionally, the level.
export const OKSO_PATTERN = /^\d{2}\.0[1-9]\.\d{2}$/;

// 01 — рабочие и служащие (ППКРС), 02 — специалисты среднего звена (ППССЗ).
export const SPO_OKSO_LEVELS: readonly string[] = ['01', '02'];

const LEVEL_NAMES: Readonly<Record<string, string>> = {
  '01': 'СПО, подготовка квалифицированных рабочих и служащих',
  '02': 'СПО, подготовка специалистов среднего звена',
  '03': 'бакалавриат',
  '04': 'магистратура',
  '05': 'специалитет',
};

export type OksoOptions = { spoOnly?: boolean };

export function normalizeOkso(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const value = stripWhitespace(raw);
  return OKSO_PATTERN.test(value) ? value : null;
}

export function oksoLevel(code: string): string {
  return code.slice(3, 5);
}

export function oksoLevelName(level: string): string {
  return LEVEL_NAMES[level] ?? 'подготовка кадров высшей квалификации';
}

export function validateOkso(raw: string | null | undefined, options: OksoOptions = {}): IdentifierResult {
  if (raw == null || isBlank(raw))
    return invalid([problem('empty', 'Код профессии или специальности не указан')]);
  const code = normalizeOkso(raw);
  if (code === null) {
    return invalid([
      problem('bad_format', 'Код профессии или специальности должен иметь вид 00.00.00, например 09.02.07'),
    ]);
  }
  const level = oksoLevel(code);
  if (options.spoOnly && !SPO_OKSO_LEVELS.includes(level)) {
    return invalid([
      problem(
        'bad_level',
        `Код ${code} не относится к СПО (уровень ${level} — ${oksoLevelName(level)}): ` +
          'у профессий и специальностей СПО в середине кода стоит 01 или 02',
      ),
    ]);
  }
  return valid(code);
}

export function isValidOkso(raw: string | null | undefined, options: OksoOptions = {}): boolean {
  return validateOkso(raw, options).valid;
}
