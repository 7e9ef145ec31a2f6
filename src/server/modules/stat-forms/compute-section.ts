import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { criteriaSql } from './cell-sql.ts';
import { type CellValues, cellKey } from './control-ratios.ts';
import type { Counting, Section } from './definition.schema.ts';
import { withListedRows } from './listed-rows.ts';
import { repeatingEnrollments } from './repeating-enrollments.ts';
import type { ReportScope } from './report-scope.ts';
import { sharedBase } from './section-base.ts';

/** PostgreSQL's limit on a function's arguments (FUNC_MAX_ARGS). */
const MAX_ARGS = 100;

/**
 * '1' or '0' per predicate, in order: which rows (columns) a row of `b` falls in. Built by concat() in
 * one call (nested past its 100 arguments), not by `||` — a chain of `||` makes a new string per
 * predicate per row, and that allocation cost more than the predicates over a region's enrollments.
 */
function mask(predicates: RawBuilder<boolean>[]): RawBuilder<string> {
  const flags = predicates.map((p) => sql<string>`CASE WHEN ${p} THEN '1' ELSE '0' END`);
  const concat = (parts: RawBuilder<string>[]): RawBuilder<string> => {
    if (parts.length <= MAX_ARGS) return sql<string>`concat(${sql.join(parts)})`;
    const chunks: RawBuilder<string>[] = [];
    for (let i = 0; i < parts.length; i += MAX_ARGS) chunks.push(concat(parts.slice(i, i + MAX_ARGS)));
    return concat(chunks);
  };
  return concat(flags);
}

/** The unit a cell counts in: its row's, else its column's, else its section's. */
const kindAt = (section: Section, row: Section['rows'][number] | undefined, c: number) =>
  row?.count ?? section.columns[c]!.count ?? section.count;

/** A section's masks over a row of `b`, as columns rm<i>, cm<i>, code<i> and in<i> (its population). */
function sectionMasks(section: Section, i: number): RawBuilder<unknown> {
  // A manual row (column) is entered by hand: no enrollment falls in it.
  const rm = mask(section.rows.map((r) => (r.manual ? sql<boolean>`false` : criteriaSql(r))));
  const cm = mask(
    section.columns.map((c) =>
      c.manual
        ? sql<boolean>`false`
        : sql<boolean>`(b.measure = ${c.measure ?? 'stock'} AND ${criteriaSql(c)})`,
    ),
  );
  // With listed rows the ОКСО code rides along: the rows are the codes found, in the same pass.
  const code = section.rowsBy !== undefined ? sql`coalesce(b.okso_code, '')` : sql`''`;
  return sql`${rm} AS ${sql.raw(`rm${i}`)}, ${cm} AS ${sql.raw(`cm${i}`)}, ${code} AS ${sql.raw(`code${i}`)},
    ${criteriaSql({ filters: section.population })} AS ${sql.raw(`in${i}`)}`;
}

/**
 * A section's part of the mask string: «row mask:column mask:listed code», or '' when the row is outside
 * the section's population or falls in none of its cells (a listed ОКСО code is kept: it makes a row).
 */
const sectionPart = (i: number) => {
  const [rm, cm, code, inside] = ['rm', 'cm', 'code', 'in'].map((c) => sql.ref(`y.${c}${i}`));
  return sql`CASE WHEN ${inside} AND ((strpos(${rm}, '1') > 0 AND strpos(${cm}, '1') > 0) OR ${code} <> '')
    THEN ${rm} || ':' || ${cm} || ':' || ${code} ELSE '' END`;
};

/**
 * All cells of several sections in ONE set-based statement over one `b` (sections that share how ages
 * are taken, see `baseKey`): the joins that make `b` — status periods, placements, persons — dominate a
 * form's cost, so a form whose sections count the same enrollments reads them once. A cell's rule is
 * its row's criteria AND its column's (with the column's measure), so each row of `b` is reduced, per
 * section, to two masks — the rows it falls in and the columns — rather than one flag per cell (a
 * region's ОО-1 evaluated 140 flags for each of 656,692 enrollments, twice). Per unit of count the
 * statement answers how many learners (units, enrollments) share each set of mask strings; a learner
 * counts in cell (r, c) of a section when one of their strings has r in that section's row mask and c
 * in its column mask. The sets are few, and are expanded into the cells here.
 */
export async function computeSections(
  ctx: Ctx,
  defined: Section[],
  scope: ReportScope,
  asOf: string,
): Promise<{ section: Section; values: CellValues }[]> {
  const kinds = new Set<Counting>();
  for (const s of defined)
    for (const row of [...s.rows.filter((r) => !r.manual), ...(s.rowsBy !== undefined ? [undefined] : [])])
      for (let c = 0; c < s.columns.length; c++) if (!s.columns[c]!.manual) kinds.add(kindAt(s, row, c));
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
  const masks = sql.join(defined.map((s, i) => sectionMasks(s, i)));
  const m = sql.join(
    defined.map((_, i) => sectionPart(i)),
    sql` || '|' || `,
  );
  const r = await sql<{ kind: Counting; sets: string; n: number }>`
    WITH ${sharedBase(defined, scope, asOf, { repeating: await repeatingEnrollments(ctx, defined, scope, asOf) })},
    pm AS MATERIALIZED (
      -- OFFSET 0 keeps each step a subquery: inlined, the masks would be evaluated once per use.
      SELECT person_id, unit_id, days, m
        FROM (SELECT y.person_id, y.unit_id, y.days, ${m} AS m
                FROM (SELECT b.person_id, b.unit_id, b.days, ${masks} FROM b OFFSET 0) y OFFSET 0) x
       -- A row that falls in no section's cells counts nowhere.
       WHERE m ~ '[^|]')
    ${sql.join(parts, sql` UNION ALL `)}`.execute(ctx.db);
  const decoded = r.rows.map((x) => ({
    kind: x.kind,
    n: x.n,
    perSection: x.sets.split(',').map((one) => one.split('|')),
  }));
  return defined.map((s, index) => {
    const pairsOf = (sets: string[][]) =>
      sets
        .map((p) => p[index]!)
        .filter((p) => p !== '')
        .map((p) => p.split(':') as [string, string, string]);
    const codes = new Set(
      decoded.flatMap((x) =>
        pairsOf(x.perSection)
          .map((p) => p[2])
          .filter((c) => c !== ''),
      ),
    );
    const section = withListedRows(s, [...codes]);
    return {
      section,
      values: cellValues(
        section,
        decoded.map((x) => ({ ...x, pairs: pairsOf(x.perSection) })),
      ),
    };
  });
}

/** A section's cells from the decoded mask sets: each set's learners in every cell one of its masks covers. */
function cellValues(
  section: Section,
  decoded: { kind: Counting; n: number; pairs: [string, string, string][] }[],
) {
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
          if (cm[j] === '1' && kindAt(section, section.rows[i], j) === kind) cells.add(i * width + j);
    }
    for (const cell of cells) counts.set(cell, (counts.get(cell) ?? 0) + n);
  }
  const values: CellValues = new Map();
  section.rows.forEach((row, i) => {
    section.columns.forEach((column, j) => {
      values.set(cellKey(row.code, column.code), counts.get(i * width + j) ?? 0);
    });
  });
  return values;
}

/** All cells of one section (see `computeSections`). */
export async function computeSection(ctx: Ctx, defined: Section, scope: ReportScope, asOf: string) {
  return (await computeSections(ctx, [defined], scope, asOf))[0]!;
}
