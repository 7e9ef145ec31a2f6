import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { presentForm, presentSection } from './compute-report.ts';
import { type CellValues, cellKey, evaluateControls, uncheckedControls } from './control-ratios.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { isListedRow, withListedRows } from './listed-rows.ts';
import { resolveScope, type ScopeQuery } from './report-scope.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

/**
 * A territory's consolidated form: the sum of the figures its organizations signed for the reference
 * date (as signed, not as the registry computes them today, the cells entered by hand included), and
 * how many of the expected signed it.
 * A learner of two organizations is counted by each, as in the forms they signed.
 */
export async function consolidateSubmissions(
  ctx: Ctx,
  code: string,
  edition: string,
  q: { territoryId: string; asOf?: string | undefined },
) {
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const scope = await resolveScope(
    ctx,
    { territoryId: q.territoryId } satisfies ScopeQuery,
    A['statForm.read'],
  );
  const sums = await sql<{ section: string; cell: string; value: number }>`
    SELECT sec.key AS section, c.key AS cell, sum(c.value::int)::int AS value
      FROM stat_form_submissions s
     CROSS JOIN LATERAL jsonb_each(s.cells) sec
     CROSS JOIN LATERAL jsonb_each_text(sec.value) c
     WHERE s.form_code = ${def.code} AND s.edition = ${def.edition} AND s.as_of = ${asOf}::date
       AND s.status = 'signed' AND ${scope.organizations('s.organization_id')}
     GROUP BY 1, 2`.execute(ctx.db);
  const counts = await sql<{ expected: number; signed: number }>`
    SELECT count(*)::int AS expected, count(s.id)::int AS signed
      FROM organizations o
      LEFT JOIN stat_form_submissions s
        ON s.organization_id = o.id AND s.form_code = ${def.code} AND s.edition = ${def.edition}
       AND s.as_of = ${asOf}::date AND s.status = 'signed'
     WHERE ${scope.organizations('o.id')}
       AND o.kind = ANY(${def.respondents}::text[])
       AND (o.liquidated_on IS NULL OR o.liquidated_on > ${asOf}::date)`.execute(ctx.db);
  const sections = [];
  const controlFailures = [];
  const controlsNotChecked = [];
  for (const defined of def.sections) {
    const mine = sums.rows.filter((x) => x.section === defined.code);
    const listed = [...new Set(mine.map((x) => x.cell.split('|')[0]!))].filter((r) =>
      isListedRow(defined, r),
    );
    const section = withListedRows(defined, listed);
    const values: CellValues = new Map();
    for (const x of mine) {
      const [row, column] = x.cell.split('|') as [string, string];
      values.set(cellKey(row, column), x.value);
    }
    for (const r of section.rows)
      for (const c of section.columns)
        if (!values.has(cellKey(r.code, c.code))) values.set(cellKey(r.code, c.code), 0);
    controlFailures.push(...evaluateControls(section, values));
    controlsNotChecked.push(...uncheckedControls(section, values));
    sections.push(presentSection(section, asOf, values));
  }
  const { expected, signed } = counts.rows[0] ?? { expected: 0, signed: 0 };
  await auditNow(ctx, {
    action: 'statForm.consolidated.read',
    objectType: scope.kind,
    objectId: scope.id,
    grant: scope.grant,
    details: { form: def.code, edition: def.edition, asOf, signed, expected },
  });
  return {
    form: presentForm(def),
    asOf,
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    signed,
    expected,
    sections,
    controlFailures,
    controlsNotChecked,
    manualEntry: null,
  };
}
