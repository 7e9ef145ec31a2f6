import { ActionIcon, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { kindergartensQuery } from '../../api/citizen-queue.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';

type Props = {
  municipalityId: string | null;
  max: number;
  /** Ids by rank; '' is a rank not chosen yet. */
  ranks: string[];
  onChange: (ranks: string[]) => void;
  errors: Record<string, string>;
};

/**
 * Up to `max` kindergartens of the chosen municipality, in the order the parent wants them: each rank
 * offers the ones not chosen yet. Ranks can be added, removed and moved up.
 */
export function KindergartenRanks({ municipalityId, max, ranks, onChange, errors }: Props) {
  const q = useQuery(kindergartensQuery(municipalityId));
  const all = q.data?.items ?? [];
  const address = new Map(all.map((k) => [k.id, k.address]));
  const set = (i: number, id: string) => onChange(ranks.map((r, j) => (j === i ? id : r)));
  const remove = (i: number) => onChange(ranks.length > 1 ? ranks.filter((_, j) => j !== i) : ['']);
  const up = (i: number) =>
    onChange(ranks.map((r, j) => (j === i - 1 ? ranks[i]! : j === i ? ranks[i - 1]! : r)));
  if (!municipalityId)
    return (
      <Text size="sm" c="dimmed">
        Сначала выберите муниципалитет: список детских садов зависит от него.
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="kindergarten-ranks">
      {errors.preferences && (
        <Text size="sm" c="red.8" role="alert">
          {errors.preferences}
        </Text>
      )}
      {ranks.map((id, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a rank is its position
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <LabeledSelect
            label={`${i + 1}-й по приоритету детский сад`}
            required={i === 0}
            searchable
            nothingFoundMessage="Детский сад не найден"
            placeholder={q.isPending ? 'Загрузка…' : 'Выберите детский сад'}
            data={all
              .filter((k) => k.id === id || !ranks.includes(k.id))
              .map((k) => ({ value: k.id, label: k.name }))}
            // The address tells apart kindergartens of one name («д/с № 1» is in every town).
            renderOption={({ option }) => (
              <div>
                <Text size="sm">{option.label}</Text>
                {address.get(option.value) && (
                  <Text size="xs" c="dimmed">
                    {address.get(option.value)}
                  </Text>
                )}
              </div>
            )}
            description={address.get(id) ?? undefined}
            value={id || null}
            onChange={(v) => set(i, v ?? '')}
            error={errors[`preferences.${i}`]}
            style={{ flex: 1, minWidth: 0 }}
          />
          {i > 0 && (
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Поднять ${i + 1}-й детский сад выше`}
              onClick={() => up(i)}
              mb={errors[`preferences.${i}`] ? 22 : 0}
            >
              ↑
            </ActionIcon>
          )}
          {ranks.length > 1 && (
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Убрать ${i + 1}-й детский сад`}
              onClick={() => remove(i)}
              mb={errors[`preferences.${i}`] ? 22 : 0}
            >
              ✕
            </ActionIcon>
          )}
        </Group>
      ))}
      {ranks.length < max && (
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...ranks, ''])}>
            Добавить детский сад
          </Button>
          <Text size="xs" c="dimmed">
            Можно указать до {max}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
