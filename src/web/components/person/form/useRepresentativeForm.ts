import { useState } from 'react';
import { RELATIONS_NEEDING_AUTHORITY, type Relation } from '../../../../common/person-dictionary.ts';
import type {
  DuplicateResolution,
  LearnerRepresentative,
  LinkRepresentativeBody,
} from '../../../api/person-types.ts';
import type { PickerOption } from '../../SearchPicker.tsx';
import { emptyPersonValues, type PersonValues, requiredErrors, valuesToInput } from './person-values.ts';
import { type Errors, usePersonForm } from './usePersonForm.ts';

/** Keys of the representative's own inputs besides the person fields, as the API names them. */
const LINK_KEYS = ['relation', 'personId', 'authorityDocument', 'kind'];

/** A parent's sex follows from the relation; for guardians and others it stays the clerk's to choose. */
const RELATION_SEX: Partial<Record<Relation, string>> = { mother: 'female', father: 'male' };

/** A new parent as the form starts: citizenship РФ and one phone row, which is all most parents leave. */
function parentValues(): PersonValues {
  return { ...emptyPersonValues(), contacts: [{ key: 'parent-phone', kind: 'phone', value: '', note: '' }] };
}

/** Anything typed about a new parent: then the section is no longer left out. */
function typed(v: PersonValues) {
  return [v.lastName, v.firstName, v.middleName, v.birthDate, v.snils, v.contacts[0]?.value ?? ''].some(
    (x) => x.trim() !== '',
  );
}

/**
 * The «Родитель (законный представитель)» part of the new-learner form: who they are to the learner,
 * and either a person picked from the registry or a new one. Left empty, nothing is sent; errors use
 * the API's keys under `representative.` (`lastName`, `relation`, `contacts.0.value`).
 */
export function useRepresentativeForm() {
  const person = usePersonForm(parentValues(), LINK_KEYS);
  const [mode, setModeState] = useState<'new' | 'existing'>('new');
  const [relation, setRelationState] = useState<Relation | ''>('');
  const [existing, setExisting] = useState<PickerOption | null>(null);
  const [authority, setAuthorityState] = useState('');
  const needsAuthority = !!relation && RELATIONS_NEEDING_AUTHORITY.includes(relation);

  const setRelation = (r: Relation | '') => {
    setRelationState(r);
    person.clearError('relation');
    if (r) person.suggestSex(RELATION_SEX[r] ?? '');
  };
  const setMode = (m: 'new' | 'existing') => {
    setModeState(m);
    person.setErrors({});
  };
  const pick = (option: PickerOption | null) => {
    setExisting(option);
    person.clearError('personId');
  };
  const setAuthority = (value: string) => {
    setAuthorityState(value);
    person.clearError('authorityDocument');
  };

  const entered = () => !!relation || (mode === 'existing' ? !!existing : typed(person.values));

  /** Missing entries, keyed like the server's problems without `representative.`. */
  const missing = (): Errors => {
    if (!entered()) return {};
    const errors: Errors = mode === 'new' ? requiredErrors(person.values) : {};
    if (!relation) errors.relation = 'Выберите, кем приходится представитель';
    if (needsAuthority && !authority.trim()) errors.authorityDocument = 'Обязательное поле';
    if (mode === 'existing' && !existing) errors.personId = 'Выберите человека';
    return errors;
  };

  const link = () => ({
    relation: relation as Relation,
    ...(needsAuthority && authority.trim() ? { authorityDocument: authority.trim() } : {}),
  });

  /** The body's `representative`, or undefined when the section was left empty. */
  const body = (resolution?: DuplicateResolution): LearnerRepresentative | undefined => {
    if (!entered()) return undefined;
    if (mode === 'existing') return { kind: 'existing', personId: existing?.value ?? '', ...link() };
    return {
      kind: 'new',
      ...valuesToInput(person.values),
      ...link(),
      ...(resolution ? { duplicateResolution: resolution } : {}),
    };
  };

  /** The same representative as a link to a learner that already exists (the clerk found the learner). */
  const linkBody = (): LinkRepresentativeBody | undefined => {
    if (!entered()) return undefined;
    return mode === 'existing'
      ? { ...link(), representativeId: existing?.value ?? '' }
      : { ...link(), representative: valuesToInput(person.values) };
  };

  /** The representative is a person already in the registry (chosen in the duplicate dialog). */
  const chooseExisting = (option: PickerOption): LearnerRepresentative => {
    setModeState('existing');
    setExisting(option);
    person.setErrors({});
    return { kind: 'existing', personId: option.value, ...link() };
  };

  return {
    person,
    mode,
    setMode,
    relation,
    setRelation,
    existing,
    pick,
    authority,
    setAuthority,
    needsAuthority,
    entered,
    missing,
    body,
    linkBody,
    chooseExisting,
    link,
  };
}

export type RepresentativeForm = ReturnType<typeof useRepresentativeForm>;
