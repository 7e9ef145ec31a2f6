/** Form values of a person (strings, rows of the repeated parts) and their conversion to API bodies. */
import { RUSSIA } from '../../../../common/person-dictionary.ts';
import type {
  AddressKind,
  PersonCard,
  PersonInput,
  Sex,
  UpdatePersonBody,
} from '../../../api/person-types.ts';

export type DocumentRow = {
  key: string;
  id?: string;
  type: string;
  series: string;
  number: string;
  issuedOn: string;
  issuer: string;
  issuerCode: string;
  actRecordNumber: string;
  validUntil: string;
};
export type AddressRow = {
  key: string;
  kind: string;
  text: string;
  garGuid: string;
  oktmo: string;
  validFrom: string;
  validTo: string;
};
export type ContactRow = { key: string; kind: string; value: string; note: string };
export type HardshipRow = { key: string; category: string; startedOn: string; endedOn: string; note: string };

export type Lists = {
  documents: DocumentRow;
  addresses: AddressRow;
  contacts: ContactRow;
  hardships: HardshipRow;
};
export type ListName = keyof Lists;
export const LIST_NAMES: ListName[] = ['documents', 'addresses', 'contacts', 'hardships'];

export const SCALAR_FIELDS = [
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'birthPlace',
  'sex',
  'snils',
] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

export type PersonValues = Record<ScalarField, string> & {
  citizenship: string[];
  stateless: boolean;
  documents: DocumentRow[];
  addresses: AddressRow[];
  contacts: ContactRow[];
  hardships: HardshipRow[];
};

let seq = 0;
const key = () => `row-${++seq}`;

export const EMPTY_ROWS: { [K in ListName]: () => Lists[K] } = {
  documents: () => ({
    key: key(),
    type: '',
    series: '',
    number: '',
    issuedOn: '',
    issuer: '',
    issuerCode: '',
    actRecordNumber: '',
    validUntil: '',
  }),
  addresses: () => ({
    key: key(),
    kind: 'registration',
    text: '',
    garGuid: '',
    oktmo: '',
    validFrom: '',
    validTo: '',
  }),
  contacts: () => ({ key: key(), kind: 'phone', value: '', note: '' }),
  hardships: () => ({ key: key(), category: '', startedOn: '', endedOn: '', note: '' }),
};

export function emptyPersonValues(): PersonValues {
  return {
    lastName: '',
    firstName: '',
    middleName: '',
    birthDate: '',
    birthPlace: '',
    sex: '',
    snils: '',
    citizenship: [RUSSIA],
    stateless: false,
    documents: [],
    addresses: [],
    contacts: [],
    hardships: [],
  };
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Copies the row's fields from an API object, nulls to empty strings. */
function row<T extends { key: string }>(empty: T, source: object): T {
  const result = { ...empty } as Record<string, unknown>;
  for (const k of Object.keys(empty)) if (k !== 'key') result[k] = s((source as Record<string, unknown>)[k]);
  return result as T;
}

export function cardToValues(card: PersonCard): PersonValues {
  return {
    lastName: card.lastName,
    firstName: card.firstName,
    middleName: s(card.middleName),
    birthDate: card.birthDate,
    birthPlace: s(card.birthPlace),
    sex: card.sex,
    snils: s(card.snils),
    citizenship: [...card.citizenship.codes],
    stateless: card.citizenship.stateless,
    documents: card.documents.map((d) => ({ ...row(EMPTY_ROWS.documents(), d), id: d.id })),
    addresses: card.addresses.map((a) => row(EMPTY_ROWS.addresses(), a)),
    contacts: card.contacts.map((c) => row(EMPTY_ROWS.contacts(), c)),
    hardships: card.hardships.map((h) => row(EMPTY_ROWS.hardships(), h)),
  };
}

/** An API object of the row's non-empty fields (trimmed), without the React key. */
function compact(r: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'key' || typeof v !== 'string') continue;
    const t = v.trim();
    if (t) out[k] = t;
  }
  return out;
}

/** A document as entered, without its stored id (which only marks «keep unchanged»). */
function documentOf(d: DocumentRow): Row<'documents'> {
  const { id, ...fields } = compact(d);
  return fields as unknown as Row<'documents'>;
}

/** A row of one of the input's lists. */
type Row<K extends 'documents' | 'addresses' | 'contacts' | 'hardships'> = NonNullable<
  PersonInput[K]
>[number];

export function valuesToInput(v: PersonValues): PersonInput {
  const opt = (f: ScalarField) => v[f].trim() || undefined;
  return {
    lastName: v.lastName.trim(),
    firstName: v.firstName.trim(),
    middleName: opt('middleName'),
    birthDate: v.birthDate,
    birthPlace: opt('birthPlace'),
    sex: v.sex as Sex,
    citizenship: { codes: v.stateless ? [] : v.citizenship, stateless: v.stateless },
    snils: opt('snils'),
    // Rows left completely empty are ignored rather than reported.
    documents: v.documents.filter((d) => d.type || d.number.trim()).map(documentOf),
    addresses: v.addresses
      .filter((a) => a.text.trim())
      .map((a) => ({ ...compact(a), kind: a.kind as AddressKind }) as Row<'addresses'>),
    contacts: v.contacts.filter((c) => c.value.trim()).map((c) => compact(c) as unknown as Row<'contacts'>),
    hardships: v.hardships
      .filter((h) => h.category || h.startedOn)
      .map((h) => compact(h) as unknown as Row<'hardships'>),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * PATCH body: changed fields only. A stored document is immutable: an unchanged one is sent with its
 * id (kept), an edited one without it (the old one is invalidated, the edited one added).
 */
export function patchBody(card: PersonCard, initial: PersonValues, values: PersonValues): UpdatePersonBody {
  const before = valuesToInput(initial) as Record<string, unknown>;
  const after = valuesToInput(values) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const f of SCALAR_FIELDS) {
    if (before[f] !== after[f]) body[f] = after[f] ?? null;
  }
  if (!same(before.citizenship, after.citizenship)) body.citizenship = after.citizenship;
  for (const list of ['addresses', 'contacts', 'hardships'] as const) {
    if (!same(before[list], after[list])) body[list] = after[list];
  }
  const stored = new Map(initial.documents.filter((d) => d.id).map((d) => [d.id, documentOf(d)]));
  const documents = values.documents
    .filter((d) => d.type || d.number.trim())
    .map((d) => {
      const doc = documentOf(d);
      return d.id && same(stored.get(d.id), doc) ? { ...doc, id: d.id } : doc;
    });
  const keptAll = documents.length === stored.size && documents.every((d) => d.id);
  if (!keptAll) body.documents = documents;
  if (Object.keys(body).length === 0) return { version: card.version };
  return { ...body, version: card.version } as UpdatePersonBody;
}

/** Fields the server would refuse as missing, caught before sending. */
export function requiredErrors(v: PersonValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const need = 'Обязательное поле';
  for (const f of ['lastName', 'firstName', 'birthDate', 'sex'] as const) if (!v[f].trim()) errors[f] = need;
  if (!v.stateless && v.citizenship.length === 0)
    errors.citizenship = 'Укажите гражданство или отметьте «лицо без гражданства»';
  v.documents.forEach((d, i) => {
    if (!d.type && !d.number.trim()) return;
    if (!d.type) errors[`documents.${i}.type`] = 'Выберите вид документа';
    if (!d.number.trim()) errors[`documents.${i}.number`] = need;
  });
  v.hardships.forEach((h, i) => {
    if (!h.category && !h.startedOn) return;
    if (!h.category) errors[`hardships.${i}.category`] = 'Выберите категорию';
    if (!h.startedOn) errors[`hardships.${i}.startedOn`] = need;
  });
  v.addresses.forEach((a, i) => {
    if (!a.text.trim() && (a.garGuid.trim() || a.oktmo.trim() || a.validFrom || a.validTo))
      errors[`addresses.${i}.text`] = need;
  });
  v.contacts.forEach((c, i) => {
    if (!c.value.trim() && c.note.trim()) errors[`contacts.${i}.value`] = need;
  });
  return errors;
}
