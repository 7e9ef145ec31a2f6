import { Breadcrumbs, Button, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { createPersonSchema } from '../../common/schemas/person.ts';
import { createAccessRequest } from '../api/access-requests.ts';
import type {
  DuplicateCandidate,
  DuplicateResolution,
  InScopeCandidate,
  LearnerRepresentative,
} from '../api/person-types.ts';
import { linkRepresentativeTo, useCreatePerson, useEnrollPerson } from '../api/persons.ts';
import { today } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { CoreSection } from '../components/person/form/CoreSection.tsx';
import { DocumentsSection } from '../components/person/form/DocumentsSection.tsx';
import { DuplicateDialog } from '../components/person/form/DuplicateDialog.tsx';
import {
  ENROLLMENT_KEYS,
  EnrollmentSection,
  type EnrollmentValues,
} from '../components/person/form/EnrollmentSection.tsx';
import {
  type Found,
  LearnerFoundAlert,
  RepresentativeFoundAlert,
} from '../components/person/form/ExistingPersonAlert.tsx';
import {
  AddressesSection,
  ContactsSection,
  HardshipsSection,
} from '../components/person/form/ListSections.tsx';
import { FormAlerts, revealFirstError } from '../components/person/form/PersonFields.tsx';
import {
  newLearnerValues,
  presetDocumentType,
  requiredErrors,
  valuesToInput,
} from '../components/person/form/person-values.ts';
import { RepresentativeSection } from '../components/person/form/RepresentativeSection.tsx';
import { usePersonForm } from '../components/person/form/usePersonForm.ts';
import { useRepresentativeForm } from '../components/person/form/useRepresentativeForm.ts';
import {
  aboutRepresentative,
  differentFrom,
  duplicateCandidatesOf,
  existingPersonOf,
  matchTokenOf,
} from '../components/person/person-problems.ts';
import { enrollmentOptional, ownOrganization } from '../components/person/scope.ts';
import { SCHEMA_REFUSAL } from '../components/schema-errors.ts';
import { useSession } from '../components/session.ts';

type Dialog = { about: 'learner' | 'representative'; candidates: DuplicateCandidate[] };
/** What a retry changes: the clerk's answer about the learner's look-alikes, or the representative. */
type Overrides = { learnerResolution?: DuplicateResolution; representative?: LearnerRepresentative | null };

/**
 * A new learner with the enrollment in the clerk's organization and the parent, saved in one request.
 * Defaults: the clerk's own organization and today, citizenship РФ, a birth certificate (a passport from
 * 14), the sex a patronymic or the relation «мать/отец» states. The first field has the focus; Enter saves.
 */
export function PersonNewPage() {
  const session = useSession();
  const navigate = useNavigate();
  const create = useCreatePerson();
  const enroll = useEnrollPerson();
  const own = ownOrganization(session);
  const optional = enrollmentOptional(session);
  const form = usePersonForm(newLearnerValues(), ENROLLMENT_KEYS);
  const rep = useRepresentativeForm();
  const [enrollment, setEnrollment] = useState<EnrollmentValues>({
    organizationId: own?.value ?? '',
    startedOn: today(),
  });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [learnerFound, setLearnerFound] = useState<Found | null>(null);
  const [repFound, setRepFound] = useState<Found | null>(null);
  const [learnerResolution, setLearnerResolution] = useState<DuplicateResolution>();
  const [repResolution, setRepResolution] = useState<DuplicateResolution>();
  const [saving, setSaving] = useState(false);
  const topRef = useRef<HTMLDivElement>(null);
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => firstField.current?.focus(), []);
  const birthDate = form.values.birthDate;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the birth date only
  useEffect(() => form.presetDocumentType(presetDocumentType(birthDate, today())), [birthDate]);

  const openCard = (id: string) => navigate({ to: '/persons/$id', params: { id } });

  const bodyOf = (o: Overrides = {}) => {
    const resolution = o.learnerResolution ?? learnerResolution;
    const representative = o.representative === undefined ? rep.body(repResolution) : o.representative;
    return {
      ...valuesToInput(form.values),
      ...(enrollment.organizationId ? { enrollment } : {}),
      ...(resolution ? { duplicateResolution: resolution } : {}),
      ...(representative ? { representative } : {}),
    };
  };

  const onError = (err: unknown) => {
    const about = aboutRepresentative(err) ? 'representative' : 'learner';
    const found = duplicateCandidatesOf(err);
    if (found) return setDialog({ about, candidates: found });
    setDialog(null);
    const id = existingPersonOf(err);
    const token = matchTokenOf(err);
    if (id || token) (about === 'learner' ? setLearnerFound : setRepFound)({ id, token });
    form.applyServerError(err, '', 'representative.');
    rep.person.applyServerError(err, 'representative.');
    notifyError(err, 'Не удалось сохранить запись');
    revealFirstError(topRef.current);
  };

  const save = async (o: Overrides = {}) => {
    setSaving(true);
    setLearnerFound(null);
    setRepFound(null);
    try {
      const card = await create.mutateAsync(bodyOf(o));
      notifySuccess(
        card.representatives.length > 0 ? 'Обучающийся и представитель сохранены' : 'Запись создана',
      );
      setDialog(null);
      await openCard(card.id);
    } catch (err) {
      onError(err);
    } finally {
      setSaving(false);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = requiredErrors(form.values);
    if (!optional && !enrollment.organizationId) missing['enrollment.organizationId'] = 'Укажите организацию';
    if (enrollment.organizationId && !enrollment.startedOn)
      missing['enrollment.startedOn'] = 'Обязательное поле';
    const repMissing = rep.missing();
    if (Object.keys(missing).length + Object.keys(repMissing).length > 0) {
      form.setErrors(missing);
      rep.person.setErrors(repMissing);
      notifications.show({ color: 'orange', message: 'Заполните обязательные поля' });
      revealFirstError(topRef.current);
      return;
    }
    const body = bodyOf();
    const learnerOk = form.check(createPersonSchema, body, '', 'representative.');
    const repOk = rep.person.check(createPersonSchema, body, 'representative.');
    if (!learnerOk || !repOk) {
      notifyError(SCHEMA_REFUSAL, 'Не удалось сохранить запись');
      revealFirstError(topRef.current);
      return;
    }
    await save();
  };

  /** «Это он(а)» about the learner: enrol the existing record, and link the parent entered to it. */
  const takeExisting = async (c: Pick<InScopeCandidate, 'id'> & Partial<InScopeCandidate>) => {
    // Already a learner of the chosen (own) organization: nothing to enrol, just open the record.
    const alreadyThere =
      c.inScope && !!own && own.value === enrollment.organizationId && c.organization === own.label;
    try {
      let id = c.id;
      if (enrollment.organizationId && !alreadyThere) {
        id = (await enroll.mutateAsync({ personId: c.id, ...enrollment })).personId;
        notifySuccess('Существующая запись зачислена в организацию');
      }
      const link = rep.linkBody();
      if (link) {
        await linkRepresentativeTo(id, link).catch((err: unknown) =>
          notifyError(err, 'Представитель не добавлен: добавьте его в карточке обучающегося'),
        );
      }
      setDialog(null);
      await openCard(id);
    } catch (err) {
      notifyError(err, 'Не удалось зачислить существующую запись');
    }
  };

  /** A match outside our scope: the organization holding the record decides on enrolling it here. */
  const requestEnrollment = async (token: string) => {
    if (!enrollment.organizationId || !enrollment.startedOn) {
      notifications.show({ color: 'orange', message: 'Укажите организацию и дату зачисления' });
      return;
    }
    try {
      await createAccessRequest({ kind: 'enroll', matchToken: token, ...enrollment });
      notifySuccess('Запрос доступа направлен. Решение появится в разделе «Запросы доступа»');
      setDialog(null);
      setLearnerFound(null);
    } catch (err) {
      notifyError(err, 'Не удалось направить запрос');
    }
  };

  /** The parent is known outside our scope: save the learner, and ask the record's holder for the link. */
  const requestLink = async (token: string) => {
    try {
      const card = await create.mutateAsync(bodyOf({ representative: null }));
      await createAccessRequest({
        kind: 'link_representative',
        matchToken: token,
        learnerId: card.id,
        ...rep.link(),
      });
      notifySuccess(
        'Обучающийся сохранен. Запрос на связь с представителем направлен, решение появится в разделе «Запросы доступа»',
      );
      setDialog(null);
      await openCard(card.id);
    } catch (err) {
      onError(err);
    }
  };

  const takeExistingParent = (id: string, label: string) =>
    save({ representative: rep.chooseExisting({ value: id, label }) });

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
          <FormAlerts form={rep.person} />
          {learnerFound && (
            <LearnerFoundAlert
              found={learnerFound}
              canEnroll={!!enrollment.organizationId}
              onEnroll={(id) => void takeExisting({ id })}
              onRequest={(token) => void requestEnrollment(token)}
            />
          )}
          {repFound && (
            <RepresentativeFoundAlert
              found={repFound}
              onUse={(id) => void takeExistingParent(id, '')}
              onRequest={(token) => void requestLink(token)}
            />
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
          <CoreSection form={form} firstFieldRef={firstField} />
          <DocumentsSection form={form} />
          <RepresentativeSection rep={rep} />
          <AddressesSection form={form} />
          <ContactsSection form={form} />
          <HardshipsSection form={form} />
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
        candidates={dialog?.about === 'learner' ? dialog.candidates : null}
        onClose={() => setDialog(null)}
        onSame={takeExisting}
        onDifferent={async (reason) => {
          const r = differentFrom(dialog?.candidates ?? [], reason);
          setLearnerResolution(r);
          await save({ learnerResolution: r });
        }}
        onRequest={requestEnrollment}
      />
      <DuplicateDialog
        title="Найдены похожие записи: представитель"
        intro="В реестре есть люди с той же датой рождения и похожими ФИО, что у представителя. Если это тот же человек, укажите существующую запись — второй записи об одном человеке быть не должно."
        candidates={dialog?.about === 'representative' ? dialog.candidates : null}
        onClose={() => setDialog(null)}
        onSame={(c) => takeExistingParent(c.id, c.displayName)}
        onDifferent={async (reason) => {
          const r = differentFrom(dialog?.candidates ?? [], reason);
          setRepResolution(r);
          await save({ representative: rep.body(r) ?? null });
        }}
        onRequest={requestLink}
      />
    </>
  );
}
