/** Flat form values of an organization (keys are the API field paths) and their conversion to the API body. */
import { validateInn, validateKpp, validateOgrn } from '../../../common/identifiers/index.ts';
import type {
  Accreditation,
  Licence,
  Organization,
  OrganizationInput,
  OrganizationKind,
} from '../../api/types.ts';

/** The fields a record of the registry cannot be saved without. */
const REQUIRED_FIELDS = [
  'kind',
  'fullName',
  'shortName',
  'legalForm',
  'inn',
  'kpp',
  'ogrn',
  'territoryId',
] as const;

export const ORG_FORM_FIELDS = [
  ...REQUIRED_FIELDS,
  'parentOrganizationId',
  'capacity',
  'founder.name',
  'founder.inn',
  'legalAddress.text',
  'legalAddress.fiasGuid',
  'legalAddress.oktmo',
  'actualAddress.text',
  'actualAddress.fiasGuid',
  'actualAddress.oktmo',
  'head.fullName',
  'head.position',
  'head.phone',
  'contacts.phone',
  'contacts.email',
  'contacts.website',
  'licence.number',
  'licence.issuedOn',
  'licence.issuer',
  'licence.registryNumber',
  'accreditation.number',
  'accreditation.issuedOn',
  'accreditation.validUntil',
] as const;

export type OrgField = (typeof ORG_FORM_FIELDS)[number];
export type OrgFormValues = Record<OrgField, string>;

export function emptyOrgValues(): OrgFormValues {
  return Object.fromEntries(ORG_FORM_FIELDS.map((f) => [f, ''])) as OrgFormValues;
}

export function orgToValues(org: Organization): OrgFormValues {
  const values = emptyOrgValues();
  const source = org as unknown as Record<string, unknown>;
  for (const field of ORG_FORM_FIELDS) {
    const [head, tail] = field.split('.') as [string, string | undefined];
    const raw = tail ? (source[head] as Record<string, unknown> | null | undefined)?.[tail] : source[head];
    values[field] = raw === null || raw === undefined ? '' : String(raw);
  }
  return values;
}

function group(values: OrgFormValues, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const field of ORG_FORM_FIELDS) {
    if (!field.startsWith(`${prefix}.`)) continue;
    const value = values[field].trim();
    if (value) result[field.slice(prefix.length + 1)] = value;
  }
  return result;
}

const orNull = <T extends object>(o: Record<string, string>) => (Object.keys(o).length ? (o as T) : null);

/** Full API body from the form; empty strings are dropped, empty licence/accreditation become null. */
export function valuesToInput(values: OrgFormValues): OrganizationInput {
  const str = (f: OrgField) => values[f].trim() || undefined;
  const capacity = values.capacity.trim();
  return {
    kind: (str('kind') as OrganizationKind | undefined) ?? undefined,
    fullName: str('fullName'),
    shortName: str('shortName'),
    legalForm: str('legalForm') as OrganizationInput['legalForm'],
    inn: str('inn')?.replace(/\s/g, ''),
    kpp: str('kpp')?.replace(/\s/g, ''),
    ogrn: str('ogrn')?.replace(/\s/g, ''),
    territoryId: str('territoryId'),
    parentOrganizationId: str('parentOrganizationId') ?? null,
    capacity: capacity === '' ? null : Number(capacity),
    founder: group(values, 'founder'),
    legalAddress: group(values, 'legalAddress'),
    actualAddress: group(values, 'actualAddress'),
    head: group(values, 'head'),
    contacts: group(values, 'contacts'),
    licence: orNull<Licence>(group(values, 'licence')),
    accreditation: orNull<Accreditation>(group(values, 'accreditation')),
  };
}

/** Body of POST: only what was filled in. */
export function createBody(values: OrgFormValues): OrganizationInput {
  const input = valuesToInput(values);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object' && Object.keys(value).length === 0) continue;
    body[key] = value;
  }
  return body as OrganizationInput;
}

const formSubfields = (key: string) =>
  new Set(ORG_FORM_FIELDS.filter((f) => f.startsWith(`${key}.`)).map((f) => f.slice(key.length + 1)));

/**
 * Body of PATCH: the top-level fields that differ from the loaded record. Objects are sent whole, keeping
 * the stored keys the form does not show (e.g. founder.territoryId).
 */
export function patchBody(
  org: Organization,
  initial: OrgFormValues,
  values: OrgFormValues,
): OrganizationInput {
  const before = valuesToInput(initial) as Record<string, unknown>;
  const after = valuesToInput(values) as Record<string, unknown>;
  const stored = org as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === 'kind') continue;
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const value = after[key];
    const original = stored[key];
    if (value && typeof value === 'object' && original && typeof original === 'object') {
      const shown = formSubfields(key);
      const hidden = Object.entries(original).filter(
        ([k, v]) => !shown.has(k) && v !== null && v !== undefined,
      );
      body[key] = { ...Object.fromEntries(hidden), ...value };
    } else {
      body[key] = value ?? null;
    }
  }
  return body as OrganizationInput;
}

export function requiredErrors(values: OrgFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of REQUIRED_FIELDS) if (!values[field].trim()) errors[field] = 'Обязательное поле';
  return errors;
}

const EXPECTED_LENGTH: Partial<Record<OrgField, number>> = { inn: 10, kpp: 9, ogrn: 13, 'founder.inn': 10 };

/** Instant hint for ИНН/КПП/ОГРН: the first problem found by the shared validator, or undefined. */
export function identifierHint(field: OrgField, value: string, touched: boolean): string | undefined {
  const v = value.replace(/\s/g, '');
  if (!v) return undefined;
  if (!touched && v.length < (EXPECTED_LENGTH[field] ?? 0)) return undefined;
  const result =
    field === 'inn'
      ? validateInn(v, { length: 10 })
      : field === 'founder.inn'
        ? validateInn(v)
        : field === 'kpp'
          ? validateKpp(v)
          : field === 'ogrn'
            ? validateOgrn(v)
            : null;
  if (!result || result.valid) return undefined;
  return result.problems[0]?.detail ?? 'Неверное значение';
}
