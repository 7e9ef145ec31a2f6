import { Button, Group, Modal, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { type Catchment, useCreateCatchment, useUpdateCatchment } from '../../api/catchments.ts';
import { municipalityKindergartensQuery } from '../../api/kindergartens.ts';
import { FormAlerts, revealFirstError } from '../FormAlerts.tsx';
import { LabeledMultiSelect, OuterLabel } from '../LabeledSelect.tsx';
import { notifySuccess } from '../notify.tsx';
import { useServerErrors } from '../useServerErrors.ts';

type Props = {
  municipalityId: string;
  /** The catchment being changed, at the version shown; null for a new one. */
  catchment: Catchment | null;
  /** The municipality's other catchments, to pick the neighbours from. */
  others: Catchment[];
  onClose: () => void;
  /** Loads the version someone else saved meanwhile into the dialog. */
  onReload: () => void;
};

const LIST_FIELDS = ['oktmo', 'kindergartenIds', 'neighbours'] as const;
type ListField = (typeof LIST_FIELDS)[number];

/**
 * The server names a problem of a list by its item («oktmo.2»); the dialog shows it under the list with
 * the item it concerns.
 */
function listErrors(errors: Record<string, string>, field: ListField, label: (i: number) => string) {
  const lines: string[] = [];
  if (errors[field]) lines.push(errors[field]);
  for (const [k, m] of Object.entries(errors)) {
    const match = k.match(new RegExp(`^${field}\\.(\\d+)$`));
    if (match) lines.push(`${label(Number(match[1]))}: ${m}`);
  }
  return lines.length ? lines.join('; ') : undefined;
}

/** «Закреплённая территория»: its name, the settlements by ОКТМО, its kindergartens, the nearest catchments. */
export function CatchmentDialog({ municipalityId, catchment, others, onClose, onReload }: Props) {
  const [name, setName] = useState(catchment?.name ?? '');
  const [oktmo, setOktmo] = useState<string[]>(catchment?.oktmo ?? []);
  const [kindergartenIds, setKindergartens] = useState<string[]>(
    catchment?.kindergartens.map((k) => k.id) ?? [],
  );
  const [neighbours, setNeighbours] = useState<string[]>(catchment?.neighbours ?? []);
  const kindergartens = useQuery(municipalityKindergartensQuery(municipalityId));
  const create = useCreateCatchment();
  const update = useUpdateCatchment(catchment?.id ?? '');
  const root = useRef<HTMLDivElement>(null);
  const server = useServerErrors(() => [
    'name',
    ...LIST_FIELDS,
    ...oktmo.map((_, i) => `oktmo.${i}`),
    ...kindergartenIds.map((_, i) => `kindergartenIds.${i}`),
    ...neighbours.map((_, i) => `neighbours.${i}`),
  ]);
  const kgName = new Map((kindergartens.data ?? []).map((k) => [k.id, k.name]));
  for (const k of catchment?.kindergartens ?? []) if (!kgName.has(k.id)) kgName.set(k.id, k.name);
  const neighbourOptions = others
    .filter((c) => c.id !== catchment?.id)
    .map((c) => ({ value: c.id, label: c.name }));
  const clearList = (field: ListField) =>
    server.clear(
      Object.fromEntries(
        Object.keys(server.errors)
          .filter((k) => k === field || k.startsWith(`${field}.`))
          .map((k) => [k, true]),
      ),
    );

  const save = async () => {
    const body = {
      name: name.trim(),
      oktmo,
      kindergartenIds,
      neighbours,
    };
    try {
      if (catchment) await update.mutateAsync({ ...body, version: catchment.version });
      else await create.mutateAsync({ municipalityId, ...body });
      notifySuccess(catchment ? 'Закреплённая территория сохранена' : 'Закреплённая территория добавлена');
      onClose();
    } catch (e) {
      server.apply(e);
      revealFirstError(root.current);
    }
  };

  const errors = server.errors;
  return (
    <Modal
      opened
      onClose={onClose}
      title={catchment ? `Закреплённая территория «${catchment.name}»` : 'Новая закреплённая территория'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm" ref={root}>
        <FormAlerts generalErrors={server.general} conflict={server.conflict} onReload={onReload} />
        <TextInput
          label="Наименование"
          required
          placeholder="Например: микрорайон Университетский"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            server.clear({ name: true });
          }}
          error={errors.name}
        />
        <OuterLabel
          label="Населённые пункты по ОКТМО"
          description="8 цифр — населённый пункт целиком, 11 цифр — отдельная территория. Код можно вставить списком через запятую или пробел."
          error={listErrors(errors, 'oktmo', (i) => `Код ${oktmo[i] ?? ''}`)}
        >
          {(id, describedBy) => (
            <TagsInput
              id={id}
              aria-describedby={describedBy}
              error={!!listErrors(errors, 'oktmo', () => '')}
              value={oktmo}
              onChange={(next) => {
                setOktmo(next.map((c) => c.replace(/\s/g, '')));
                clearList('oktmo');
              }}
              splitChars={[',', ' ', ';']}
              placeholder={oktmo.length ? '' : '25701000001'}
              clearable
              clearButtonProps={{ 'aria-label': 'Очистить поле' }}
            />
          )}
        </OuterLabel>
        <LabeledMultiSelect
          label="Закреплённые детские сады"
          searchable
          data={(kindergartens.data ?? []).map((k) => ({ value: k.id, label: k.name }))}
          value={kindergartenIds}
          onChange={(next) => {
            setKindergartens(next);
            clearList('kindergartenIds');
          }}
          placeholder={kindergartens.isPending ? 'Загрузка…' : 'Выберите детские сады'}
          nothingFoundMessage="Детский сад не найден"
          error={listErrors(
            errors,
            'kindergartenIds',
            (i) => kgName.get(kindergartenIds[i] ?? '') ?? 'Детский сад',
          )}
        />
        <LabeledMultiSelect
          label="Соседние территории"
          description="В порядке близости: когда в своих детских садах мест нет, места предлагаются сначала в первой из них"
          searchable
          data={neighbourOptions}
          value={neighbours}
          onChange={(next) => {
            setNeighbours(next);
            clearList('neighbours');
          }}
          placeholder={neighbourOptions.length ? 'Выберите в порядке близости' : 'Других территорий пока нет'}
          disabled={neighbourOptions.length === 0 && neighbours.length === 0}
          nothingFoundMessage="Не найдено"
          error={listErrors(errors, 'neighbours', (i) => `${i + 1}-я соседняя`)}
        />
        {neighbours.length > 1 && (
          <Text size="xs" c="dimmed" data-testid="neighbour-order">
            Порядок:{' '}
            {neighbours
              .map((id, i) => `${i + 1}. ${neighbourOptions.find((o) => o.value === id)?.label ?? '—'}`)
              .join('  ')}
          </Text>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button onClick={save} loading={create.isPending || update.isPending}>
            Сохранить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
