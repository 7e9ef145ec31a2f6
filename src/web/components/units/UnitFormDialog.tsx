import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  CLASS_TYPE_TITLES,
  FUNDING_TITLES,
  GROUP_FOCUS_TITLES,
  IMPAIRMENT_TYPE_TITLES,
  STAY_MODE_TITLES,
  STUDY_FORM_TITLES,
  UNIT_KIND_TITLES,
  UNIT_KINDS_BY_ORGANIZATION,
} from '../../../common/education-dictionary.ts';
import { programmesQuery, type UnitOption } from '../../api/education.ts';
import { call, client, path } from '../../api/http.ts';
import { FormAlerts } from '../FormAlerts.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { notifySuccess } from '../notify.tsx';
import { titleOptions, useServerErrors } from '../useServerErrors.ts';
import { emptyUnit, KIND_FIELDS, type UnitValues, unitBody, unitValues } from './unit-values.ts';

type Props = {
  organizationId: string;
  organizationKind: string;
  academicYearId: string;
  /** The unit being edited; none for a new one. */
  unit: UnitOption | null;
  onClose: () => void;
  onSaved: () => void;
};

/** «Новый класс (группа)» and its edit: the fields of the unit's kind, server messages on their fields. */
export function UnitFormDialog({
  organizationId,
  organizationKind,
  academicYearId,
  unit,
  onClose,
  onSaved,
}: Props) {
  const kinds = UNIT_KINDS_BY_ORGANIZATION[organizationKind] ?? ['class'];
  const [v, setV] = useState<UnitValues>(() => (unit ? unitValues(unit) : emptyUnit(kinds[0]!)));
  const { errors, general, conflict, clear, apply } = useServerErrors(() => Object.keys(v));
  const programmes = useQuery(programmesQuery(organizationId));
  const has = (k: keyof UnitValues) => KIND_FIELDS[v.kind]?.includes(k) ?? false;
  const set = (patch: Partial<UnitValues>) => {
    setV((x) => ({ ...x, ...patch }));
    clear(patch);
  };
  const save = useMutation({
    mutationFn: () =>
      unit
        ? call(
            client.PATCH('/api/v1/units/{id}', {
              ...path({ id: unit.id }),
              body: { ...unitBody(v), version: unit.version },
            }),
          )
        : call(
            client.POST('/api/v1/organizations/{id}/units', {
              ...path({ id: organizationId }),
              body: { academicYearId, kind: v.kind as 'class', ...unitBody(v) },
            }),
          ),
    onSuccess: (u) => {
      notifySuccess(unit ? `${u.name}: изменения сохранены` : `${UNIT_KIND_TITLES[u.kind]} ${u.name} создан`);
      onSaved();
      onClose();
    },
    onError: apply,
  });
  const text = (
    k: keyof UnitValues,
    label: string,
    extra: { required?: boolean; description?: string } = {},
  ) => (
    <TextInput
      label={label}
      value={v[k]}
      onChange={(e) => set({ [k]: e.currentTarget.value })}
      error={errors[k]}
      {...extra}
    />
  );
  const select = (
    k: keyof UnitValues,
    label: string,
    data: { value: string; label: string }[],
    required = false,
  ) => (
    <LabeledSelect
      label={label}
      data={data}
      value={v[k] || null}
      onChange={(x) => set({ [k]: x ?? '' })}
      error={errors[k]}
      required={required}
      clearable={!required}
    />
  );
  return (
    <Modal
      opened
      onClose={onClose}
      title={unit ? `${UNIT_KIND_TITLES[unit.kind]} ${unit.name}` : 'Новый класс (группа)'}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <FormAlerts generalErrors={general} conflict={conflict} onReload={onClose} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {!unit &&
            kinds.length > 1 &&
            select(
              'kind',
              'Вид',
              kinds.map((k) => ({ value: k, label: UNIT_KIND_TITLES[k] })),
              true,
            )}
          {has('grade') &&
            text('grade', 'Номер класса', {
              required: true,
              description: '0 — «1 дополнительный»',
            })}
          {has('letter') && text('letter', 'Литера')}
          {has('classType') && select('classType', 'Тип класса', titleOptions(CLASS_TYPE_TITLES), true)}
          {has('profileName') &&
            v.classType === 'profile' &&
            text('profileName', 'Профиль', { required: true })}
          {has('shift') &&
            select(
              'shift',
              'Смена',
              ['1', '2', '3'].map((x) => ({ value: x, label: `${x}-я смена` })),
            )}
          {has('teachingLanguage') && text('teachingLanguage', 'Язык обучения')}
          {has('ageFrom') && text('ageFrom', 'Возраст от (лет)', { required: true })}
          {has('ageTo') && text('ageTo', 'Возраст до (лет)', { required: true })}
          {has('groupFocus') &&
            select('groupFocus', 'Направленность', titleOptions(GROUP_FOCUS_TITLES), true)}
          {has('impairmentType') &&
            (v.groupFocus === 'compensating' || v.groupFocus === 'combined') &&
            select('impairmentType', 'Вид нарушения', titleOptions(IMPAIRMENT_TYPE_TITLES), true)}
          {has('stayMode') && select('stayMode', 'Режим пребывания', titleOptions(STAY_MODE_TITLES), true)}
          {has('programmeId') &&
            select(
              'programmeId',
              'Образовательная программа',
              (programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
              v.kind === 'association' || v.kind === 'study_group',
            )}
          {has('course') && text('course', 'Курс', { required: true })}
          {has('studyForm') && select('studyForm', 'Форма обучения', titleOptions(STUDY_FORM_TITLES), true)}
          {has('funding') && select('funding', 'Источник финансирования', titleOptions(FUNDING_TITLES), true)}
          {text(
            'name',
            'Наименование',
            v.kind === 'class' ? { description: 'По умолчанию — номер и литера' } : { required: true },
          )}
          {text('capacity', 'Наполняемость (мест)')}
        </SimpleGrid>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Сохранить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
