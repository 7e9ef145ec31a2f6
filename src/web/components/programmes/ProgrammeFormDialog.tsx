import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ADDITIONAL_KIND_TITLES,
  OKSO_SPO,
  PROGRAMME_FOCUS_TITLES,
  PROGRAMME_LEVEL_TITLES,
  PROGRAMME_LEVELS_BY_ORGANIZATION,
  SPO_TYPE_TITLES,
} from '../../../common/education-dictionary.ts';
import type { ProgrammeOption } from '../../api/education.ts';
import { call, client, path } from '../../api/http.ts';
import { FormAlerts } from '../FormAlerts.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { notifySuccess } from '../notify.tsx';
import { titleOptions, useServerErrors } from '../useServerErrors.ts';

type Props = {
  organizationId: string;
  organizationKind: string;
  programme: ProgrammeOption | null;
  onClose: () => void;
  onSaved: () => void;
};

const OKSO_OPTIONS = [...OKSO_SPO].map(([code, name]) => ({ value: code, label: `${code} ${name}` }));

type Values = {
  name: string;
  level: string;
  focus: string;
  additionalKind: string;
  spoType: string;
  oksoCode: string;
  qualification: string;
  baseGrade: string;
  durationMonths: string;
  adapted: boolean;
  distance: boolean;
};

const valuesOf = (p: ProgrammeOption | null, level: string): Values => ({
  name: p?.name ?? '',
  level: p?.level ?? level,
  focus: p?.focus ?? '',
  additionalKind: p?.additionalKind ?? '',
  spoType: p?.spoType ?? '',
  oksoCode: p?.oksoCode ?? '',
  qualification: p?.qualification ?? '',
  baseGrade: p?.baseGrade ? String(p.baseGrade) : '',
  durationMonths: p ? String(p.durationMonths) : '',
  adapted: p?.adapted ?? false,
  distance: p?.distance ?? false,
});

/** The body: the level's own fields, empty ones as null, numbers as numbers when they are numbers. */
function bodyOf(v: Values) {
  const nul = (x: string) => (x.trim() === '' ? null : x.trim());
  const num = (x: string) => (/^\d+$/.test(x.trim()) ? Number(x.trim()) : nul(x));
  return {
    name: v.name.trim(),
    level: v.level,
    focus: v.level === 'additional' ? nul(v.focus) : null,
    additionalKind: v.level === 'additional' ? nul(v.additionalKind) : null,
    spoType: v.level === 'spo' ? nul(v.spoType) : null,
    oksoCode: v.level === 'spo' ? nul(v.oksoCode) : null,
    qualification: v.level === 'spo' ? nul(v.qualification) : null,
    baseGrade: v.level === 'spo' ? num(v.baseGrade) : null,
    adapted: v.adapted,
    distance: v.distance,
    durationMonths: num(v.durationMonths),
  };
}

/** A programme of the organization: level, and what the level needs (ДО направленность, СПО ОКСО). */
export function ProgrammeFormDialog({
  organizationId,
  organizationKind,
  programme,
  onClose,
  onSaved,
}: Props) {
  const levels = PROGRAMME_LEVELS_BY_ORGANIZATION[organizationKind] ?? ['noo'];
  // A school's first programme is usually НОО, not the preschool one it may also run.
  const main = levels.find((l) => l !== 'preschool' && l !== 'additional') ?? levels[0]!;
  const [v, setV] = useState<Values>(() => valuesOf(programme, main));
  const { errors, general, conflict, clear, apply } = useServerErrors(() => Object.keys(v));
  const set = (patch: Partial<Values>) => {
    setV((x) => ({ ...x, ...patch }));
    clear(patch);
  };
  const save = useMutation({
    mutationFn: () => {
      // A typed text that is not a number is sent as it is, for the server to name the field.
      const body = bodyOf(v) as never;
      return programme
        ? call(
            client.PATCH('/api/v1/programmes/{id}', {
              ...path({ id: programme.id }),
              body: { ...(body as object), version: programme.version } as never,
            }),
          )
        : call(
            client.POST('/api/v1/organizations/{id}/programmes', { ...path({ id: organizationId }), body }),
          );
    },
    onSuccess: (p) => {
      notifySuccess(programme ? 'Изменения сохранены' : `Программа «${p.name}» добавлена`);
      onSaved();
      onClose();
    },
    onError: apply,
  });
  const text = (k: keyof Values, label: string, required = false, description?: string) => (
    <TextInput
      label={label}
      required={required}
      description={description}
      value={v[k] as string}
      onChange={(e) => set({ [k]: e.currentTarget.value })}
      error={errors[k]}
    />
  );
  const select = (
    k: keyof Values,
    label: string,
    data: { value: string; label: string }[],
    required = false,
  ) => (
    <LabeledSelect
      label={label}
      data={data}
      value={(v[k] as string) || null}
      onChange={(x) => set({ [k]: x ?? '' })}
      error={errors[k]}
      required={required}
      clearable={!required}
      searchable={data.length > 10}
    />
  );
  return (
    <Modal
      opened
      onClose={onClose}
      title={programme ? programme.name : 'Новая образовательная программа'}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <FormAlerts generalErrors={general} conflict={conflict} onReload={onClose} />
        {text('name', 'Наименование', true)}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {select(
            'level',
            'Уровень',
            levels.map((l) => ({ value: l, label: PROGRAMME_LEVEL_TITLES[l] })),
            true,
          )}
          {text('durationMonths', 'Нормативный срок (месяцев)', true)}
          {v.level === 'additional' &&
            select('additionalKind', 'Вид программы', titleOptions(ADDITIONAL_KIND_TITLES), true)}
          {v.level === 'additional' &&
            select('focus', 'Направленность', titleOptions(PROGRAMME_FOCUS_TITLES), true)}
          {v.level === 'spo' && select('spoType', 'Тип программы', titleOptions(SPO_TYPE_TITLES), true)}
          {v.level === 'spo' && select('oksoCode', 'Профессия или специальность (ОКСО)', OKSO_OPTIONS, true)}
          {v.level === 'spo' && text('qualification', 'Квалификация')}
          {v.level === 'spo' &&
            select(
              'baseGrade',
              'Приём на базе',
              [
                { value: '9', label: '9 классов' },
                { value: '11', label: '11 классов' },
              ],
              true,
            )}
        </SimpleGrid>
        <Group gap="lg">
          <Checkbox
            label="Адаптированная программа"
            checked={v.adapted}
            onChange={(e) => set({ adapted: e.currentTarget.checked })}
          />
          <Checkbox
            label="С применением дистанционных технологий"
            checked={v.distance}
            onChange={(e) => set({ distance: e.currentTarget.checked })}
          />
        </Group>
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
