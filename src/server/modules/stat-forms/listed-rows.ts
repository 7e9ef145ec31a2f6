import { OKSO_SPO } from '../../../common/education-dictionary.ts';
import { type FormDefinition, OKSO, type Section } from './definition.schema.ts';

/** In a control ratio, the row `~` stands for every row the registry listed, summed. */
export const LISTED = '~';

/** A row the registry lists by itself in a section with `rowsBy`: coded by its ОКСО code. */
export const isListedRow = (section: Section, code: string) =>
  section.rowsBy !== undefined && OKSO.test(code);

const listedRow = (okso: string): Section['rows'][number] => ({
  code: okso,
  label: OKSO_SPO.get(okso) ?? `Код ОКСО ${okso}`,
  filters: [{ field: 'programme.okso', in: [okso] }],
});

/** The section with its listed rows after the fixed ones, in code order. */
export const withListedRows = (section: Section, codes: readonly string[]): Section =>
  section.rowsBy ? { ...section, rows: [...section.rows, ...[...codes].sort().map(listedRow)] } : section;

/**
 * The section a cell's row belongs to, with that row: a fixed row, or a listed one (any ОКСО code —
 * a code no enrollment carries is a cell of zero, as in the form).
 */
export function sectionOfRow(def: FormDefinition, row: string): Section | undefined {
  const fixed = def.sections.find((s) => s.rows.some((r) => r.code === row));
  if (fixed) return fixed;
  const listing = def.sections.find((s) => isListedRow(s, row));
  return listing && withListedRows(listing, [row]);
}
