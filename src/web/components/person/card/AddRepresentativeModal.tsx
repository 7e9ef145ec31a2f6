import { Alert, Button, Group, Modal, SegmentedControl, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import {
  RELATION_TITLES,
  RELATIONS_NEEDING_AUTHORITY,
  type Relation,
} from '../../../../common/person-dictionary.ts';
import { personInputSchema } from '../../../../common/schemas/person.ts';
import { createAccessRequest } from '../../../api/access-requests.ts';
import { isApiError } from '../../../api/http.ts';
import type {
  DuplicateCandidate,
  DuplicateResolution,
  LinkRepresentativeBody,
} from '../../../api/person-types.ts';
import { useLinkRepresentative } from '../../../api/persons.ts';
import { LabeledSelect } from '../../LabeledSelect.tsx';
import { toOptions } from '../../labels.ts';
import { notifyError, notifySuccess } from '../../notify.tsx';
import { DuplicateDialog } from '../form/DuplicateDialog.tsx';
import { DateField } from '../form/fields.tsx';
import { FormAlerts, PersonFields, revealFirstError } from '../form/PersonFields.tsx';
import { emptyPersonValues, requiredErrors, valuesToInput } from '../form/person-values.ts';
import { usePersonForm } from '../form/usePersonForm.ts';
import { PersonPicker } from '../PersonPicker.tsx';
import { differentFrom, duplicateCandidatesOf, existingPersonOf, matchTokenOf } from '../person-problems.ts';

type Props = { learnerId: string; opened: boolean; onClose: () => void };

export function AddRepresentativeModal({ learnerId, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Добавить представителя" size="80rem">
      {opened && <AddRepresentativeForm learnerId={learnerId} onClose={onClose} />}
    </Modal>
  );
}

const LINK_FIELDS = ['relation', 'representativeId', 'authorityDocument', 'validFrom', 'validTo'];

function AddRepresentativeForm({ learnerId, onClose }: { learnerId: string; onClose: () => void }) {
  const link = useLinkRepresentative(learnerId);
  const person = usePersonForm(emptyPersonValues());
  const [mode, setMode] = useState<'existing' | 'new'>('new');
  const [relation, setRelation] = useState<Relation | ''>('');
  const [representativeId, setRepresentativeId] = useState<string | null>(null);
  const [authority, setAuthority] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const [existingId, setExistingId] = useState<string | null>(null);
  const [matchToken, setMatchToken] = useState<string | null>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const needsAuthority = !!relation && RELATIONS_NEEDING_AUTHORITY.includes(relation);

  const baseBody = (): Omit<LinkRepresentativeBody, 'representativeId' | 'representative'> => ({
    relation: relation as Relation,
    ...(needsAuthority && authority.trim() ? { authorityDocument: authority.trim() } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
  });

  const send = async (body: LinkRepresentativeBody) => {
    await link.mutateAsync(body);
    notifySuccess('Представитель добавлен');
    onClose();
  };

  const onError = (err: unknown) => {
    const found = duplicateCandidatesOf(err);
    if (found) return setCandidates(found);
    setCandidates(null);
    setExistingId(existingPersonOf(err));
    setMatchToken(matchTokenOf(err));
    const own: Record<string, string> = {};
    if (isApiError(err)) {
      for (const [k, m] of Object.entries(err.fieldErrors())) if (LINK_FIELDS.includes(k)) own[k] = m;
    }
    setErrors(own);
    person.applyServerError(err, 'representative.');
    notifyError(err, 'Не удалось добавить представителя');
    revealFirstError(topRef.current);
  };

  const submit = async (extra: Partial<LinkRepresentativeBody> = {}) => {
    try {
      await send({
        ...baseBody(),
        ...(mode === 'existing'
          ? { representativeId: representativeId ?? undefined }
          : { representative: valuesToInput(person.values) }),
        ...extra,
      });
    } catch (err) {
      onError(err);
    }
  };

  const linkExisting = (id: string) => send({ ...baseBody(), representativeId: id }).catch(onError);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!relation) missing.relation = 'Выберите степень родства';
    if (needsAuthority && !authority.trim()) missing.authorityDocument = 'Обязательное поле';
    if (mode === 'existing' && !representativeId) missing.representativeId = 'Выберите человека';
    const personMissing = mode === 'new' ? requiredErrors(person.values) : {};
    setErrors(missing);
    person.setErrors(personMissing);
    if (Object.keys(missing).length || Object.keys(personMissing).length)
      return revealFirstError(topRef.current);
    if (mode === 'new' && !person.check(personInputSchema, valuesToInput(person.values)))
      return revealFirstError(topRef.current);
    setExistingId(null);
    setMatchToken(null);
    await submit();
  };

  const resolve = (resolution: DuplicateResolution) => submit({ duplicateResolution: resolution });

  /** The person is known outside our scope: the organization holding the record decides on the link. */
  const requestAccess = async (token: string) => {
    try {
      await createAccessRequest({
        kind: 'link_representative',
        matchToken: token,
        learnerId,
        ...baseBody(),
      });
      notifySuccess('Запрос доступа направлен. Решение появится в разделе «Запросы доступа»');
      onClose();
    } catch (err) {
      notifyError(err, 'Не удалось направить запрос');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" ref={topRef}>
        <FormAlerts form={person} />
        {existingId && (
          <Alert color="orange" title="Такой человек уже есть в реестре" data-testid="existing-person">
            Человек с этим СНИЛС или документом уже зарегистрирован. Свяжите обучающегося с существующей
            записью.
            <Group mt="sm">
              <Button
                size="xs"
                variant="white"
                loading={link.isPending}
                onClick={() => void linkExisting(existingId)}
              >
                Связать с существующей записью
              </Button>
            </Group>
          </Alert>
        )}
        {matchToken && (
          <Alert color="orange" title="Такой человек уже есть в реестре" data-testid="match-out-of-scope">
            Человек с этим СНИЛС или документом зарегистрирован вне вашей области доступа. Направьте запрос
            доступа организации, которая ведет его запись, или обратитесь в муниципальный орган управления
            образованием.
            <Group mt="sm">
              <Button size="xs" variant="white" onClick={() => void requestAccess(matchToken)}>
                Направить запрос
              </Button>
            </Group>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 4 }} spacing="sm">
          <LabeledSelect
            label="Степень родства"
            required
            data={toOptions(RELATION_TITLES)}
            value={relation || null}
            onChange={(v) => setRelation((v ?? '') as Relation | '')}
            error={errors.relation}
          />
          {needsAuthority && (
            <TextInput
              label="Документ, подтверждающий полномочия"
              description="Например, распоряжение органа опеки № и дата"
              required
              value={authority}
              onChange={(e) => setAuthority(e.currentTarget.value)}
              error={errors.authorityDocument}
            />
          )}
          <DateField
            label="Полномочия с"
            value={validFrom}
            onChange={setValidFrom}
            error={errors.validFrom}
          />
          <DateField label="Полномочия по" value={validTo} onChange={setValidTo} error={errors.validTo} />
        </SimpleGrid>
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'existing' | 'new')}
          data={[
            { value: 'new', label: 'Новый человек' },
            { value: 'existing', label: 'Найти в реестре' },
          ]}
          w="fit-content"
        />
        {mode === 'existing' ? (
          <PersonPicker
            label="Представитель"
            value={representativeId}
            onChange={setRepresentativeId}
            excludeId={learnerId}
            error={errors.representativeId}
          />
        ) : (
          <PersonFields form={person} learner={false} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={link.isPending}>
            Отмена
          </Button>
          <Button type="submit" loading={link.isPending}>
            Добавить
          </Button>
        </Group>
      </Stack>
      <DuplicateDialog
        candidates={candidates}
        onClose={() => setCandidates(null)}
        sameLabel="Это он(а), связать"
        onSame={(c) => linkExisting(c.id)}
        onDifferent={(reason) => resolve(differentFrom(candidates ?? [], reason))}
        onRequest={requestAccess}
      />
    </form>
  );
}
