import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { criteriaSql } from './cell-sql.ts';
import { type CellValues, cellKey } from './control-ratios.ts';
import type { Counting, Section } from './definition.schema.ts';
import { withListedRows } from './listed-rows.ts';
import type { ReportScope } from './report-scope.ts';
import { sectionBase } from './section-base.ts';

/** '1' or '0' per predicate, in order: which rows (columns) a row of `b` falls in. */
const mask = (predicates: RawBuilder<boolean>[]) =>
  sql`(${sql.join(
    predicates.map((p) => sql`CASE WHEN ${p} THEN '1' ELSE '0' END`),
    sql` || `,
  )})`;

/**
 * All cells of a section in ONE set-based statement over `b`. A cell's rule is its row's criteria AND
 * its column's (with the column's measure), so each row of `b` is reduced to two masks — the rows it
 * falls in and the columns — rather than one flag per cell (a region's ОО-1 evaluated 140 flags for
 * each of 656,692 enrollments, twice). Per unit of count the statement answers how many learners
 * (units, enrollments) share each set of mask pairs; a learner counts in cell (r, c) when one of their
 * pairs has r in its row mask and c in its column mask. The sets are few, and are expanded into the
 * cells here.
 */
export async function computeSection(ctx: Ctx, defined: Section, scope: ReportScope, asOf: string) {
  const listing = defined.rowsBy !== undefined;
  const rowMask = mask(defined.rows.map((r) => criteriaSql(r)));
  const columnMask = mask(
    defined.columns.map((c) => sql<boolean>`(b.measure = ${c.measure ?? 'stock'} AND ${criteriaSql(c)})`),
  );
  // A listed row (one per ОКСО code, see listed-rows.ts) has no count of its own.
  const kindAt = (row: Section['rows'][number] | undefined, c: number) =>
    row?.count ?? defined.columns[c]!.count ?? defined.count;
  const kinds = new Set<Counting>();
  for (const row of [...defined.rows, ...(listing ? [undefined] : [])])
    for (let c = 0; c < defined.columns.length; c++) kinds.add(kindAt(row, c));
  // The masks are computed once per row of `b` (which is then read once, not materialized whole) into
  // a narrow relation that each unit of count groups.
  const parts = [...kinds].map((kind) => {
    const key = kind === 'persons' ? sql`person_id` : kind === 'units' ? sql`unit_id` : null;
    // Days add up: each row of `b` is an enrollment's days of one status, reason and age.
    if (kind === 'days')
      return sql`SELECT ${kind}::text AS kind, m AS sets, sum(days)::int AS n FROM pm GROUP BY m`;
    return key
      ? sql`SELECT ${kind}::text AS kind, s AS sets, count(*)::int AS n
              FROM (SELECT string_agg(DISTINCT m, ',') AS s FROM pm WHERE ${key} IS NOT NULL GROUP BY ${key}) g
             GROUP BY s`
      : sql`SELECT ${kind}::text AS kind, m AS sets, count(*)::int AS n FROM pm GROUP BY m`;
  });
  // With listed rows the ОКСО code rides along: the rows are the codes found, in the same pass.
  const code = listing ? sql`coalesce(b.okso_code, '')` : sql`''`;
  const r = await sql<{ kind: Counting; sets: string; n: number }>`
    WITH ${sectionBase(defined, scope, asOf)},
    pm AS MATERIALIZED (
      SELECT person_id, unit_id, days, rm || ':' || cm || ':' || code AS m
        FROM (SELECT b.person_id, b.unit_id, b.days, ${rowMask} AS rm, ${columnMask} AS cm, ${code} AS code FROM b) x
       -- A row outside every row or every column of the section counts nowhere (a listed code is kept).
       WHERE (strpos(rm, '1') > 0 AND strpos(cm, '1') > 0) OR code <> '')
    ${sql.join(parts, sql` UNION ALL `)}`.execute(ctx.db);
  const decoded = r.rows.map((x) => ({
    ...x,
    pairs: x.sets.split(',').map((p) => p.split(':') as [string, string, string]),
  }));
  const codes = new Set(decoded.flatMap((x) => x.pairs.map((p) => p[2]).filter((c) => c !== '')));
  const section = withListedRows(defined, [...codes]);
  const rowIndex = new Map(section.rows.map((row, i) => [row.code, i]));
  const width = section.columns.length;
  const counts = new Map<number, number>();
  for (const { kind, pairs, n } of decoded) {
    const cells = new Set<number>();
    for (const [rm, cm, okso] of pairs) {
      const rows: number[] = [];
      for (let i = 0; i < rm.length; i++) if (rm[i] === '1') rows.push(i);
      if (okso !== '') rows.push(rowIndex.get(okso)!);
      for (const i of rows)
        for (let j = 0; j < cm.length; j++)
          if (cm[j] === '1' && kindAt(section.rows[i], j) === kind) cells.add(i * width + j);
    }
    for (const cell of cells) counts.set(cell, (counts.get(cell) ?? 0) + n);
  }
  const values: CellValues = new Map();
  section.rows.forEach((row, i) => {
    section.columns.forEach((column, j) => {
      values.set(cellKey(row.code, column.code), counts.get(i * width + j) ?? 0);
    });
  });
  return { section, values };
}
