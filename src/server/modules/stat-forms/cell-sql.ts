import { type RawBuilder, sql } from 'kysely';
import type { Filter, FilterField, Section } from './definition.schema.ts';

/**
 * The cell-rule vocabulary compiled to SQL over the `base` relation of a section (one row per counted
 * enrollment, see section-base.ts). Column names are fixed here; a definition contributes values only,
 * always as bound parameters.
 */
const COLUMN: Record<Exclude<FilterField, 'programme.adapted' | 'person.citizenship'>, string> = {
  'organization.kind': 'b.organization_kind',
  'person.sex': 'b.sex',
  'programme.level': 'b.programme_level',
  'unit.kind': 'b.unit_kind',
  'unit.groupFocus': 'b.group_focus',
  'unit.stayMode': 'b.stay_mode',
};

export function filterSql(f: Filter): RawBuilder<boolean> {
  switch (f.field) {
    case 'programme.adapted':
      return sql<boolean>`coalesce(b.programme_adapted, false) = ${f.equals}`;
    case 'person.citizenship':
      return sql<boolean>`b.citizenship = ANY(${f.in}::text[])`;
    default:
      return sql<boolean>`${sql.ref(COLUMN[f.field])}::text = ANY(${f.in}::text[])`;
  }
}

export type Criteria = {
  filters: Filter[];
  age?: { min?: number | undefined; max?: number | undefined } | undefined;
};

/** The conjunction of a row's or column's criteria; TRUE when it adds none. */
export function criteriaSql(...parts: Criteria[]): RawBuilder<boolean> {
  const terms: RawBuilder<boolean>[] = [];
  for (const c of parts) {
    terms.push(...c.filters.map(filterSql));
    if (c.age?.min !== undefined) terms.push(sql<boolean>`b.age >= ${c.age.min}::int`);
    if (c.age?.max !== undefined) terms.push(sql<boolean>`b.age <= ${c.age.max}::int`);
  }
  return terms.length === 0 ? sql<boolean>`TRUE` : sql<boolean>`(${sql.join(terms, sql` AND `)})`;
}

/** The row and column of a cell, or null when the section has no such cell. */
export function findCell(section: Section, row: string, column: string) {
  const r = section.rows.find((x) => x.code === row);
  const c = section.columns.find((x) => x.code === column);
  return r && c ? { row: r, column: c, count: r.count ?? section.count } : null;
}
