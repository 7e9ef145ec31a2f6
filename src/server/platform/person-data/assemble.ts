import type { EraseRule, PersonRef, PersonTable, SectionPresenter } from './types.ts';

export type PersonDataRegistry = ReturnType<typeof assemble>;

/**
 * Puts the modules' declarations together, in the order given (merge moves and destruction erases
 * tables in this order), and refuses an inconsistent set: a table declared twice, a ref column
 * twice, a merge key missing, a section read by two presenters, two export columns in one place.
 */
export function assemble(declarations: PersonTable[]) {
  const byTable = new Map<string, PersonTable>();
  const presenters = new Map<string, SectionPresenter>();
  const columns = new Map<number, string>();
  for (const d of declarations) {
    if (byTable.has(d.table)) throw new Error(`person-data: ${d.table} is declared twice`);
    byTable.set(d.table, d);
    const cols = d.refs.map((r) => r.column);
    if (new Set(cols).size !== cols.length) throw new Error(`person-data: ${d.table} names a column twice`);
    if (d.merge.rule !== 'keep' && cols.length === 0) {
      throw new Error(`person-data: ${d.table} moves on merge but names no person column`);
    }
    if ('section' in d.citizen && d.citizen.present) {
      const other = presenters.get(d.citizen.section);
      if (other && other !== d.citizen.present) {
        throw new Error(`person-data: section ${d.citizen.section} has two presenters`);
      }
      presenters.set(d.citizen.section, d.citizen.present);
    }
    if ('columns' in d.export) {
      for (const c of d.export.columns) {
        if (columns.has(c.at))
          throw new Error(`person-data: export column ${c.name} takes place ${c.at} twice`);
        columns.set(c.at, c.name);
      }
    }
  }
  const tables = [...declarations];
  return {
    tables,
    get: (table: string) => byTable.get(table),
    /** The tables of special-category health data. */
    healthTables: tables.filter((t) => t.health).map((t) => t.table),
    /** Sections of the citizen's view read by a presenter of their own, in declaration order. */
    citizenSections: [...presenters.entries()].map(([section, present]) => ({ section, present })),
    /** Export columns in file order, each with its SQL expression. */
    exportColumns: tables
      .flatMap((t) => ('columns' in t.export ? t.export.columns : []))
      .sort((a, b) => a.at - b.at),
  };
}

/** The erase rule of one person column: its own, else its table's. */
export const eraseOf = (t: PersonTable, ref: PersonRef): EraseRule => ref.erase ?? t.erase;
