import { Anchor, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type ForecastRow, forecastQuery, forecastXlsxUrl } from '../api/forecast.ts';
import { ForecastChart } from '../components/forecast/ForecastChart.tsx';
import { formatDate, yearsText } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const route = getRouteApi('/app/forecast');

const sumBy = (rows: ForecastRow[], on: string) => {
  const byAge = new Map<number, ForecastRow>();
  for (const r of rows.filter((x) => x.on === on)) {
    const a = byAge.get(r.age);
    byAge.set(
      r.age,
      a
        ? {
            ...a,
            capacity: a.capacity + r.capacity,
            continuing: a.continuing + r.continuing,
            free: a.free + r.free,
            queue: a.queue + r.queue,
            notInQueue: a.notInQueue + r.notInQueue,
            shortage: a.shortage + r.shortage,
          }
        : { ...r },
    );
  }
  return [...byAge.values()].sort((x, y) => x.age - y.age);
};

const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1).replace('.', ','));

/**
 * «Прогноз мест в детских садах»: for the next 1–3 Septembers, per age, the places of the groups less
 * the children who stay, against the queue and the children living there who are not yet in it.
 */
export function ForecastPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/forecast' });
  const territoryId = search.territoryId ?? '';
  const years = search.years ?? 3;
  const f = useQuery(forecastQuery(territoryId, years));
  const set = (patch: Partial<typeof search>) =>
    void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const dates = [...new Set(f.data?.rows.map((r) => r.on) ?? [])];
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Прогноз мест в детских садах
        </Title>
        <Text c="dimmed">
          Свободные места — места групп за вычетом детей, которые продолжат посещать детский сад. Спрос —
          заявления в очереди с желаемой датой не позднее даты прогноза; отдельно — дети, проживающие на
          территории, которые не посещают детский сад и не стоят в очереди.
        </Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TerritorySelect
          label="Территория"
          kinds={['region', 'municipality']}
          required
          value={territoryId || null}
          onChange={(v) => set({ territoryId: v ?? undefined })}
          w={340}
        />
        <LabeledSelect
          label="Горизонт"
          data={[
            { value: '1', label: '1 год' },
            { value: '2', label: '2 года' },
            { value: '3', label: '3 года' },
          ]}
          value={String(years)}
          onChange={(v) => set({ years: Number(v ?? 3) })}
          style={{ width: 160 }}
        />
        {territoryId && (
          <Anchor href={forecastXlsxUrl(territoryId, years)} download pb={8}>
            Скачать XLSX
          </Anchor>
        )}
      </Group>
      {!territoryId && <Text c="dimmed">Выберите территорию.</Text>}
      {f.isLoading && <Loader aria-label="Загрузка" />}
      {f.isError && <ListLoadError error={f.error} fallback="Не удалось рассчитать прогноз" />}
      {f.data &&
        dates.map((on) => {
          const rows = sumBy(f.data.rows, on);
          return (
            <Stack key={on} gap="xs" component="section" aria-label={`Прогноз на ${formatDate(on)}`}>
              <Title order={2} size="h3">
                На {formatDate(on)}: {f.data.territoryName}
              </Title>
              <ForecastChart
                rows={rows}
                title={`Очередь и свободные места по возрастам на ${formatDate(on)}`}
              />
              <ScrollTable label={`Таблица прогноза на ${formatDate(on)}`} minWidth={720}>
                <Table withTableBorder striped fz="sm" verticalSpacing={4} data-testid={`forecast-${on}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Возраст</Table.Th>
                      <Table.Th ta="right">Мест в группах</Table.Th>
                      <Table.Th ta="right">Продолжат посещать</Table.Th>
                      <Table.Th ta="right">Свободно</Table.Th>
                      <Table.Th ta="right">В очереди</Table.Th>
                      <Table.Th ta="right">Не посещают и не в очереди</Table.Th>
                      <Table.Th ta="right">Нехватка мест</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.age}>
                        <Table.Td>{yearsText(r.age)}</Table.Td>
                        <Table.Td ta="right">{round(r.capacity)}</Table.Td>
                        <Table.Td ta="right">{r.continuing}</Table.Td>
                        <Table.Td ta="right">{round(r.free)}</Table.Td>
                        <Table.Td ta="right">{r.queue}</Table.Td>
                        <Table.Td ta="right">{r.notInQueue}</Table.Td>
                        <Table.Td
                          ta="right"
                          c={r.shortage > 0 ? 'red.9' : undefined}
                          fw={r.shortage > 0 ? 700 : 400}
                        >
                          {r.shortage > 0 ? round(r.shortage) : '—'}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            </Stack>
          );
        })}
    </Stack>
  );
}
