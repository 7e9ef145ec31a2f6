/**
 * Names for the persons API's answers and bodies as the screens use them, read from the generated
 * OpenAPI types: the card's one definition is the server's personCardSchema (component PersonCard).
 */
import type { ApiBody, ApiResult, Schema } from './http.ts';

export type PersonCard = Schema<'PersonCard'>;
export type PersonAction = NonNullable<PersonCard['allowedActions']>[number];
export type Sex = PersonCard['sex'];
export type PersonDocument = PersonCard['documents'][number];
export type PersonAddress = PersonCard['addresses'][number];
export type AddressKind = PersonAddress['kind'];
export type PersonContact = PersonCard['contacts'][number];
export type PersonHardship = PersonCard['hardships'][number];
export type RepresentationLink = Schema<'RepresentationLink'>;
export type LinkedPerson = RepresentationLink['person'];
export type Enrollment = PersonCard['enrollments'][number];
export type Citizenship = PersonCard['citizenship'];
export type DuplicateCandidate = Schema<'DuplicateCandidate'>;
export type InScopeCandidate = Extract<DuplicateCandidate, { inScope: true }>;

export type PersonListItem = ApiResult<'searchPersons'>['items'][number];
export type PersonVersionEntry = ApiResult<'listPersonVersions'>['items'][number];
export type PersonSnapshot = ApiResult<'getPersonVersion'>;

export type CreatePersonBody = ApiBody<'createPerson'>;
export type UpdatePersonBody = ApiBody<'updatePerson'>;
export type LinkRepresentativeBody = ApiBody<'linkRepresentative'>;
/** Person fields of POST /persons and of a new representative. */
export type PersonInput = NonNullable<LinkRepresentativeBody['representative']>;
export type DuplicateResolution = NonNullable<CreatePersonBody['duplicateResolution']>;
