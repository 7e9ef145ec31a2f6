import { normalizeBirthCertSeries, normalizePassportSeries } from '../../../common/identifiers/index.ts';
import {
  DOCUMENT_TYPE_TITLES,
  DOCUMENT_TYPES,
  type DocumentType,
} from '../../../common/person-dictionary.ts';
import { AppError } from '../../platform/errors.ts';
import type { SheetRow } from './gia-file.ts';

export const EXAM_KINDS = ['oge', 'ege', 'gve'] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];
export const EXAM_KIND_TITLES: Record<ExamKind, string> = { oge: 'ОГЭ', ege: 'ЕГЭ', gve: 'ГВЭ' };

/** The columns of an exam centre's file: the title in the template first, then the spellings also accepted. */
export const GIA_COLUMNS = {
  lastName: { titles: ['Фамилия'], required: true },
  firstName: { titles: ['Имя'], required: true },
  middleName: { titles: ['Отчество'], required: false },
  documentType: { titles: ['Вид документа', 'Тип документа', 'Код документа'], required: true },
  documentSeries: { titles: ['Серия документа', 'Серия'], required: false },
  documentNumber: { titles: ['Номер документа', 'Номер'], required: true },
  examKind: { titles: ['Вид экзамена', 'Форма ГИА', 'Форма экзамена', 'Экзамен'], required: true },
  subject: { titles: ['Предмет', 'Учебный предмет'], required: true },
  examDate: { titles: ['Дата экзамена', 'Дата'], required: true },
  primaryScore: { titles: ['Первичный балл'], required: false },
  testScore: { titles: ['Тестовый балл', 'Балл ЕГЭ'], required: false },
  mark: { titles: ['Отметка', 'Оценка'], required: false },
  schoolCode: { titles: ['Код ОО', 'Код школы', 'Код образовательной организации'], required: false },
} as const;
export type GiaColumn = keyof typeof GIA_COLUMNS;
export const COLUMN_KEYS = Object.keys(GIA_COLUMNS) as GiaColumn[];

/** A row that may be written: every value checked and normalised. */
export type GiaRow = {
  row: number;
  lastName: string;
  firstName: string;
  middleName: string;
  documentType: DocumentType;
  documentSeries: string;
  documentNumber: string;
  examKind: ExamKind;
  subject: string;
  examDate: string;
  primaryScore: number | null;
  testScore: number | null;
  mark: number | null;
  schoolCode: string | null;
};

/** A row left out, with its values as read and why, in Russian. */
export type RejectedRow = { row: number; values: Record<GiaColumn, string>; reason: string };

const MAX_CELL = 500;
const headerKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[*№:.]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const fileProblem = (detail: string, code: string) =>
  new AppError('validation_failed', detail, [{ path: 'body', code, message: detail }]);

/** Which cell holds which column; a file without the required columns is refused whole. */
export function mapColumns(header: string[]): Record<GiaColumn, number | null> {
  const byTitle = new Map<string, GiaColumn>();
  for (const key of COLUMN_KEYS) for (const t of GIA_COLUMNS[key].titles) byTitle.set(headerKey(t), key);
  const at = Object.fromEntries(COLUMN_KEYS.map((k) => [k, null])) as Record<GiaColumn, number | null>;
  header.forEach((title, i) => {
    const key = byTitle.get(headerKey(title ?? ''));
    if (!key) return;
    if (at[key] !== null) {
      throw fileProblem(
        `Столбец «${GIA_COLUMNS[key].titles[0]}» встречается в заголовке дважды`,
        'duplicate_column',
      );
    }
    at[key] = i;
  });
  const missing = COLUMN_KEYS.filter((k) => GIA_COLUMNS[k].required && at[k] === null).map(
    (k) => `«${GIA_COLUMNS[k].titles[0]}»`,
  );
  if (missing.length > 0) {
    throw fileProblem(
      `В первой строке файла нет обязательных столбцов: ${missing.join(', ')}. Скачайте описание формата в разделе «Результаты ГИА»`,
      'missing_columns',
    );
  }
  if (at.primaryScore === null && at.testScore === null && at.mark === null) {
    throw fileProblem(
      'В файле нет столбцов с результатом: «Первичный балл», «Тестовый балл» или «Отметка»',
      'missing_columns',
    );
  }
  return at;
}

const DOC_WORDS: [RegExp, DocumentType][] = [
  [/иностран.*свидетельств|свидетельств.*иностран/, '23'],
  [/свидетельств.*рожд/, '03'],
  [/паспорт.*иностран/, '10'],
  [/паспорт/, '21'],
  [/вид на жительство/, '12'],
  [/временн.*проживан/, '15'],
  [/убежищ/, '19'],
  [/беженц/, '13'],
];
const DOC_BY_TITLE = new Map(
  (Object.entries(DOCUMENT_TYPE_TITLES) as [DocumentType, string][]).map(([k, v]) => [headerKey(v), k]),
);

function documentType(raw: string): DocumentType | null {
  const code = raw.replace(/\s/g, '');
  if (/^\d{1,2}$/.test(code)) {
    const padded = code.padStart(2, '0');
    return (DOCUMENT_TYPES as readonly string[]).includes(padded) ? (padded as DocumentType) : null;
  }
  const key = headerKey(raw);
  return DOC_BY_TITLE.get(key) ?? DOC_WORDS.find(([re]) => re.test(key))?.[1] ?? null;
}

function examKind(raw: string): ExamKind | null {
  const k = headerKey(raw).replace(/[\s-]*(9|11)$/, '');
  if (k === 'огэ' || k === 'oge') return 'oge';
  if (k === 'егэ' || k === 'ege') return 'ege';
  if (k === 'гвэ' || k === 'gve') return 'gve';
  return null;
}

const isRealDate = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
};

function examDate(raw: string): string | null {
  const s = raw.trim();
  let iso: string | null = null;
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (ru) iso = `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
  else if (/^\d{5}$/.test(s)) {
    // An Excel day number in a cell not formatted as a date.
    iso = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10);
  }
  return iso && isRealDate(iso) ? iso : null;
}

/** An integer within bounds, or a reason; an empty cell is null. */
function score(raw: string, title: string, min: number, max: number): number | null | string {
  const s = raw.trim().replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isFinite(n) || !Number.isInteger(n))
    return `${title}: «${raw.trim().slice(0, 20)}» — не целое число`;
  if (n < min || n > max) return `${title} ${n} вне допустимого диапазона ${min}–${max}`;
  return n;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Checks one row; `today` is the region's date (an exam cannot be later). */
export function checkRow(
  r: SheetRow,
  at: Record<GiaColumn, number | null>,
  today: string,
): { ok: GiaRow } | { rejected: RejectedRow } {
  const values = Object.fromEntries(
    COLUMN_KEYS.map((k) => [k, at[k] === null ? '' : (r.cells[at[k]!] ?? '')]),
  ) as Record<GiaColumn, string>;
  const reasons: string[] = [];
  const title = (k: GiaColumn) => `«${GIA_COLUMNS[k].titles[0]}»`;
  for (const k of COLUMN_KEYS) {
    const i = at[k];
    if (i !== null && r.formulas.includes(i)) {
      reasons.push(`В ячейке ${title(k)} формула: сохраните файл со значениями вместо формул`);
    } else if (values[k].length > MAX_CELL) {
      reasons.push(`Значение ${title(k)} длиннее ${MAX_CELL} символов`);
    }
  }
  const shown = Object.fromEntries(COLUMN_KEYS.map((k) => [k, values[k].slice(0, MAX_CELL)])) as Record<
    GiaColumn,
    string
  >;
  if (reasons.length > 0) return { rejected: { row: r.row, values: shown, reason: reasons.join('; ') } };

  const lastName = collapse(values.lastName);
  const firstName = collapse(values.firstName);
  const middleName = collapse(values.middleName);
  if (!lastName) reasons.push('Не указана фамилия');
  if (!firstName) reasons.push('Не указано имя');
  if (lastName.length > 100 || firstName.length > 100 || middleName.length > 100)
    reasons.push('Фамилия, имя или отчество длиннее 100 символов');

  const type = documentType(values.documentType);
  let series = collapse(values.documentSeries);
  const number = values.documentNumber.replace(/\s/g, '');
  if (!values.documentType.trim()) reasons.push('Не указан вид документа');
  else if (!type) reasons.push(`Неизвестный вид документа «${collapse(values.documentType).slice(0, 60)}»`);
  if (!number) reasons.push('Не указан номер документа');
  else if (number.length > 30) reasons.push('Номер документа длиннее 30 символов');
  if (type === '03') {
    const s = normalizeBirthCertSeries(series);
    if (!s)
      reasons.push(
        'Серия свидетельства о рождении: римские цифры, дефис и две русские буквы, например IV-АБ',
      );
    else series = s;
    if (number && !/^\d{6}$/.test(number)) reasons.push('Номер свидетельства о рождении состоит из 6 цифр');
  } else if (type === '21') {
    const s = normalizePassportSeries(series);
    if (!s) reasons.push('Серия паспорта состоит из 4 цифр');
    else series = s;
    if (number && !/^\d{6}$/.test(number)) reasons.push('Номер паспорта состоит из 6 цифр');
  } else if (series.length > 20) reasons.push('Серия документа длиннее 20 символов');

  const kind = examKind(values.examKind);
  if (!values.examKind.trim()) reasons.push('Не указан вид экзамена');
  else if (!kind)
    reasons.push(`Вид экзамена «${collapse(values.examKind).slice(0, 20)}»: ожидается ОГЭ, ЕГЭ или ГВЭ`);
  const subjectText = collapse(values.subject);
  const subject = subjectText ? subjectText[0]!.toUpperCase() + subjectText.slice(1) : '';
  if (!subject) reasons.push('Не указан предмет');
  else if (subject.length > 100) reasons.push('Название предмета длиннее 100 символов');

  const date = examDate(values.examDate);
  if (!values.examDate.trim()) reasons.push('Не указана дата экзамена');
  else if (!date)
    reasons.push(`Дата экзамена «${values.examDate.trim().slice(0, 20)}»: ожидается ДД.ММ.ГГГГ`);
  else if (date > today) reasons.push('Дата экзамена еще не наступила');
  else if (date < '2000-01-01') reasons.push('Дата экзамена раньше 2000 года');

  const primary = score(values.primaryScore, 'Первичный балл', 0, 100);
  const test = score(values.testScore, 'Тестовый балл', 0, 100);
  const mark = score(values.mark, 'Отметка', 2, 5);
  for (const v of [primary, test, mark]) if (typeof v === 'string') reasons.push(v);
  if (kind === 'ege' && test === null && mark === null) {
    reasons.push('Для ЕГЭ укажите тестовый балл (или отметку для базовой математики)');
  }
  if (kind && kind !== 'ege') {
    if (mark === null) reasons.push(`Для ${EXAM_KIND_TITLES[kind]} укажите отметку от 2 до 5`);
    if (test !== null)
      reasons.push(`Тестовый балл выставляется только за ЕГЭ, не за ${EXAM_KIND_TITLES[kind]}`);
  }
  const schoolCode = collapse(values.schoolCode);
  if (schoolCode.length > 50) reasons.push('Код ОО длиннее 50 символов');

  if (reasons.length > 0 || !type || !kind || !date) {
    return { rejected: { row: r.row, values: shown, reason: reasons.join('; ') } };
  }
  return {
    ok: {
      row: r.row,
      lastName,
      firstName,
      middleName,
      documentType: type,
      documentSeries: series,
      documentNumber: number,
      examKind: kind,
      subject,
      examDate: date,
      primaryScore: primary as number | null,
      testScore: test as number | null,
      mark: mark as number | null,
      schoolCode: schoolCode || null,
    },
  };
}

/** The key a result is identified by: a second row with it in one file repeats the first. */
export const resultKey = (r: GiaRow) =>
  [r.examKind, r.subject, r.examDate, r.documentType, r.documentSeries, r.documentNumber].join('\u0001');
