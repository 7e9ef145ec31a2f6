import { makeSnils } from '../../src/common/identifiers/index.ts';

/** The template's columns that the test files fill (the rest are optional and left out). */
export const HEADER = [
  'Идентификатор в системе ОО',
  'Фамилия',
  'Имя',
  'Отчество',
  'Дата рождения',
  'Пол',
  'СНИЛС',
  'Гражданство (код ОКСМ)',
  'Вид документа',
  'Серия документа',
  'Номер документа',
  'Адрес регистрации',
  'Образовательная программа',
  'Класс (группа)',
  'Дата зачисления',
  'Представитель: фамилия',
  'Представитель: имя',
  'Представитель: отчество',
  'Представитель: дата рождения',
  'Представитель: пол',
  'Представитель: кем приходится',
  'Представитель: вид документа',
  'Представитель: серия документа',
  'Представитель: номер документа',
];
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let seq = 500_000 + Math.floor(Math.random() * 400_000);

/** A valid row of a new learner with a mother; every call a different child. */
const ru = (iso: string) => iso.split('-').reverse().join('.');
/** A date `days` after `from`, as the file writes it: consecutive rows never share a birth date. */
const dayAfter = (from: string, days: number) =>
  ru(new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10));

export function row(over: Partial<Record<string, string>> = {}): string[] {
  seq++;
  const v: Record<string, string> = {
    'Идентификатор в системе ОО': `ID-${seq}`,
    Фамилия: 'Загрузкин',
    Имя: ['Антон', 'Борис', 'Глеб', 'Денис', 'Ефим', 'Захар'][seq % 6]!,
    Отчество: 'Ильич',
    'Дата рождения': dayAfter('2010-01-01', seq % 3000),
    Пол: 'М',
    СНИЛС: makeSnils(`3${String(seq).padStart(8, '0')}`),
    'Гражданство (код ОКСМ)': '643',
    'Вид документа': '03',
    'Серия документа': 'II-ЖД',
    'Номер документа': String(seq).padStart(6, '0'),
    'Адрес регистрации': 'г. Иркутск, ул. Ленина, д. 5',
    'Образовательная программа': 'Программа ooo',
    'Класс (группа)': '5А',
    'Дата зачисления': '01.09.2021',
    'Представитель: фамилия': 'Загрузкина',
    'Представитель: имя': 'Мария',
    'Представитель: отчество': 'Петровна',
    'Представитель: дата рождения': dayAfter('1975-01-01', seq % 3000),
    'Представитель: пол': 'Ж',
    'Представитель: кем приходится': 'Мать',
    'Представитель: вид документа': '21',
    'Представитель: серия документа': '2505',
    'Представитель: номер документа': String(seq).padStart(6, '0'),
    ...over,
  };
  return HEADER.map((h) => v[h] ?? '');
}

export const csv = (rows: string[][], header = HEADER) =>
  Buffer.from(`\uFEFF${[header, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8');

/** The text of a cell's comment as exceljs reads it back (a string, or rich text parts). */
export function noteText(note: unknown): string {
  if (typeof note === 'string') return note;
  const texts = (note as { texts?: { text: string }[] } | undefined)?.texts;
  return texts ? texts.map((t) => t.text).join('') : '';
}
