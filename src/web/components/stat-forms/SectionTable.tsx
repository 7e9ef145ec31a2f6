import { NumberInput, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import type { StatFormFailure, StatFormSection } from '../../api/stat-forms.ts';
import { formatDate } from '../format.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import type { DrillCell } from './CellLearnersDrawer.tsx';

type CountOverride = StatFormSection['rows'][number]['count'];

const UNIT_OF_COUNT = {
  persons: 'человек',
  enrollments: 'зачисление',
  units: 'класс (группа)',
  days: 'день (человеко-день)',
} as const;

/** The key of a manual cell in the editor's draft: section, row and column. */
export const draftKey = (section: string, row: string, column: string) => `${section}|${row}|${column}`;

/** Cells entered by hand: editable for the organization's head before signing, else shown read-only. */
export type ManualEditing = {
  draft: Record<string, string>;
  onChange: (key: string, value: string) => void;
} | null;

/**
 * A section laid out like the paper form: rows by column codes. Learner cells open for operators;
 * class (group) cells, which are counts, for everyone. A manual cell is shaded and, for its editor, an
 * input; empty, it shows a dash.
 */
export function SectionTable({
  section,
  failures,
  drillLearners,
  onCell,
  editing,
}: {
  section: StatFormSection;
  failures: StatFormFailure[];
  drillLearners: boolean;
  onCell: (cell: DrillCell) => void;
  editing: ManualEditing;
}) {
  const byKey = new Map(section.cells.map((c) => [`${c.row}:${c.column}`, c]));
  const countOf = (row: { count: CountOverride }, column: { count: CountOverride }) =>
    row.count ?? column.count ?? section.count;
  const failed = new Set(failures.flatMap((f) => [...f.left, ...f.right].map((c) => `${c.row}:${c.column}`)));
  const hasManual = section.cells.some((c) => c.manual);
  return (
    <Stack gap="xs">
      <div>
        <Title order={2} size="h4">
          Раздел {section.code}. {section.title}
        </Title>
        <Text size="sm" c="dimmed">
          {section.ageRule && section.ageDate
            ? `Возраст — ${section.ageRule.label}, на ${formatDate(section.ageDate)}. `
            : section.ageRule
              ? `Возраст — ${section.ageRule.label}. `
              : ''}
          Единица счета: {UNIT_OF_COUNT[section.count]}.
        </Text>
      </div>
      <ScrollTable label={`Раздел ${section.code}`} minWidth={360 + 90 * section.columns.length}>
        <Table withTableBorder withColumnBorders fz="sm" data-testid={`section-${section.code}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ minWidth: 260 }}>Наименование показателя</Table.Th>
              <Table.Th ta="center">№ строки</Table.Th>
              {section.columns.map((c) => (
                <Table.Th key={c.code} ta="center" fw={500} fz="xs">
                  {c.label}
                </Table.Th>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th ta="center">1</Table.Th>
              <Table.Th ta="center">2</Table.Th>
              {section.columns.map((c) => (
                <Table.Th key={c.code} ta="center">
                  {c.code}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {section.rows.map((row) => (
              <Table.Tr key={row.code}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td ta="center">{row.code}</Table.Td>
                {section.columns.map((c) => {
                  const cell = byKey.get(`${row.code}:${c.code}`);
                  const v = cell?.value ?? null;
                  const bad = failed.has(`${row.code}:${c.code}`);
                  const where = `строка ${row.code}, графа ${c.code}`;
                  const classes = [cell?.manual && 'stat-cell-manual', bad && 'stat-cell-failed'].filter(
                    Boolean,
                  );
                  const key = draftKey(section.code, row.code, c.code);
                  return (
                    <Table.Td
                      key={c.code}
                      ta="center"
                      data-cell={`${row.code}:${c.code}`}
                      data-manual={cell?.manual ? 'true' : undefined}
                      className={classes.length > 0 ? classes.join(' ') : undefined}
                      title={
                        bad
                          ? 'Нарушено контрольное соотношение'
                          : cell?.manual
                            ? 'Вводится вручную'
                            : undefined
                      }
                    >
                      {cell?.manual ? (
                        editing ? (
                          <NumberInput
                            size="xs"
                            hideControls
                            min={0}
                            max={99_999_999}
                            allowDecimal={false}
                            allowNegative={false}
                            aria-label={`${where} — вводится вручную`}
                            value={editing.draft[key] ?? (v === null ? '' : v)}
                            onChange={(x) => editing.onChange(key, String(x))}
                            styles={{ input: { textAlign: 'center', minWidth: 72 } }}
                          />
                        ) : v === null ? (
                          '—'
                        ) : (
                          v
                        )
                      ) : v !== null && v > 0 && (countOf(row, c) === 'units' || drillLearners) ? (
                        <UnstyledButton
                          className="stat-cell-link"
                          aria-label={`${where}: ${v} — показать список`}
                          onClick={() =>
                            onCell({
                              row: row.code,
                              column: c.code,
                              value: v,
                              rowLabel: row.label,
                              columnLabel: c.label,
                              count: countOf(row, c),
                            })
                          }
                        >
                          {v}
                        </UnstyledButton>
                      ) : (
                        (v ?? 0)
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {hasManual && (
        <Text size="xs" c="dimmed">
          Ячейки, выделенные желтым, вводятся вручную: их заполняет организация, реестр их не рассчитывает.
        </Text>
      )}
      {failed.size > 0 && (
        <Text size="xs" c="dimmed">
          Ячейки нарушенных контрольных соотношений выделены цветом.
        </Text>
      )}
    </Stack>
  );
}
