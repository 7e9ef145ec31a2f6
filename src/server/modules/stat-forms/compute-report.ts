import { type RawBuilder, sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { cellSql, findCell } from './cell-sql.ts';
import { type CellValues, cellKey, evaluateControls } from './control-ratios.ts';
import { AGE_RULES, type Counting, type FormDefinition, type Section } from './definition.schema.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { listedCodes, withListedRows } from './listed-rows.ts';
import { type ReportScope, resolveScope, type ScopeQuery } from './report-scope.ts';
import { ageDateOf, sectionBase } from './section-base.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

/**
 * What a kind of cell counts and how: learners and units are counted distinct, so `b` is first folded
 * into one row per learner (per unit) with a flag per cell — does any of its rows fall in the cell — and
 * the flags are counted. A `count(DISTINCT …) FILTER` per cell would sort `b` once for every cell.
 */
const FOLD: Record<Counting, RawBuilder<unknown> | null> = {
  persons: sql`b.person_id`,
  units: sql`b.unit_id`,
  enrollments: null,
};

/**
 * All cells of a section in ONE set-based statement over `b`: per unit of count present in the section,
 * one aggregate of all its cells (enrollments over `b` itself, learners and units over `b` folded).
 */
export async function computeSection(ctx: Ctx, section: Section, scope: ReportScope, asOf: string) {
  const cells = section.rows.flatMap((row) =>
    section.columns.map((column) => ({
      row,
      column,
      count: findCell(section, row.code, column.code)!.count,
    })),
  );
  // Each part answers its counts as one int[] (and folds into one bool[] per learner or unit): a listed
  // section of a region (СПО-1: a row per ОКСО code × 21 columns) has more cells than the 1,664 columns
  // a PostgreSQL select list may hold.
  const parts: { sql: RawBuilder<unknown>; cells: number[] }[] = [];
  for (const kind of ['persons', 'units', 'enrollments'] as const) {
    const mine = [...cells.entries()].filter(([, c]) => c.count === kind);
    if (mine.length === 0) continue;
    const key = FOLD[kind];
    parts.push({
      cells: mine.map(([i]) => i),
      sql: key
        ? sql`(SELECT ARRAY[${sql.join(mine.map((_, j) => sql`count(*) FILTER (WHERE g.f[${sql.lit(j + 1)}])::int`))}] AS v
             FROM (SELECT ARRAY[${sql.join(mine.map(([, c]) => sql`bool_or(${cellSql(c.row, c.column)})`))}] AS f
                     FROM b WHERE ${key} IS NOT NULL GROUP BY ${key}) g)`
        : sql`(SELECT ARRAY[${sql.join(
            mine.map(([, c]) => sql`count(*) FILTER (WHERE ${cellSql(c.row, c.column)})::int`),
          )}] AS v FROM b)`,
    });
  }
  const r = await sql<Record<string, number[]>>`
    WITH ${sectionBase(section, scope, asOf)}
    SELECT ${sql.join(parts.map((_, k) => sql`${sql.ref(`k${k}`)}.v AS ${sql.ref(`v${k}`)}`))}
      FROM ${sql.join(
        parts.map((p, k) => sql`${p.sql} ${sql.ref(`k${k}`)}`),
        sql` CROSS JOIN `,
      )}`.execute(ctx.db);
  const values: CellValues = new Map();
  for (const { row, column } of cells) values.set(cellKey(row.code, column.code), 0);
  for (const [k, part] of parts.entries())
    for (const [j, i] of part.cells.entries()) {
      const { row, column } = cells[i]!;
      values.set(cellKey(row.code, column.code), r.rows[0]?.[`v${k}`]?.[j] ?? 0);
    }
  return values;
}

export const presentForm = (def: FormDefinition) => ({
  code: def.code,
  edition: def.edition,
  title: def.title,
  approvedBy: {
    authority: def.approvedBy.authority,
    date: def.approvedBy.date ?? null,
    number: def.approvedBy.number ?? null,
    title: def.approvedBy.title,
    source: def.approvedBy.source ?? null,
  },
  referenceDate: def.referenceDate,
});

/**
 * A form edition computed for an organization or a territory on a reference date: every section's
 * cells and the control ratios they break. Counts only; audited as a report read.
 */
export async function computeReport(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const report = await buildReport(ctx, code, edition, q);
  await auditNow(ctx, {
    action: 'statForm.read',
    objectType: report.scope.kind,
    objectId: report.scope.id,
    grant: report.grant,
    details: {
      form: report.form.code,
      edition: report.form.edition,
      asOf: report.asOf,
      controlFailures: report.controlFailures.length,
    },
  });
  const { grant: _, ...body } = report;
  return body;
}

/** A section as a report shows it: its rows, columns and every cell's value. */
export const presentSection = (section: Section, asOf: string, values: CellValues) => ({
  code: section.code,
  title: section.title,
  ageRule: section.ageRule ? { code: section.ageRule, label: AGE_RULES[section.ageRule].label } : null,
  ageDate: ageDateOf(section, asOf),
  count: section.count,
  rows: section.rows.map((r) => ({ code: r.code, label: r.label, count: r.count ?? null })),
  columns: section.columns.map((c) => ({ code: c.code, label: c.label, count: c.count ?? null })),
  cells: section.rows.flatMap((r) =>
    section.columns.map((c) => ({
      row: r.code,
      column: c.code,
      value: values.get(cellKey(r.code, c.code)) ?? 0,
    })),
  ),
});

export type StatFormReport = Awaited<ReturnType<typeof buildReport>>;

/** The computation behind a report and its XLSX export, not audited: each caller audits its read. */
export async function buildReport(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const scope = await resolveScope(ctx, q, A['statForm.read']);
  const sections = [];
  const controlFailures = [];
  for (const defined of def.sections) {
    const section = withListedRows(defined, await listedCodes(ctx, defined, scope, asOf));
    const values = await computeSection(ctx, section, scope, asOf);
    controlFailures.push(...evaluateControls(section, values));
    sections.push(presentSection(section, asOf, values));
  }
  return {
    form: presentForm(def),
    asOf,
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    grant: scope.grant,
    sections,
    controlFailures,
  };
}
