import type { z } from 'zod';
import {
  DOCUMENT_TYPE_TITLES,
  DOCUMENT_TYPES,
  type DocumentType,
  RELATION_TITLES,
  RELATIONS,
  type Relation,
  RUSSIA,
} from '../../../common/person-dictionary.ts';
import {
  type LearnerRepresentativeInput,
  type PersonInput,
  personInputSchema,
} from '../../../common/schemas/person.ts';
import { isoDate } from '../../../common/schemas/primitives.ts';
import { IMPORT_COLUMNS, type ImportColumn, type RowValues } from './import-columns.ts';

/** A reason a row is not written, pinned to the column whose cell caused it. */
export type CellError = { column: ImportColumn; message: string };

type Representative = Omit<
  Extract<LearnerRepresentativeInput, { kind: 'new' }>,
  'kind' | 'duplicateResolution'
>;

/** A row whose every value passed the same checks as the API's. */
export type ParsedRow = {
  sourceId: string | null;
  learner: PersonInput;
  representative: Representative | null;
  programme: string | null;
  unit: string;
  startedOn: string;
};

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const key = (s: string) => collapse(s).toLowerCase().replace(/ё/g, 'е');

/** ДД.ММ.ГГГГ, ГГГГ-ММ-ДД, or an Excel day number in a cell not formatted as a date. */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  let iso: string | null = null;
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (ru) iso = `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
  else if (/^\d{5}$/.test(s))
    iso = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10);
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

function parseSex(raw: string): 'male' | 'female' | null {
  const k = key(raw);
  if (['м', 'муж', 'мужской', 'male', 'm'].includes(k)) return 'male';
  if (['ж', 'жен', 'женский', 'female', 'f'].includes(k)) return 'female';
  return null;
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

function parseDocumentType(raw: string): DocumentType | null {
  const code = raw.replace(/\s/g, '');
  if (/^\d{1,2}$/.test(code)) {
    const padded = code.padStart(2, '0');
    return (DOCUMENT_TYPES as readonly string[]).includes(padded) ? (padded as DocumentType) : null;
  }
  const k = key(raw);
  const byTitle = (Object.entries(DOCUMENT_TYPE_TITLES) as [DocumentType, string][]).find(
    ([, t]) => key(t) === k,
  );
  return byTitle?.[0] ?? DOC_WORDS.find(([re]) => re.test(k))?.[1] ?? null;
}

function parseRelation(raw: string): Relation | null {
  const k = key(raw);
  return (
    RELATIONS.find((r) => key(RELATION_TITLES[r]) === k) ??
    (k === 'мама' ? 'mother' : k === 'папа' ? 'father' : null)
  );
}

function parseCitizenship(raw: string): { codes: string[]; stateless: boolean } {
  const k = key(raw);
  if (!k) return { codes: [RUSSIA], stateless: false };
  if (k.includes('без гражданства') || k === 'лбг') return { codes: [], stateless: true };
  return { codes: k.split(/[,;\s]+/).filter(Boolean), stateless: false };
}

const orUndefined = (s: string) => (collapse(s) === '' ? undefined : collapse(s));

/** Where a problem of the person schema points, in the file's columns. */
function columnOf(path: PropertyKey[], rep: boolean): ImportColumn {
  const [head, , sub] = path;
  const learner: Record<string, ImportColumn> = {
    lastName: 'lastName',
    firstName: 'firstName',
    middleName: 'middleName',
    birthDate: 'birthDate',
    sex: 'sex',
    snils: 'snils',
    citizenship: 'citizenship',
  };
  const representative: Record<string, ImportColumn> = {
    lastName: 'repLastName',
    firstName: 'repFirstName',
    middleName: 'repMiddleName',
    birthDate: 'repBirthDate',
    sex: 'repSex',
    snils: 'repSnils',
    citizenship: 'repLastName',
    contacts: 'repPhone',
  };
  if (head === 'documents') {
    const bySub: Record<string, [ImportColumn, ImportColumn]> = {
      type: ['documentType', 'repDocumentType'],
      series: ['documentSeries', 'repDocumentSeries'],
      issuedOn: ['documentIssuedOn', 'documentIssuedOn'],
    };
    const pair = bySub[String(sub)] ?? ['documentNumber', 'repDocumentNumber'];
    return rep ? pair[1] : pair[0];
  }
  if (head === 'addresses') return path[1] === 1 ? 'actualAddress' : 'registrationAddress';
  return (rep ? representative : learner)[String(head)] ?? (rep ? 'repLastName' : 'lastName');
}

function issues(error: z.ZodError, rep: boolean): CellError[] {
  return error.issues.map((i) => {
    const column = columnOf(i.path, rep);
    // zod's own messages for a missing value are English: the file's words say it in Russian.
    const message = i.code === 'invalid_type' ? 'Не заполнено' : i.message;
    return { column, message };
  });
}

type DateField = 'birthDate' | 'documentIssuedOn' | 'startedOn' | 'repBirthDate';

/**
 * Checks a row with the same schema the API checks a new person with (names, dates, СНИЛС checksum,
 * ОКСМ codes, document formats), and the enrollment's columns; every problem names its column.
 */
export function parseRow(v: RowValues): { ok: ParsedRow } | { errors: CellError[] } {
  const errors: CellError[] = [];
  const date = (c: DateField, required: boolean) => {
    if (!v[c].trim()) {
      if (required) errors.push({ column: c, message: 'Не заполнено' });
      return undefined;
    }
    const d = parseDate(v[c]);
    if (!d)
      errors.push({ column: c, message: `«${v[c].trim().slice(0, 30)}» — не дата: ожидается ДД.ММ.ГГГГ` });
    return d ?? undefined;
  };
  const sex = (c: 'sex' | 'repSex') => {
    const s = parseSex(v[c]);
    if (!s) errors.push({ column: c, message: v[c].trim() ? 'Пол: «М» или «Ж»' : 'Не заполнено' });
    return s ?? 'male';
  };
  const documents = (t: ImportColumn, s: ImportColumn, n: ImportColumn, issued?: string) => {
    if (!v[t].trim() && !v[n].trim()) return [];
    const type = parseDocumentType(v[t]);
    if (!type) {
      errors.push({
        column: t,
        message: v[t].trim() ? `Неизвестный вид документа «${collapse(v[t]).slice(0, 60)}»` : 'Не заполнено',
      });
      return [];
    }
    return [
      {
        type,
        series: orUndefined(v[s]),
        number: v[n].replace(/\s/g, ''),
        ...(issued ? { issuedOn: issued } : {}),
      },
    ];
  };

  const birthDate = date('birthDate', true);
  const issuedOn = date('documentIssuedOn', false);
  const startedOn = date('startedOn', true);
  const learnerSex = sex('sex');
  const learnerDocs = documents('documentType', 'documentSeries', 'documentNumber', issuedOn);
  if (!v.documentType.trim() && !v.documentNumber.trim() && !v.snils.trim())
    errors.push({
      column: 'documentNumber',
      message: 'Укажите документ, удостоверяющий личность, или СНИЛС',
    });
  const addresses = [
    ...(orUndefined(v.registrationAddress)
      ? [{ kind: 'registration' as const, text: collapse(v.registrationAddress) }]
      : []),
    ...(orUndefined(v.actualAddress) ? [{ kind: 'actual' as const, text: collapse(v.actualAddress) }] : []),
  ];
  const learnerInput = {
    lastName: collapse(v.lastName),
    firstName: collapse(v.firstName),
    middleName: orUndefined(v.middleName),
    birthDate: birthDate ?? '2000-01-01',
    sex: learnerSex,
    citizenship: parseCitizenship(v.citizenship),
    snils: orUndefined(v.snils),
    documents: learnerDocs,
    addresses,
  };
  const learner = personInputSchema.safeParse(learnerInput);
  if (!learner.success)
    errors.push(...issues(learner.error, false).filter((e) => e.column !== 'birthDate' || birthDate));

  let representative: Representative | null = null;
  if (collapse(v.repLastName)) {
    const repBirth = date('repBirthDate', true);
    const repSex = sex('repSex');
    const relation = parseRelation(v.repRelation);
    if (!relation)
      errors.push({
        column: 'repRelation',
        message: v.repRelation.trim()
          ? `Неизвестная степень родства «${collapse(v.repRelation).slice(0, 40)}»`
          : 'Не заполнено',
      });
    const phone = orUndefined(v.repPhone);
    const rep = personInputSchema.safeParse({
      lastName: collapse(v.repLastName),
      firstName: collapse(v.repFirstName),
      middleName: orUndefined(v.repMiddleName),
      birthDate: repBirth ?? '1980-01-01',
      sex: repSex,
      citizenship: { codes: [RUSSIA], stateless: false },
      snils: orUndefined(v.repSnils),
      documents: documents('repDocumentType', 'repDocumentSeries', 'repDocumentNumber'),
      contacts: phone ? [{ kind: 'phone', value: phone }] : [],
    });
    if (!rep.success)
      errors.push(...issues(rep.error, true).filter((e) => e.column !== 'repBirthDate' || repBirth));
    const authority = orUndefined(v.repAuthorityDocument);
    if (relation && relation !== 'mother' && relation !== 'father' && !authority)
      errors.push({
        column: 'repAuthorityDocument',
        message: 'Укажите документ, подтверждающий полномочия законного представителя',
      });
    if (rep.success && relation) representative = { ...rep.data, relation, authorityDocument: authority };
  }

  const unit = collapse(v.unit);
  if (!unit) errors.push({ column: 'unit', message: 'Не заполнено' });
  if (startedOn && !isoDate().safeParse(startedOn).success)
    errors.push({ column: 'startedOn', message: 'Дата вне допустимого диапазона' });
  if (startedOn && birthDate && startedOn <= birthDate)
    errors.push({ column: 'startedOn', message: 'Дата зачисления раньше даты рождения' });
  const sourceId = orUndefined(v.sourceId) ?? null;
  if (sourceId && sourceId.length > 100)
    errors.push({ column: 'sourceId', message: 'Идентификатор длиннее 100 символов' });

  if (errors.length > 0 || !learner.success) return { errors: dedupe(errors) };
  return {
    ok: {
      sourceId,
      learner: learner.data,
      representative,
      programme: orUndefined(v.programme) ?? null,
      unit,
      startedOn: startedOn!,
    },
  };
}

function dedupe(errors: CellError[]): CellError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.column}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const columnTitle = (c: ImportColumn) => IMPORT_COLUMNS[c].title;
