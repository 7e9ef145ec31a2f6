import { mobilePhone } from './addresses.ts';
import { SnilsIssuer } from './documents.ts';
import { namePicker, type Sex } from './names.ts';
import { createRandom, dayNumber, isoFromDay, type Random } from './random.ts';

/**
 * The columns the generated file fills, by their template titles (a school's own export names the same).
 * The rest of the template's columns are optional and left out, as a real export leaves them.
 */
export const CONTINGENT_FILE_HEADER = [
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
  'Дата выдачи документа',
  'Адрес регистрации',
  'Класс (группа)',
  'Дата зачисления',
  'Представитель: фамилия',
  'Представитель: имя',
  'Представитель: отчество',
  'Представитель: дата рождения',
  'Представитель: пол',
  'Представитель: кем приходится',
  'Представитель: документ о полномочиях',
  'Представитель: вид документа',
  'Представитель: серия документа',
  'Представитель: номер документа',
  'Представитель: телефон',
] as const;

type Column = (typeof CONTINGENT_FILE_HEADER)[number];

/** A bad row planted on purpose: the column whose cell is wrong, and what is wrong with it. */
export type PlantedBadRow = { index: number; column: Column; kind: string };

/**
 * The faults an organization's export really has, each in the column the import must name. Each
 * breaks one cell of an otherwise valid row.
 */
const FAULTS: {
  kind: string;
  column: Column;
  change: (v: Record<Column, string>) => Partial<Record<Column, string>>;
}[] = [
  {
    kind: 'СНИЛС с неверной контрольной суммой',
    column: 'СНИЛС',
    change: (v) => ({
      СНИЛС: `${v.СНИЛС.slice(0, -2)}${String((Number(v.СНИЛС.slice(-2)) + 1) % 100).padStart(2, '0')}`,
    }),
  },
  {
    kind: 'дата рождения 31 февраля',
    column: 'Дата рождения',
    change: () => ({ 'Дата рождения': '31.02.2015' }),
  },
  {
    kind: 'неизвестный код ОКСМ',
    column: 'Гражданство (код ОКСМ)',
    change: () => ({ 'Гражданство (код ОКСМ)': '999' }),
  },
  {
    kind: 'серия свидетельства без римских цифр',
    column: 'Серия документа',
    change: () => ({ 'Серия документа': 'ЖЖ' }),
  },
  { kind: 'пустая фамилия', column: 'Фамилия', change: () => ({ Фамилия: '' }) },
  {
    kind: 'класс, которого нет в организации',
    column: 'Класс (группа)',
    change: () => ({ 'Класс (группа)': '12Я' }),
  },
  { kind: 'пол не «М»/«Ж»', column: 'Пол', change: () => ({ Пол: 'X' }) },
  {
    kind: 'дата зачисления раньше рождения',
    column: 'Дата зачисления',
    change: () => ({ 'Дата зачисления': '01.09.2000' }),
  },
  {
    kind: 'опекун без документа о полномочиях',
    column: 'Представитель: документ о полномочиях',
    change: () => ({
      'Представитель: кем приходится': 'Опекун',
      'Представитель: документ о полномочиях': '',
    }),
  },
  {
    kind: 'дата рождения представителя не дата',
    column: 'Представитель: дата рождения',
    change: () => ({ 'Представитель: дата рождения': 'вчера' }),
  },
];

export type ContingentFileOptions = {
  rows: number;
  seed: string | number;
  /** Class names the organization has, e.g. ['1А', '1Б', …]; a row's class follows the learner's age. */
  units: { name: string; grade: number }[];
  /** The start of the current school year (1 September): learners joined then or in an earlier year. */
  startedOn: string;
  /** The share of planted bad rows (default 1 %). */
  badShare?: number;
  /** СНИЛС the file must not use (the region's, or an earlier file's). */
  reservedSnils?: Iterable<string>;
  /** Makes the documents' numbers differ from another file's of the same seed. */
  documentOffset?: number;
};

const ru = (iso: string) => iso.split('-').reverse().join('.');
// Birth certificate series of civil registry offices outside the generated region's list (documents.ts):
// the file's learners never collide with the region's documents.
export const CERT_SERIES = ['I-ЖД', 'II-ЮГ', 'III-ЛЕ', 'IV-ВН'] as const;

/**
 * An organization's contingent export: learners with a birth certificate, СНИЛС and registration
 * address, each with a class by age and a parent with a passport and phone, and a share of planted bad
 * rows, each with one fault the import must reject with the right column. Deterministic by seed.
 */
export function contingentFile(o: ContingentFileOptions) {
  const rng = createRandom(`contingent-file/${o.seed}`);
  const names = namePicker();
  const snils = new SnilsIssuer(rng.fork('snils'), o.reservedSnils ?? []);
  const badShare = o.badShare ?? 0.01;
  const startYear = Number(o.startedOn.slice(0, 4));
  const byGrade = new Map<number, string[]>();
  for (const u of o.units) byGrade.set(u.grade, [...(byGrade.get(u.grade) ?? []), u.name]);
  const grades = [...byGrade.keys()];
  const offset = o.documentOffset ?? 0;
  const rows: string[][] = [];
  const planted: PlantedBadRow[] = [];
  for (let i = 0; i < o.rows; i++) {
    const v = learnerRow(rng, names, snils, i + offset, {
      grade: rng.pick(grades),
      byGrade,
      startYear,
    });
    if (rng.chance(badShare)) {
      const fault = FAULTS[planted.length % FAULTS.length]!;
      Object.assign(v, fault.change(v));
      planted.push({ index: i, column: fault.column, kind: fault.kind });
    }
    rows.push(CONTINGENT_FILE_HEADER.map((h) => v[h]));
  }
  return { header: [...CONTINGENT_FILE_HEADER], rows, planted };
}

function learnerRow(
  rng: Random,
  names: ReturnType<typeof namePicker>,
  snils: SnilsIssuer,
  n: number,
  at: { grade: number; byGrade: Map<number, string[]>; startYear: number },
): Record<Column, string> {
  const sex: Sex = rng.chance(0.51) ? 'male' : 'female';
  const family = names.surname(rng);
  const child = names.person(rng, sex, 'child', family);
  // A first-grader is 6½–8 on 1 September; each grade adds a year.
  const birthYear = at.startYear - 7 - (at.grade - 1);
  const birth = isoFromDay(dayNumber(`${birthYear}-01-01`) + rng.int(-180, 364 - 90));
  const issued = isoFromDay(dayNumber(birth) + rng.int(5, 40));
  const motherSex = rng.chance(0.85);
  const parent = names.person(rng, motherSex ? 'female' : 'male', 'adult', family);
  const parentBirth = isoFromDay(dayNumber(birth) - rng.int(20 * 365, 40 * 365));
  return {
    'Идентификатор в системе ОО': `EXP-${String(n).padStart(7, '0')}`,
    Фамилия: child.lastName,
    Имя: child.firstName,
    Отчество: child.middleName,
    'Дата рождения': ru(birth),
    Пол: sex === 'male' ? 'М' : 'Ж',
    СНИЛС: snils.next(),
    'Гражданство (код ОКСМ)': '643',
    'Вид документа': '03',
    'Серия документа': CERT_SERIES[n % CERT_SERIES.length]!,
    'Номер документа': String(Math.floor(n / CERT_SERIES.length)).padStart(6, '0'),
    'Дата выдачи документа': ru(issued),
    'Адрес регистрации': `г. Иркутск, ул. ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}, кв. ${rng.int(1, 200)}`,
    'Класс (группа)': rng.pick(at.byGrade.get(at.grade)!),
    // Joined this school in some grade up to this one, on 1 September of that year.
    'Дата зачисления': ru(`${at.startYear - rng.int(0, at.grade - 1)}-09-01`),
    'Представитель: фамилия': parent.lastName,
    'Представитель: имя': parent.firstName,
    'Представитель: отчество': parent.middleName,
    'Представитель: дата рождения': ru(parentBirth),
    'Представитель: пол': motherSex ? 'Ж' : 'М',
    'Представитель: кем приходится': motherSex ? 'Мать' : 'Отец',
    'Представитель: документ о полномочиях': '',
    'Представитель: вид документа': '21',
    // Passports issued outside the region (ОКАТО 26…): never one of the generated region's.
    'Представитель: серия документа': `26${String(10 + (n % 15)).padStart(2, '0')}`,
    'Представитель: номер документа': String(Math.floor(n / 15)).padStart(6, '0'),
    'Представитель: телефон': mobilePhone(rng),
  };
}

const STREETS = ['Ленина', 'Карла Маркса', 'Байкальская', 'Лермонтова', 'Советская', 'Партизанская'];

/** The file as a school's system exports it: UTF-8 with a byte order mark, «;» between cells. */
export const contingentCsv = (f: { header: string[]; rows: string[][] }) =>
  Buffer.from(`\uFEFF${[f.header, ...f.rows].map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8');
