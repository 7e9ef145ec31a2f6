import { ActionIcon, Button, Group, Stack, Text } from '@mantine/core';
import { LabeledSelect } from '../LabeledSelect.tsx';

export type RankChoice = { id: string; name: string; detail: string | null };

type Props = {
  kindergartens: RankChoice[];
  loading: boolean;
  max: number;
  /** Ids by rank; '' is a rank not chosen yet. */
  ranks: string[];
  onChange: (ranks: string[]) => void;
  errors: Record<string, string>;
  /** Kindergartens offered first, under their own heading (those of the child's address catchment). */
  suggested?: { title: string; ids: ReadonlySet<string> } | undefined;
};

/**
 * Up to `max` kindergartens in the order the family wants them: each rank offers the ones not chosen
 * yet. Ranks can be added, removed and moved up. The list comes from the caller (the parent's public
 * list, or the operator's registry).
 */
export function RankedKindergartens({
  kindergartens,
  loading,
  max,
  ranks,
  onChange,
  errors,
  suggested,
}: Props) {
  const detail = new Map(kindergartens.map((k) => [k.id, k.detail]));
  const set = (i: number, id: string) => onChange(ranks.map((r, j) => (j === i ? id : r)));
  const remove = (i: number) => onChange(ranks.length > 1 ? ranks.filter((_, j) => j !== i) : ['']);
  const up = (i: number) =>
    onChange(ranks.map((r, j) => (j === i - 1 ? ranks[i]! : j === i ? ranks[i - 1]! : r)));
  const optionsFor = (id: string) => {
    const free = kindergartens
      .filter((k) => k.id === id || !ranks.includes(k.id))
      .map((k) => ({ value: k.id, label: k.name }));
    if (!suggested?.ids.size) return free;
    const first = free.filter((o) => suggested.ids.has(o.value));
    const rest = free.filter((o) => !suggested.ids.has(o.value));
    return [
      ...(first.length ? [{ group: suggested.title, items: first }] : []),
      ...(rest.length ? [{ group: 'Другие детские сады', items: rest }] : []),
    ];
  };
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
            placeholder={loading ? 'Загрузка…' : 'Выберите детский сад'}
            data={optionsFor(id)}
            // The address tells apart kindergartens of one name («д/с № 1» is in every town).
            renderOption={({ option }) => (
              <div>
                <Text size="sm">{option.label}</Text>
                {detail.get(option.value) && (
                  <Text size="xs" c="dimmed">
                    {detail.get(option.value)}
                  </Text>
                )}
              </div>
            )}
            description={detail.get(id) ?? undefined}
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
