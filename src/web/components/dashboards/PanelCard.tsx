import { Anchor, Card, Group, Skeleton, Switch, Text, Title } from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { type PanelName, panelXlsxUrl } from '../../api/dashboards.ts';
import { ListLoadError } from '../QueryError.tsx';

type Props = {
  panel: PanelName;
  title: string;
  /** What the figures are, in one line under the title. */
  note?: string | undefined;
  territoryId: string | undefined;
  query: { isPending: boolean; isError: boolean; error: unknown };
  chart: () => ReactNode;
  table: () => ReactNode;
};

/**
 * One dashboard panel: a card with its title, a «Таблица» switch that shows the same figures as a table
 * (for screen readers, for copying, for a precise look), and the panel's spreadsheet.
 */
export function PanelCard({ panel, title, note, territoryId, query, chart, table }: Props) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={id}
      data-testid={`panel-${panel}`}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" mb="sm">
        <div style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {note && (
            <Text size="xs" c="dimmed">
              {note}
            </Text>
          )}
        </div>
        <Group gap="md" wrap="nowrap">
          <Switch
            label="Таблица"
            checked={asTable}
            onChange={(e) => setAsTable(e.currentTarget.checked)}
            data-testid={`panel-${panel}-table-toggle`}
          />
          <Anchor
            href={panelXlsxUrl(panel, territoryId)}
            download
            size="sm"
            aria-label={`${title}: скачать XLSX`}
          >
            XLSX
          </Anchor>
        </Group>
      </Group>
      {query.isPending && <Skeleton h={220} radius="sm" />}
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить показатели" />}
      {!query.isPending && !query.isError && (asTable ? table() : chart())}
    </Card>
  );
}
