import { AppError } from '../../platform/errors.ts';

/**
 * The columns of the contingent file: the title in the template, other spellings accepted, whether
 * the column must be present, and the explanation the «Справка» sheet gives.
 */
export const IMPORT_COLUMNS = {
  sourceId: {
    title: 'Идентификатор в системе ОО',
    also: ['Идентификатор', 'ID'],
    required: false,
    help: 'Необязательно. Номер обучающегося в вашей системе (личное дело, код). Повторная загрузка строки с тем же идентификатором не создает новую запись.',
  },
  lastName: { title: 'Фамилия', also: [], required: true, help: 'Обязательно. Фамилия обучающегося.' },
  firstName: { title: 'Имя', also: [], required: true, help: 'Обязательно. Имя обучающегося.' },
  middleName: {
    title: 'Отчество',
    also: [],
    required: true,
    help: 'Отчество, если есть (столбец обязателен, ячейка может быть пустой).',
  },
  birthDate: {
    title: 'Дата рождения',
    also: [],
    required: true,
    help: 'Обязательно. ДД.ММ.ГГГГ, не раньше 1900 года и не в будущем.',
  },
  sex: {
    title: 'Пол',
    also: [],
    required: true,
    help: 'Обязательно. «М» или «Ж» (также «мужской», «женский»).',
  },
  snils: {
    title: 'СНИЛС',
    also: [],
    required: false,
    help: 'СНИЛС в виде 123-456-789 01 или 11 цифр; контрольное число проверяется. Если человек с этим СНИЛС уже есть в регионе, строка связывается с ним.',
  },
  citizenship: {
    title: 'Гражданство (код ОКСМ)',
    also: ['Гражданство', 'ОКСМ'],
    required: false,
    help: 'Трехзначный код ОКСМ (643 — Россия); несколько кодов через запятую; «без гражданства» — лицо без гражданства. Пусто — 643.',
  },
  documentType: {
    title: 'Вид документа',
    also: ['Тип документа'],
    required: true,
    help: 'Код ФНС (03 — свидетельство о рождении, 21 — паспорт РФ, 10 — паспорт иностранного гражданина, 12 — вид на жительство…) или название.',
  },
  documentSeries: {
    title: 'Серия документа',
    also: [],
    required: true,
    help: 'Свидетельство о рождении: римские цифры, дефис и две русские буквы (IV-АБ). Паспорт РФ: 4 цифры.',
  },
  documentNumber: {
    title: 'Номер документа',
    also: [],
    required: true,
    help: 'Свидетельство о рождении и паспорт РФ: 6 цифр. Если документ уже есть в регионе, строка связывается с его владельцем.',
  },
  documentIssuedOn: {
    title: 'Дата выдачи документа',
    also: [],
    required: false,
    help: 'ДД.ММ.ГГГГ, не раньше даты рождения.',
  },
  registrationAddress: {
    title: 'Адрес регистрации',
    also: [],
    required: false,
    help: 'Адрес регистрации по месту жительства, текстом.',
  },
  actualAddress: {
    title: 'Адрес проживания',
    also: ['Фактический адрес'],
    required: false,
    help: 'Адрес фактического проживания, текстом.',
  },
  programme: {
    title: 'Образовательная программа',
    also: ['Программа'],
    required: false,
    help: 'Название программы, как она заведена в Контингенте для вашей организации. Пусто — программа класса (группы).',
  },
  unit: {
    title: 'Класс (группа)',
    also: ['Класс', 'Группа'],
    required: true,
    help: 'Обязательно. Название класса или группы, как оно заведено в Контингенте на учебный год даты зачисления (например, 5А).',
  },
  startedOn: {
    title: 'Дата зачисления',
    also: [],
    required: true,
    help: 'Обязательно. ДД.ММ.ГГГГ — дата, с которой обучающийся учится в организации.',
  },
  repLastName: {
    title: 'Представитель: фамилия',
    also: [],
    required: false,
    help: 'Родитель или законный представитель. Если фамилия пуста, остальные столбцы представителя не читаются.',
  },
  repFirstName: {
    title: 'Представитель: имя',
    also: [],
    required: false,
    help: 'Обязательно, если указан представитель.',
  },
  repMiddleName: { title: 'Представитель: отчество', also: [], required: false, help: 'Если есть.' },
  repBirthDate: {
    title: 'Представитель: дата рождения',
    also: [],
    required: false,
    help: 'Обязательно, если указан представитель. ДД.ММ.ГГГГ.',
  },
  repSex: { title: 'Представитель: пол', also: [], required: false, help: '«М» или «Ж».' },
  repSnils: { title: 'Представитель: СНИЛС', also: [], required: false, help: 'Как у обучающегося.' },
  repRelation: {
    title: 'Представитель: кем приходится',
    also: [],
    required: false,
    help: 'Мать, Отец, Опекун, Попечитель, Приемный родитель, Иной законный представитель.',
  },
  repAuthorityDocument: {
    title: 'Представитель: документ о полномочиях',
    also: [],
    required: false,
    help: 'Для опекуна, попечителя, приемного родителя и иного законного представителя — обязательно (например, «Распоряжение № 12 от 01.02.2020»).',
  },
  repDocumentType: {
    title: 'Представитель: вид документа',
    also: [],
    required: false,
    help: 'Как у обучающегося; обычно 21.',
  },
  repDocumentSeries: {
    title: 'Представитель: серия документа',
    also: [],
    required: false,
    help: 'Как у обучающегося.',
  },
  repDocumentNumber: {
    title: 'Представитель: номер документа',
    also: [],
    required: false,
    help: 'Как у обучающегося.',
  },
  repPhone: {
    title: 'Представитель: телефон',
    also: [],
    required: false,
    help: 'Например, +7 900 123-45-67.',
  },
} as const;

export type ImportColumn = keyof typeof IMPORT_COLUMNS;
export const IMPORT_COLUMN_KEYS = Object.keys(IMPORT_COLUMNS) as ImportColumn[];
export type RowValues = Record<ImportColumn, string>;

/** The longest value kept of a cell; a longer one rejects its row. */
export const MAX_CELL = 500;

const headerKey = (s: string) =>
  s.toLowerCase().replace(/ё/g, 'е').replace(/[*№.]/g, '').replace(/\s+/g, ' ').trim();

export const fileProblem = (detail: string, code: string) =>
  new AppError('validation_failed', detail, [{ path: 'body', code, message: detail }]);

/** Which cell holds which column; a file without the required columns is refused whole. */
export function mapColumns(header: string[]): Record<ImportColumn, number | null> {
  const byTitle = new Map<string, ImportColumn>();
  for (const key of IMPORT_COLUMN_KEYS) {
    const c = IMPORT_COLUMNS[key];
    for (const t of [c.title, ...c.also]) byTitle.set(headerKey(t), key);
  }
  const at = Object.fromEntries(IMPORT_COLUMN_KEYS.map((k) => [k, null])) as Record<
    ImportColumn,
    number | null
  >;
  header.forEach((title, i) => {
    const key = byTitle.get(headerKey(title ?? ''));
    if (!key) return;
    if (at[key] !== null) {
      throw fileProblem(
        `Столбец «${IMPORT_COLUMNS[key].title}» встречается в заголовке дважды`,
        'duplicate_column',
      );
    }
    at[key] = i;
  });
  const missing = IMPORT_COLUMN_KEYS.filter((k) => IMPORT_COLUMNS[k].required && at[k] === null).map(
    (k) => `«${IMPORT_COLUMNS[k].title}»`,
  );
  if (missing.length > 0) {
    throw fileProblem(
      `В первой строке файла нет обязательных столбцов: ${missing.join(', ')}. Скачайте шаблон на странице «Загрузка контингента»`,
      'missing_columns',
    );
  }
  return at;
}
