import {
  Alert,
  Button,
  Group,
  List,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import {
  consolidatedQuery,
  type StatFormFailure,
  type StatFormScope,
  type StatFormSection,
  statFormPdfUrl,
  statFormReportQuery,
  statFormXlsxUrl,
} from '../api/stat-forms.ts';
import { formatDate } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { can, useSession } from '../components/session.ts';
import { CellLearnersDrawer, type DrillCell } from '../components/stat-forms/CellLearnersDrawer.tsx';
import { SubmissionPanel } from '../components/stat-forms/SubmissionPanel.tsx';
import { SubmissionProgressTable } from '../components/stat-forms/SubmissionProgressTable.tsx';

const route = getRouteApi('/app/stat-forms/$code/$edition');

const OP = { '=': '=', '<=': '≤', '>=': '≥' } as const;
const refs = (cells: { row: string; column: string }[]) =>
  cells.map((c) => `стр. ${c.row} гр. ${c.column}`).join(' + ');

export function failureText(f: StatFormFailure) {
  return `${f.label}: ${refs(f.left)} (${f.leftValue}) ${OP[f.op]} ${refs(f.right)} (${f.rightValue}) не выполняется`;
}

/**
 * A form computed for an organization or a territory on a date, laid out like the paper form: each
 * section a table of rows by column codes. Broken control ratios are listed above and shaded on their
 * cells; a non-zero cell opens the learners it counts (for the roles that may read persons).
 */
export function StatFormPage() {
  const { code, edition } = route.useParams();
  const search = route.useSearch();
  const session = useSession();
  const signedOnly = !!search.territoryId && search.source === 'signed';
  const mayDrill = can(session, 'statForm.learners.read');
  // Signed figures are not today's learners: the consolidated view does not open cells.
  const drill = mayDrill && !signedOnly;
  const { source, ...scope }: StatFormScope & { source?: 'signed' | undefined } = search;
  // A territory's form either as the registry computes it now or summed from the signed forms.
  const signedView = !!scope.territoryId && source === 'signed';
  const computed = useQuery({
    ...statFormReportQuery(code, edition, scope),
    enabled: !signedView && !!(scope.organizationId || scope.territoryId),
  });
  const consolidated = useQuery({ ...consolidatedQuery(code, edition, scope), enabled: signedView });
  const report = signedView ? consolidated : computed;
  const [cell, setCell] = useState<DrillCell | null>(null);
  const navigate = route.useNavigate();
  const r = report.data;
  const back = (
    <AnchorLink to="/stat-forms" search={{ ...scope, by: scope.territoryId ? 'territory' : 'organization' }}>
      ← Статистические формы
    </AnchorLink>
  );
  if (!scope.organizationId && !scope.territoryId)
    return (
      <Stack gap="md">
        {back}
        <Alert color="gray">Выберите организацию или территорию в реестре форм.</Alert>
      </Stack>
    );
  return (
    <Stack gap="md">
      {back}
      {report.isPending && <Text c="dimmed">Расчет формы…</Text>}
      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {r && (
        <>
          <div>
            <Title order={1} size="h3">
              {r.form.title}
            </Title>
            <Text size="sm" c="dimmed">
              Код формы {r.form.code}, редакция {r.form.edition}. Утверждена: {r.form.approvedBy.title}
            </Text>
          </div>
          <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
            <div>
              <Text>
                {r.scope.kind === 'organization' ? 'Организация' : 'Территория'}: <b>{r.scope.name}</b>
              </Text>
              <Text>
                Отчетная дата: <b data-testid="as-of">{formatDate(r.asOf)}</b>
              </Text>
            </div>
            {!signedView && (
              <Group gap="xs">
                <Button
                  component="a"
                  variant="default"
                  href={statFormXlsxUrl(code, edition, scope)}
                  data-testid="stat-form-xlsx"
                >
                  Скачать XLSX
                </Button>
                <Button component="a" variant="default" href={statFormPdfUrl(code, edition, scope)}>
                  PDF для подписи
                </Button>
              </Group>
            )}
          </Group>
          {scope.territoryId && (
            <SegmentedControl
              aria-label="Источник цифр"
              value={signedView ? 'signed' : 'computed'}
              onChange={(v) =>
                void navigate({ search: { ...scope, source: v === 'signed' ? 'signed' : undefined } })
              }
              data={[
                { value: 'computed', label: 'По данным реестра' },
                { value: 'signed', label: 'Сводная из подписанных форм' },
              ]}
            />
          )}
          {signedView && consolidated.data && (
            <Alert color="blue" data-testid="consolidated-note">
              Сумма форм, подписанных организациями: подписали {consolidated.data.signed} из{' '}
              {consolidated.data.expected}. Цифры — такие, как были подписаны.
            </Alert>
          )}
          {r.scope.kind === 'organization' && (
            <SubmissionPanel
              code={code}
              edition={edition}
              organizationId={r.scope.id}
              asOf={r.asOf}
              controlsOk={r.controlFailures.length === 0}
            />
          )}
          {r.controlFailures.length === 0 ? (
            <Alert color="green" data-testid="controls-ok">
              Контрольные соотношения выполнены
            </Alert>
          ) : (
            <Alert color="red" title="Нарушены контрольные соотношения" data-testid="control-failures">
              <List size="sm">
                {r.controlFailures.map((f) => (
                  <List.Item key={`${f.section}/${f.control}/${refs(f.left)}`}>
                    Раздел {f.section}, контроль {f.control}. {failureText(f)}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {!mayDrill && (
            <Text size="sm" c="dimmed">
              Расшифровка ячеек (списки обучающихся) доступна операторам реестра.
            </Text>
          )}
          {r.sections.map((s) => (
            <SectionTable
              key={s.code}
              section={s}
              failures={r.controlFailures.filter((f) => f.section === s.code)}
              drillLearners={drill}
              onCell={(c) => setCell(c)}
            />
          ))}
          {r.scope.kind === 'territory' && (
            <SubmissionProgressTable code={code} edition={edition} territoryId={r.scope.id} asOf={r.asOf} />
          )}
        </>
      )}
      <CellLearnersDrawer
        code={code}
        edition={edition}
        scope={scope}
        cell={cell}
        onClose={() => setCell(null)}
      />
    </Stack>
  );
}

type CountOverride = StatFormSection['rows'][number]['count'];

const UNIT_OF_COUNT = {
  persons: 'человек',
  enrollments: 'зачисление',
  units: 'класс (группа)',
  days: 'день (человеко-день)',
} as const;

/** Learner cells open for operators; class (group) cells, which are counts, for everyone. */
function SectionTable({
  section,
  failures,
  drillLearners,
  onCell,
}: {
  section: StatFormSection;
  failures: StatFormFailure[];
  drillLearners: boolean;
  onCell: (cell: DrillCell) => void;
}) {
  const value = new Map(section.cells.map((c) => [`${c.row}:${c.column}`, c.value]));
  const countOf = (row: { count: CountOverride }, column: { count: CountOverride }) =>
    row.count ?? column.count ?? section.count;
  const failed = new Set(failures.flatMap((f) => [...f.left, ...f.right].map((c) => `${c.row}:${c.column}`)));
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
                  const v = value.get(`${row.code}:${c.code}`) ?? 0;
                  const bad = failed.has(`${row.code}:${c.code}`);
                  const where = `строка ${row.code}, графа ${c.code}`;
                  return (
                    <Table.Td
                      key={c.code}
                      ta="center"
                      data-cell={`${row.code}:${c.code}`}
                      className={bad ? 'stat-cell-failed' : undefined}
                      title={bad ? 'Нарушено контрольное соотношение' : undefined}
                    >
                      {v > 0 && (countOf(row, c) === 'units' || drillLearners) ? (
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
                        v
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {failed.size > 0 && (
        <Text size="xs" c="dimmed">
          Ячейки нарушенных контрольных соотношений выделены цветом.
        </Text>
      )}
    </Stack>
  );
}
