import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError, isConflict } from '../../../api/http.ts';
import { type Health, usePutHealth } from '../../../api/person-extras.ts';
import { ConflictAlert } from '../../FormAlerts.tsx';

// Rows as the server lists them; a row added in the form has no id yet.
type Disability = Omit<Health['disabilities'][number], 'id'> & { id?: string };
type SpecialNeed = Omit<Health['specialNeeds'][number], 'id'> & { id?: string };
type HealthDraft = Omit<Health, 'disabilities' | 'specialNeeds'> & {
  disabilities: Disability[];
  specialNeeds: SpecialNeed[];
};

import { LabeledSelect } from '../../LabeledSelect.tsx';
import { toOptions } from '../../labels.ts';
import { notifyError, notifySuccess } from '../../notify.tsx';
import { DateField, ListSection, RowFrame } from '../form/fields.tsx';
import {
  DISABILITY_CATEGORY_TITLES,
  DISABILITY_GROUP_TITLES,
  HEALTH_GROUP_TITLES,
  LONG_TERM_TREATMENT_TITLES,
  PE_GROUP_TITLES,
} from '../health-labels.ts';

const NEW_DISABILITY: Disability = {
  category: 'child',
  group: null,
  validFrom: '',
  validUntil: null,
  cause: null,
  ipraNumber: null,
  ipraDate: null,
};
const NEW_NEED: SpecialNeed = { pmpkDate: '', pmpkNumber: '', recommendedProgram: null, validUntil: null };
const strip = <T extends { id?: string; key?: string }>({ id, key, ...rest }: T) => rest;
let seq = 0;
/** Rows get a React key of their own: stored ones keep it by id, new ones by a counter. */
const keyed = <T extends { id?: string }>(r: T) => ({ ...r, key: r.id ?? `new-${++seq}` });
const orNull = (v: string) => (v.trim() ? v : null);

type Props = { personId: string; initial: Health; onDone: () => void; onReload: () => void };

/** The whole health record, replaced at once under its version. */
export function HealthForm({ personId, initial, onDone, onReload }: Props) {
  const put = usePutHealth(personId);
  const [h, setH] = useState<HealthDraft>(() => ({
    ...initial,
    disabilities: initial.disabilities.map(keyed),
    specialNeeds: initial.specialNeeds.map(keyed),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const patch = (p: Partial<HealthDraft>) => setH((prev) => ({ ...prev, ...p }));
  const setRow = <K extends 'disabilities' | 'specialNeeds'>(
    k: K,
    i: number,
    p: Partial<HealthDraft[K][number]>,
  ) => setH((prev) => ({ ...prev, [k]: prev[k].map((r, j) => (j === i ? { ...r, ...p } : r)) }));
  const removeRow = (k: 'disabilities' | 'specialNeeds', i: number) =>
    setH((prev) => ({ ...prev, [k]: prev[k].filter((_, j) => j !== i) }));
  const err = (path: string) => errors[path];

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setConflict(false);
    try {
      await put.mutateAsync({
        ...h,
        disabilities: h.disabilities.map(strip),
        specialNeeds: h.specialNeeds.map(strip),
        personId: undefined,
      });
      notifySuccess('Сведения о здоровье сохранены');
      onDone();
    } catch (error) {
      if (isConflict(error)) setConflict(true);
      else if (isApiError(error)) {
        setErrors(error.fieldErrors());
        setProblem(error.detail);
      }
      notifyError(error, 'Не удалось сохранить сведения о здоровье');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {conflict && <ConflictAlert onReload={onReload} />}
        {problem && !conflict && <Alert color="red">{problem}</Alert>}
        <SimpleGrid cols={{ base: 1, md: 4 }} spacing="sm">
          <LabeledSelect
            label="Группа здоровья"
            clearable
            data={toOptions(HEALTH_GROUP_TITLES)}
            value={h.healthGroup ? String(h.healthGroup) : null}
            onChange={(v) => patch({ healthGroup: v ? Number(v) : null })}
            error={err('healthGroup')}
          />
          <LabeledSelect
            label="Группа для занятий физкультурой"
            clearable
            data={toOptions(PE_GROUP_TITLES)}
            value={h.peGroup}
            onChange={(v) => patch({ peGroup: v as Health['peGroup'] })}
            error={err('peGroup')}
          />
          <LabeledSelect
            label="Длительное лечение"
            clearable
            placeholder="Нет"
            data={toOptions(LONG_TERM_TREATMENT_TITLES)}
            value={h.longTermTreatment}
            onChange={(v) => patch({ longTermTreatment: v as Health['longTermTreatment'] })}
            error={err('longTermTreatment')}
          />
          <Checkbox
            mt={28}
            label="Нуждается в адаптированной программе"
            checked={h.needsAdaptedProgram}
            onChange={(e) => patch({ needsAdaptedProgram: e.currentTarget.checked })}
          />
        </SimpleGrid>
        <ListSection
          title="Инвалидность"
          addLabel="Добавить"
          empty="Не установлена"
          count={h.disabilities.length}
          onAdd={() => patch({ disabilities: [...h.disabilities, keyed(NEW_DISABILITY)] })}
        >
          {h.disabilities.map((d, i) => (
            <RowFrame
              key={(d as { key?: string }).key}
              removeLabel="Удалить сведения об инвалидности"
              onRemove={() => removeRow('disabilities', i)}
            >
              <LabeledSelect
                label="Категория"
                data={toOptions(DISABILITY_CATEGORY_TITLES)}
                value={d.category}
                onChange={(v) =>
                  setRow('disabilities', i, { category: (v ?? 'child') as Disability['category'] })
                }
                error={err(`disabilities.${i}.category`)}
              />
              <LabeledSelect
                label="Группа инвалидности"
                clearable
                data={toOptions(DISABILITY_GROUP_TITLES)}
                value={d.group ? String(d.group) : null}
                onChange={(v) => setRow('disabilities', i, { group: v ? Number(v) : null })}
                error={err(`disabilities.${i}.group`)}
              />
              <DateField
                label="Дата установления"
                required
                value={d.validFrom}
                onChange={(v) => setRow('disabilities', i, { validFrom: v })}
                error={err(`disabilities.${i}.validFrom`)}
              />
              <DateField
                label="Установлена до"
                value={d.validUntil ?? ''}
                onChange={(v) => setRow('disabilities', i, { validUntil: orNull(v) })}
                error={err(`disabilities.${i}.validUntil`)}
              />
              <TextInput
                label="Причина"
                value={d.cause ?? ''}
                onChange={(e) => setRow('disabilities', i, { cause: orNull(e.currentTarget.value) })}
                error={err(`disabilities.${i}.cause`)}
                className="span-2"
              />
              <TextInput
                label="Номер ИПРА"
                value={d.ipraNumber ?? ''}
                onChange={(e) => setRow('disabilities', i, { ipraNumber: orNull(e.currentTarget.value) })}
                error={err(`disabilities.${i}.ipraNumber`)}
              />
              <DateField
                label="Дата ИПРА"
                value={d.ipraDate ?? ''}
                onChange={(v) => setRow('disabilities', i, { ipraDate: orNull(v) })}
                error={err(`disabilities.${i}.ipraDate`)}
              />
            </RowFrame>
          ))}
        </ListSection>
        <ListSection
          title="Заключения ПМПК (ОВЗ)"
          addLabel="Добавить"
          empty="Заключений нет"
          count={h.specialNeeds.length}
          onAdd={() => patch({ specialNeeds: [...h.specialNeeds, keyed(NEW_NEED)] })}
        >
          {h.specialNeeds.map((n, i) => (
            <RowFrame
              key={(n as { key?: string }).key}
              removeLabel="Удалить заключение ПМПК"
              onRemove={() => removeRow('specialNeeds', i)}
            >
              <DateField
                label="Дата заключения"
                required
                value={n.pmpkDate}
                onChange={(v) => setRow('specialNeeds', i, { pmpkDate: v })}
                error={err(`specialNeeds.${i}.pmpkDate`)}
              />
              <TextInput
                label="Номер заключения"
                required
                value={n.pmpkNumber}
                onChange={(e) => setRow('specialNeeds', i, { pmpkNumber: e.currentTarget.value })}
                error={err(`specialNeeds.${i}.pmpkNumber`)}
              />
              <TextInput
                label="Рекомендованная программа"
                value={n.recommendedProgram ?? ''}
                onChange={(e) =>
                  setRow('specialNeeds', i, { recommendedProgram: orNull(e.currentTarget.value) })
                }
                error={err(`specialNeeds.${i}.recommendedProgram`)}
              />
              <DateField
                label="Действует до"
                value={n.validUntil ?? ''}
                onChange={(v) => setRow('specialNeeds', i, { validUntil: orNull(v) })}
                error={err(`specialNeeds.${i}.validUntil`)}
              />
            </RowFrame>
          ))}
        </ListSection>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={put.isPending}>
            Отмена
          </Button>
          <Button type="submit" loading={put.isPending}>
            Сохранить
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
