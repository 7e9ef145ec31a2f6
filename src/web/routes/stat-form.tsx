import { Alert, Button, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import {
  consolidatedQuery,
  type StatFormFailure,
  type StatFormScope,
  statFormPdfUrl,
  statFormReportQuery,
  statFormXlsxUrl,
  submissionsQuery,
} from '../api/stat-forms.ts';
import { formatDate } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { can, useSession } from '../components/session.ts';
import { CellLearnersDrawer, type DrillCell } from '../components/stat-forms/CellLearnersDrawer.tsx';
import { ManualCellsPanel } from '../components/stat-forms/ManualCellsPanel.tsx';
import { SectionTable } from '../components/stat-forms/SectionTable.tsx';
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
  // Manual cells the head has typed but not saved: section|row|column → the input's text.
  const [draft, setDraft] = useState<Record<string, string>>({});
  const own = !signedView && !!scope.organizationId;
  const submission = useQuery({
    ...submissionsQuery(code, edition, { organizationId: scope.organizationId, asOf: computed.data?.asOf }),
    enabled: own && !!computed.data && can(session, 'statForm.sign'),
  });
  const navigate = route.useNavigate();
  const r = report.data;
  const hasManual = !!r?.sections.some((x) => x.cells.some((c) => c.manual));
  const status = submission.data?.items[0]?.status;
  // The head enters them until the form is signed (a returned form is corrected and signed again).
  const editable = own && hasManual && can(session, 'statForm.sign') && !!status && status !== 'signed';
  const emptyManual = r
    ? r.sections.flatMap((x) => x.cells).filter((c) => c.manual && c.value === null).length
    : 0;
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
              emptyManual={emptyManual}
            />
          )}
          {editable && (
            <ManualCellsPanel
              code={code}
              edition={edition}
              report={r}
              draft={draft}
              onSaved={() => setDraft({})}
            />
          )}
          {r.controlsNotChecked.length > 0 && (
            <Alert
              color="yellow"
              title="Не проверены контрольные соотношения"
              data-testid="controls-not-checked"
            >
              <List size="sm">
                {r.controlsNotChecked.map((u) => (
                  <List.Item key={`${u.section}/${u.control}/${refs(u.emptyCells)}`}>
                    Раздел {u.section}, контроль {u.control}. {u.label}:{' '}
                    {r.scope.kind === 'territory'
                      ? 'ячейки вводятся организациями и в расчете по реестру не заполнены'
                      : `не заполнены ${refs(u.emptyCells).replaceAll(' + ', ', ')}`}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {r.controlFailures.length === 0 && r.controlsNotChecked.length === 0 ? (
            <Alert color="green" data-testid="controls-ok">
              Контрольные соотношения выполнены
            </Alert>
          ) : r.controlFailures.length === 0 ? null : (
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
              editing={
                editable
                  ? { draft, onChange: (key, value) => setDraft((d) => ({ ...d, [key]: value })) }
                  : null
              }
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
