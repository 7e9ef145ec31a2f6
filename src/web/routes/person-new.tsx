import { Alert, Breadcrumbs, Button, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { createPersonSchema } from '../../common/schemas/person.ts';
import { createAccessRequest } from '../api/access-requests.ts';
import type { DuplicateCandidate, DuplicateResolution, InScopeCandidate } from '../api/person-types.ts';
import { useCreatePerson, useEnrollPerson } from '../api/persons.ts';
import { today } from '../components/format.ts';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { DuplicateDialog } from '../components/person/form/DuplicateDialog.tsx';
import {
  ENROLLMENT_KEYS,
  EnrollmentSection,
  type EnrollmentValues,
} from '../components/person/form/EnrollmentSection.tsx';
import { FormAlerts, PersonFields, revealFirstError } from '../components/person/form/PersonFields.tsx';
import { emptyPersonValues, requiredErrors, valuesToInput } from '../components/person/form/person-values.ts';
import { usePersonForm } from '../components/person/form/usePersonForm.ts';
import {
  differentFrom,
  duplicateCandidatesOf,
  existingPersonOf,
  matchTokenOf,
} from '../components/person/person-problems.ts';
import { enrollmentOptional, ownOrganization } from '../components/person/scope.ts';
import { SCHEMA_REFUSAL } from '../components/schema-errors.ts';
import { useSession } from '../components/session.ts';

export function PersonNewPage() {
  const session = useSession();
  const navigate = useNavigate();
  const create = useCreatePerson();
  const enroll = useEnrollPerson();
  const own = ownOrganization(session);
  const optional = enrollmentOptional(session);
  const form = usePersonForm(emptyPersonValues(), ENROLLMENT_KEYS);
  const [enrollment, setEnrollment] = useState<EnrollmentValues>({
    organizationId: own?.value ?? '',
    startedOn: today(),
  });
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const [existingId, setExistingId] = useState<string | null>(null);
  const [matchToken, setMatchToken] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const topRef = useRef<HTMLDivElement>(null);

  const openCard = (id: string) => navigate({ to: '/persons/$id', params: { id } });

  const bodyOf = (duplicateResolution?: DuplicateResolution) => ({
    ...valuesToInput(form.values),
    ...(enrollment.organizationId ? { enrollment } : {}),
    ...(duplicateResolution ? { duplicateResolution } : {}),
  });

  const send = async (duplicateResolution?: DuplicateResolution) => {
    const body = bodyOf(duplicateResolution);
    const card = await create.mutateAsync(body);
    notifySuccess('Запись создана');
    setCandidates(null);
    await openCard(card.id);
  };

  const onError = (err: unknown) => {
    const found = duplicateCandidatesOf(err);
    if (found) {
      setCandidates(found);
      return;
    }
    setCandidates(null);
    setExistingId(existingPersonOf(err));
    setMatchToken(matchTokenOf(err));
    form.applyServerError(err);
    notifyError(err, 'Не удалось сохранить запись');
    revealFirstError(topRef.current);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = requiredErrors(form.values);
    if (!optional && !enrollment.organizationId) missing['enrollment.organizationId'] = 'Укажите организацию';
    if (enrollment.organizationId && !enrollment.startedOn)
      missing['enrollment.startedOn'] = 'Обязательное поле';
    if (Object.keys(missing).length > 0) {
      form.setErrors(missing);
      notifications.show({ color: 'orange', message: 'Заполните обязательные поля' });
      revealFirstError(topRef.current);
      return;
    }
    if (!form.check(createPersonSchema, bodyOf())) {
      notifyError(SCHEMA_REFUSAL, 'Не удалось сохранить запись');
      revealFirstError(topRef.current);
      return;
    }
    setSaving(true);
    setExistingId(null);
    setMatchToken(null);
    try {
      await send();
    } catch (err) {
      onError(err);
    } finally {
      setSaving(false);
    }
  };

  /** «Это он(а)»: enrol the existing record instead of creating a second one. */
  const takeExisting = async (c: InScopeCandidate) => {
    // Already a learner of the chosen (own) organization: nothing to enrol, just open the record.
    const alreadyThere =
      c.inScope && !!own && own.value === enrollment.organizationId && c.organization === own.label;
    try {
      if (enrollment.organizationId && !alreadyThere) {
        const r = await enroll.mutateAsync({ personId: c.id, ...enrollment });
        notifySuccess('Существующая запись зачислена в организацию');
        await openCard(r.personId);
      } else {
        await openCard(c.id);
      }
    } catch (err) {
      notifyError(err, 'Не удалось зачислить существующую запись');
    }
  };

  const different = async (reason: string) => {
    try {
      await send(differentFrom(candidates ?? [], reason));
    } catch (err) {
      onError(err);
    }
  };

  /** A match outside our scope: the organization holding the record decides on enrolling it here. */
  const requestAccess = async (token: string) => {
    if (!enrollment.organizationId || !enrollment.startedOn) {
      notifications.show({ color: 'orange', message: 'Укажите организацию и дату зачисления' });
      return;
    }
    try {
      await createAccessRequest({ kind: 'enroll', matchToken: token, ...enrollment });
      notifySuccess('Запрос доступа направлен. Решение появится в разделе «Запросы доступа»');
      setCandidates(null);
      setMatchToken(null);
    } catch (err) {
      notifyError(err, 'Не удалось направить запрос');
    }
  };

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/persons">Обучающиеся и законные представители</AnchorLink>
        <span>Новая запись</span>
      </Breadcrumbs>
      <Title order={1} size="h2" mb="md">
        Новый обучающийся
      </Title>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md" ref={topRef} style={{ scrollMarginTop: 70 }}>
          <FormAlerts form={form} />
          {existingId && (
            <Alert color="orange" title="Такой человек уже есть в реестре" data-testid="existing-person">
              Используйте существующую запись вместо создания новой.
              <Group mt="sm" gap="xs">
                <ButtonLink size="xs" variant="white" to="/persons/$id" params={{ id: existingId }}>
                  Открыть существующую запись
                </ButtonLink>
                {enrollment.organizationId && (
                  <Button
                    size="xs"
                    variant="white"
                    onClick={() => void takeExisting({ id: existingId } as InScopeCandidate)}
                  >
                    Зачислить существующую запись в организацию
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          {matchToken && (
            <Alert color="orange" title="Такой человек уже есть в реестре" data-testid="match-out-of-scope">
              Человек с этим СНИЛС или документом обучается вне вашей области доступа. Направьте запрос
              доступа организации, в которой он обучается, или обратитесь в муниципальный орган управления
              образованием.
              <Group mt="sm">
                <Button size="xs" variant="white" onClick={() => void requestAccess(matchToken)}>
                  Направить запрос
                </Button>
              </Group>
            </Alert>
          )}
          <EnrollmentSection
            value={enrollment}
            onChange={(next, changed) => {
              setEnrollment(next);
              form.clearError(`enrollment.${changed}`);
            }}
            errors={form.errors}
            initialOption={own}
            required={!optional}
          />
          <PersonFields form={form} />
          <Group>
            <Button type="submit" loading={saving}>
              Сохранить
            </Button>
            <Button variant="default" onClick={() => void navigate({ to: '/persons' })} disabled={saving}>
              Отмена
            </Button>
          </Group>
        </Stack>
      </form>
      <DuplicateDialog
        candidates={candidates}
        onClose={() => setCandidates(null)}
        onSame={takeExisting}
        onDifferent={different}
        onRequest={requestAccess}
      />
    </>
  );
}
