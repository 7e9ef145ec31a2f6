import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { criteriaAt } from './cell-sql.ts';
import { type CellValues, cellKey } from './control-ratios.ts';
import type { Counting, Section } from './definition.schema.ts';
import { withListedRows } from './listed-rows.ts';
import { repeatingEnrollments } from './repeating-enrollments.ts';
import type { ReportScope } from './report-scope.ts';
import { ageDateOf, sharedBase } from './section-base.ts';

/** Predicates per bigint of a mask: its sign bit stays clear. */
const BITS = 62;

/**
 * Which rows (columns) a row of `b` falls in, as bits: predicate k is bit k % 62 of the k / 62-th
 * bigint, the bigints written in decimal and joined by '.'. Integer sums allocate nothing per predicate
 * — a string of '1'/'0' flags allocated a text per predicate per enrollment, which cost more than the
 * predicates themselves over a region's enrollments.
 */
function mask(predicates: RawBuilder<boolean>[]): RawBuilder<string> {
  const chunks: RawBuilder<string>[] = [];
  for (let i = 0; i < predicates.length; i += BITS) {
    const terms = predicates
      .slice(i, i + BITS)
      .map((p, k) => sql`CASE WHEN ${p} THEN ${sql.lit(String(2n ** BigInt(k)))}::int8 ELSE 0::int8 END`);
    chunks.push(sql<string>`(${sql.join(terms, sql` + `)})::text`);
  }
  return chunks.length === 1 ? chunks[0]! : sql<string>`concat_ws('.', ${sql.join(chunks)})`;
}

/** The positions of the set bits of a mask (see `mask`). */
export function maskBits(mask: string): number[] {
  const bits: number[] = [];
  mask.split('.').forEach((chunk, c) => {
    let v = BigInt(chunk);
    for (let k = 0; v > 0n; k++, v >>= 1n) if (v & 1n) bits.push(c * BITS + k);
  });
  return bits;
}

/** The unit a cell counts in: its row's, else its column's, else its section's. */
const kindAt = (section: Section, row: Section['rows'][number] | undefined, c: number) =>
  row?.count ?? section.columns[c]!.count ?? section.count;

/**
 * A section's part of a row of `b`'s mask string: «row mask:column mask:listed code», or '' outside the
 * section's population (no predicate of its cells is evaluated there). Each mask is referenced once, so
 * the expression stays one evaluation per row when the planner inlines `b` — and stays below the
 * Gather, evaluated by the parallel workers. Ages compare birth dates with bounds fixed per statement.
 */
function sectionPart(section: Section, asOf: string): RawBuilder<string> {
  const ageDate = section.ageRule === 'full_years_on_each_day' ? null : (ageDateOf(section, asOf) ?? asOf);
  // A manual row (column) is entered by hand: no enrollment falls in it.
  const rm = mask(section.rows.map((r) => (r.manual ? sql<boolean>`false` : criteriaAt(ageDate, r))));
  const cm = mask(
    section.columns.map((c) =>
      c.manual
        ? sql<boolean>`false`
        : sql<boolean>`(b.measure = ${c.measure ?? 'stock'} AND ${criteriaAt(ageDate, c)})`,
    ),
  );
  // With listed rows the ОКСО code rides along: the rows are the codes found, in the same pass.
  const code = section.rowsBy !== undefined ? sql`coalesce(b.okso_code, '')` : sql`''`;
  return sql<string>`CASE WHEN ${criteriaAt(ageDate, { filters: section.population })}
    THEN concat(${rm}, ':', ${cm}, ':', ${code}) ELSE '' END`;
}

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
  const m = sql.join(
    defined.map((s) => sectionPart(s, asOf)),
    sql`, '|', `,
  );
  const r = await sql<{ kind: Counting; sets: string; n: number }>`
    WITH ${sharedBase(defined, scope, asOf, { repeating: await repeatingEnrollments(ctx, defined, scope, asOf) })},
    -- Not filtered here: a filter would evaluate the masks again. A row in no cell adds nothing.
    pm AS MATERIALIZED (SELECT b.person_id, b.unit_id, b.days, concat(${m}) AS m FROM b)
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
      const rows = maskBits(rm);
      const columns = maskBits(cm);
      if (okso !== '') rows.push(rowIndex.get(okso)!);
      for (const i of rows)
        for (const j of columns) if (kindAt(section, section.rows[i], j) === kind) cells.add(i * width + j);
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
