// Row shapes of generated persons: snake_case keys equal to the SQL columns of migrations/0002_persons.sql.
// Array columns (text[]) hold their PostgreSQL literal («{643}»), which COPY takes as is.
import type { Sex } from './names.ts';

/** A PostgreSQL array literal such as `{643}` or `{}`. */
export type PgArrayLiteral = string;

export type PersonRow = {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  birth_place: string | null;
  sex: Sex;
  citizenship_codes: PgArrayLiteral;
  stateless: boolean;
  snils: string | null;
};

export type DocumentRow = {
  id: string;
  person_id: string;
  type: '03' | '23' | '21' | '10' | '12';
  series: string | null;
  number: string;
  issued_on: string;
  issuer: string;
  issuer_code: string | null;
  act_record_number: string | null;
};

export type AddressRow = {
  id: string;
  person_id: string;
  kind: 'registration' | 'actual';
  text: string;
  oktmo: string;
  valid_from: string | null;
};

export type ContactRow = { id: string; person_id: string; kind: 'phone' | 'email'; value: string };

export type HardshipRow = {
  id: string;
  person_id: string;
  category: string;
  started_on: string;
  ended_on: string | null;
};

export type Relation = 'mother' | 'father' | 'guardian' | 'trustee';

export type RepresentationRow = {
  id: string;
  learner_id: string;
  representative_id: string;
  relation: Relation;
  authority_document: string | null;
  valid_from: string | null;
};

export type EnrollmentRow = { id: string; person_id: string; organization_id: string; started_on: string };

export type HealthRow = {
  person_id: string;
  health_group: number;
  pe_group: 'main' | 'preparatory' | 'special_a' | 'special_b' | 'exempt';
  needs_adapted_program: boolean;
  long_term_treatment: 'home_schooling' | null;
};

export type DisabilityRow = {
  id: string;
  person_id: string;
  category: 'child' | 'adult';
  disability_group: number | null;
  valid_from: string;
  valid_until: string | null;
  cause: string;
  ipra_number: string;
  ipra_date: string;
};

export type SpecialNeedsRow = {
  id: string;
  person_id: string;
  pmpk_date: string;
  pmpk_number: string;
  recommended_program: string;
  valid_until: string | null;
};

export type ConsentRow = {
  id: string;
  subject_id: string;
  representative_id: string | null;
  purpose: 'health_data';
  scope: PgArrayLiteral;
  given_on: string;
  document: string;
};

/** Rows of one chunk, by table, in an order that satisfies the foreign keys. */
export type PersonTables = {
  persons: PersonRow[];
  person_documents: DocumentRow[];
  person_addresses: AddressRow[];
  person_contacts: ContactRow[];
  person_hardships: HardshipRow[];
  representations: RepresentationRow[];
  enrollments: EnrollmentRow[];
  person_health: HealthRow[];
  person_disabilities: DisabilityRow[];
  person_special_needs: SpecialNeedsRow[];
  consents: ConsentRow[];
};

export type PersonTable = keyof PersonTables;

export const PERSON_TABLES = [
  'persons',
  'person_documents',
  'person_addresses',
  'person_contacts',
  'person_hardships',
  'representations',
  'enrollments',
  'person_health',
  'person_disabilities',
  'person_special_needs',
  'consents',
] as const satisfies readonly PersonTable[];

/** How a planted duplicate differs from its original. */
export const DUPLICATE_KINDS = [
  'last_name_typo',
  'first_name_typo',
  'yo_e',
  'swapped_names',
  'latin',
] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** Ground truth: the duplicate is a second record of the original's child. */
export type PlantedPair = { originalId: string; duplicateId: string; kind: DuplicateKind };

/** Hard negatives: twins share surname, patronymic and birth date, and are different people. */
export type TwinPair = { firstId: string; secondId: string };

/** A family whose parent is given (a demo citizen), with children placed in given organizations. */
export type LinkedFamily = {
  parent: { lastName: string; firstName: string; middleName: string; sex: Sex; snils: string };
  children: { organizationId: string }[];
  /** Give the first child a health record and a health consent signed by the parent (default true). */
  healthConsent?: boolean;
};

export type LinkedFamilyIds = { parentId: string; childIds: string[] };

/** Counts and ground truth of generated persons: of one chunk, or summed over a run. */
export type PersonsTruth = {
  /** Learners, planted duplicates not counted. */
  learners: number;
  duplicates: number;
  representatives: number;
  planted: PlantedPair[];
  twins: TwinPair[];
  linked: LinkedFamilyIds[];
};

export const emptyTruth = (): PersonsTruth => ({
  learners: 0,
  duplicates: 0,
  representatives: 0,
  planted: [],
  twins: [],
  linked: [],
});

export type PersonChunk = PersonsTruth & { tables: PersonTables };

export type PersonsOptions = {
  learners: number;
  seed: string | number;
  /** Reference date (default the region's DEFAULT_AS_OF). */
  asOf?: string;
  /** Share of learners that get a planted near-duplicate record (default 0.005). */
  duplicateShare?: number;
  /** Share of families with twins (default 0.003). */
  twinShare?: number;
  /** Learners per yielded chunk (default 20 000). The output does not depend on it. */
  chunkSize?: number;
  /** СНИЛС the generator must not issue (demo citizens). Linked parents' СНИЛС are reserved as well. */
  reservedSnils?: readonly string[];
  linkedFamilies?: readonly LinkedFamily[];
};
