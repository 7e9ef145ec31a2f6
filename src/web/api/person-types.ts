/** Types of the persons API (/api/v1/persons and the modules around it), as the web client sees them. */
import type { DocumentType, Relation } from '../../common/person-dictionary.ts';

export type Sex = 'male' | 'female';
export type PersonAction = 'update' | 'health' | 'consent' | 'merge' | 'destroy';

export type PersonListItem = {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string;
  sex: Sex;
  age: number;
  organization: string | null;
  roles: ('learner' | 'representative')[];
  score: number;
};

export type PersonDocument = {
  id?: string;
  type: DocumentType;
  series?: string | null;
  number: string;
  issuedOn?: string | null;
  issuer?: string | null;
  issuerCode?: string | null;
  actRecordNumber?: string | null;
  validUntil?: string | null;
};

export type AddressKind = 'registration' | 'stay' | 'actual';
export type PersonAddress = {
  kind: AddressKind;
  text: string;
  garGuid?: string | null;
  oktmo?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
};

export type PersonContact = { kind: 'phone' | 'email'; value: string; note?: string | null };
export type PersonHardship = {
  category: string;
  startedOn: string;
  endedOn?: string | null;
  note?: string | null;
};

export type LinkedPerson = {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string;
  snils: string | null;
};

export type RepresentationLink = {
  linkId: string;
  relation: Relation;
  authorityDocument?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  person: LinkedPerson;
};

export type Enrollment = {
  id: string;
  organizationId: string;
  organizationName: string;
  startedOn: string;
  endedOn: string | null;
};

export type Citizenship = { codes: string[]; stateless: boolean };

/**
 * A near-duplicate. Within the caller's scope the record itself; outside it only a match token
 * (to send an access request or to say it is another person), never who it is.
 */
export type DuplicateCandidate =
  | {
      inScope: true;
      id: string;
      score: number;
      displayName: string;
      birthDate: string;
      organization: string | null;
    }
  | { inScope: false; matchToken: string };
export type InScopeCandidate = Extract<DuplicateCandidate, { inScope: true }>;

export type PersonCard = {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string;
  birthPlace: string | null;
  sex: Sex;
  citizenship: Citizenship;
  snils: string | null;
  status: string;
  mergedIntoId: string | null;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  documents: PersonDocument[];
  addresses: PersonAddress[];
  contacts: PersonContact[];
  hardships: PersonHardship[];
  representatives: RepresentationLink[];
  represents: RepresentationLink[];
  enrollments: Enrollment[];
  resolvedFrom?: string;
  /** 'archival': a former organization after the grace period sees identity and its own enrollments only. */
  access?: 'full' | 'archival';
  allowedActions?: PersonAction[];
  candidates?: DuplicateCandidate[];
};

/** Person fields of POST /persons and of a new representative. */
export type PersonInput = {
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate: string;
  birthPlace?: string;
  sex: Sex;
  citizenship: Citizenship;
  snils?: string;
  documents: PersonDocument[];
  addresses: PersonAddress[];
  contacts: PersonContact[];
  hardships: PersonHardship[];
};

export type DuplicateResolution = { candidateIds: string[]; matchTokens?: string[]; reason: string };

export type CreatePersonBody = PersonInput & {
  enrollment?: { organizationId: string; startedOn: string };
  duplicateResolution?: DuplicateResolution;
};

export type UpdatePersonBody = { version: number } & Partial<{
  [K in keyof PersonInput]: PersonInput[K] | null;
}>;

export type LinkRepresentativeBody = {
  relation: Relation;
  representativeId?: string;
  representative?: PersonInput;
  authorityDocument?: string;
  validFrom?: string;
  validTo?: string;
  duplicateResolution?: DuplicateResolution;
};

export type PersonVersionEntry = {
  version: number;
  action: string;
  at: string;
  actor: { id: string; fullName: string } | null;
  changes: { field: string; before: unknown; after: unknown }[];
};

export type PersonSnapshot = { version: number; at: string; snapshot: Record<string, unknown> };
