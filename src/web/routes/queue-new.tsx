import { Breadcrumbs, Button, Checkbox, Fieldset, Group, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { personQuery } from '../api/persons.ts';
import { useFileApplication } from '../api/queue.ts';
import { bind, type Values } from '../components/cabinet/NewChildFields.tsx';
import { FormAlerts, revealFirstError } from '../components/FormAlerts.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { notifySuccess } from '../components/notify.tsx';
import {
  APPLICATION_FIELD_PATHS,
  groupNeeds,
  opt,
  RightFields,
  rightClaim,
  WishesFields,
} from '../components/queue/ApplicationFields.tsx';
import { FilingKindergartens } from '../components/queue/FilingKindergartens.tsx';
import { currentRepresentatives, FilingPersons, homeAddress } from '../components/queue/FilingPersons.tsx';
import { useOwnMunicipality } from '../components/queue/own-municipality.ts';
import type { PickerOption } from '../components/SearchPicker.tsx';
import { TerritorySelect } from '../components/TerritorySelect.tsx';
import { useServerErrors } from '../components/useServerErrors.ts';

/**
 * How many kindergartens an application may rank. The region configures it (QUEUE_MAX_PREFERENCES, 5 by
 * default) and the server checks it; the operator's API does not report it, so the form offers the default.
 */
const MAX_PREFERENCES = 5;

/** What must be filled before the server is asked; the server checks the rest on the fields. */
function missing(v: Values, ranks: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v.childId) out.childId = 'Выберите ребёнка';
  else if (!v.applicantId) out.applicantId = 'Выберите заявителя';
  if (!v.municipalityId) out.municipalityId = 'Выберите муниципалитет';
  if (!v.desiredOn) out.desiredOn = 'Укажите желаемую дату приёма';
  if (v.municipalityId && !ranks.some(Boolean)) out['preferences.0'] = 'Укажите хотя бы один детский сад';
  return out;
}

/** «Новое заявление»: the municipality's operator registers a preschool application for a child it sees. */
export function QueueNewPage() {
  const navigate = useNavigate();
  const own = useOwnMunicipality();
  const [values, setValues] = useState<Values>({
    childId: '',
    applicantId: '',
    groupFocus: 'general',
    stayMode: 'full',
    language: 'русский',
  });
  const [child, setChild] = useState<PickerOption | null>(null);
  const [ranks, setRanks] = useState<string[]>(['']);
  const [local, setLocal] = useState<Record<string, string>>({});
  const root = useRef<HTMLDivElement>(null);
  const file = useFileApplication();
  const server = useServerErrors(() => [
    ...Object.keys(values),
    ...APPLICATION_FIELD_PATHS,
    'childId',
    'applicantId',
    'municipalityId',
    'language',
    'preferences',
    ...ranks.map((_, i) => `preferences.${i}`),
  ]);
  // The user's own municipality until another is chosen.
  const municipalityId = values.municipalityId ?? own?.id ?? '';
  const v: Values = { ...values, municipalityId };
  const card = useQuery({ ...personQuery(v.childId ?? ''), enabled: !!v.childId });
  const childCard = v.childId ? card.data : undefined;
  const reps = currentRepresentatives(childCard);
  // A child with one representative: that one applies, unless the operator picks another.
  const applicantId = v.applicantId || (reps.length === 1 ? reps[0]!.person.id : '');
  const errors = { ...server.errors, ...local };

  const set = (key: string, value: string) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    server.clear({ [key]: true });
    setLocal((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key)));
  };
  const fields = { values: v, errors, set };
  const changeRanks = (next: string[]) => {
    setRanks(next);
    server.clear({
      preferences: true,
      ...Object.fromEntries(next.map((_, i) => [`preferences.${i}`, true])),
    });
    setLocal((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('preferences'))));
  };

  const submit = async () => {
    const all: Values = { ...v, applicantId };
    const lacking = missing(all, ranks);
    setLocal(lacking);
    if (Object.keys(lacking).length) return revealFirstError(root.current);
    try {
      const a = await file.mutateAsync({
        municipalityId,
        childId: all.childId!,
        applicantId,
        desiredOn: all.desiredOn!,
        preferences: ranks.filter(Boolean),
        ...groupNeeds(all),
        language: opt(all.language) ?? 'русский',
        acceptsAlternatives: all.acceptsAlternatives === 'true',
        ...rightClaim(all),
      });
      notifySuccess(`Заявление № ${a.number} зарегистрировано`);
      await navigate({ to: '/queue/$id', params: { id: a.id } });
    } catch (e) {
      server.apply(e);
      revealFirstError(root.current);
    }
  };

  return (
    <Stack gap="md" ref={root} maw={960}>
      <div>
        <Breadcrumbs mb="xs" fz="sm">
          <AnchorLink to="/queue">Очередь в детские сады</AnchorLink>
          <span>Новое заявление</span>
        </Breadcrumbs>
        <Title order={1} size="h2">
          Новое заявление
        </Title>
      </div>
      <FormAlerts generalErrors={server.general} />
      <Fieldset legend="Ребёнок и заявитель">
        <FilingPersons
          childId={v.childId ?? ''}
          applicantId={applicantId}
          initialChild={child}
          onChild={(id, option) => {
            setChild(option);
            set('childId', id);
            set('applicantId', '');
          }}
          onApplicant={(id) => set('applicantId', id)}
          card={childCard}
          cardFailed={card.isError}
          errors={errors}
        />
      </Fieldset>
      <Fieldset legend="Детские сады">
        <Stack gap="sm">
          <TerritorySelect
            label="Муниципалитет"
            kinds={['municipality']}
            required
            value={municipalityId || null}
            onChange={(id) => {
              set('municipalityId', id ?? '');
              changeRanks(['']);
            }}
            error={errors.municipalityId}
          />
          <FilingKindergartens
            municipalityId={municipalityId || null}
            oktmo={homeAddress(childCard)?.oktmo ?? null}
            hasChild={!!childCard}
            max={MAX_PREFERENCES}
            ranks={ranks}
            onChange={changeRanks}
            errors={errors}
          />
          <Checkbox
            label="Если в выбранных детских садах нет мест, родитель готов рассмотреть другие"
            checked={v.acceptsAlternatives === 'true'}
            onChange={(e) => set('acceptsAlternatives', String(e.currentTarget.checked))}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="Пожелания">
        <WishesFields
          {...fields}
          afterStayMode={<TextInput label="Язык обучения" {...bind(fields, 'language')} />}
        />
      </Fieldset>
      <Fieldset legend="Льгота">
        <RightFields {...fields} withValidity />
      </Fieldset>
      <Group justify="flex-end" gap="xs">
        <ButtonLink to="/queue" variant="default">
          Отмена
        </ButtonLink>
        <Button onClick={submit} loading={file.isPending}>
          Зарегистрировать заявление
        </Button>
      </Group>
    </Stack>
  );
}
