import { Anchor, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import {
  type ContingentImport,
  contingentRejectsUrl,
  IMPORT_STATUS_TITLES,
} from '../../api/contingent-import.ts';
import { formatDateTime } from '../format.ts';
import { InfoGrid } from '../InfoGrid.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { HeldRows } from './HeldRows.tsx';

// Dark shades: the status text stays readable on white (WCAG AA contrast).
const STATUS_COLORS = { queued: 'gray.8', running: 'blue.9', completed: 'teal.9', failed: 'red.9' } as const;

/** One upload: the progress bar while the job runs, then the counts, the rejected rows and the held ones. */
export function ImportResult({ imp }: { imp: ContingentImport }) {
  const percent = imp.totalRows ? Math.round((imp.processedRows / imp.totalRows) * 100) : 0;
  const running = imp.status === 'queued' || imp.status === 'running';
  return (
    <Card withBorder padding="md" data-testid="contingent-import-result">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {imp.fileName ?? 'Файл'} — {imp.organizationName}
          </Title>
          <Text fw={700} c={STATUS_COLORS[imp.status]} data-testid="contingent-import-status">
            {IMPORT_STATUS_TITLES[imp.status]}
          </Text>
        </Group>
        <div>
          <Progress.Root size="lg">
            <Progress.Section
              value={percent}
              animated={running}
              aria-label="Ход загрузки"
              aria-valuetext={`${imp.processedRows} из ${imp.totalRows} строк`}
            />
          </Progress.Root>
          <Text size="sm" mt={4} data-testid="contingent-import-progress">
            Прочитано строк: {imp.processedRows} из {imp.totalRows} ({percent} %)
          </Text>
        </div>
        <InfoGrid
          cols={4}
          items={[
            { label: 'Загружено', value: formatDateTime(imp.createdAt) },
            { label: 'Создано новых записей', value: imp.created },
            { label: 'Связано с записями реестра', value: imp.linked },
            { label: 'Без изменений (загружены ранее)', value: imp.unchanged },
            { label: 'Отклонено', value: imp.rejected },
            { label: 'Ожидают решения', value: imp.held },
          ]}
        />
        {imp.rejected > 0 && (
          <>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>Отклоненные строки</Text>
              <Anchor href={contingentRejectsUrl(imp.id)} download data-testid="contingent-rejects-link">
                Скачать отклоненные строки с причинами (XLSX)
              </Anchor>
            </Group>
            <ScrollTable label="Отклоненные строки" minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Строка</Table.Th>
                    <Table.Th>ФИО</Table.Th>
                    <Table.Th>Причины</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {imp.rejectedRows.map((r) => (
                    <Table.Tr key={r.rowNumber}>
                      <Table.Td>{r.rowNumber}</Table.Td>
                      <Table.Td>{r.fullName || '—'}</Table.Td>
                      <Table.Td>
                        {r.errors.map((e) => (
                          <div key={`${e.column}-${e.message}`}>
                            «{e.title}»: {e.message}
                          </div>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            {imp.rejected > imp.rejectedRows.length && (
              <Text size="sm" c="dimmed">
                Показаны первые {imp.rejectedRows.length} из {imp.rejected}; все строки — в файле XLSX.
              </Text>
            )}
          </>
        )}
        {imp.heldRows.length > 0 && <HeldRows imp={imp} />}
      </Stack>
    </Card>
  );
}
