import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { cellKey } from './control-ratios.ts';
import type { Section } from './definition.schema.ts';
import { isManualCell } from './manual-cells.ts';

/** Whose form the entered cells are: a form edition, a reference date, an organization. */
export type ManualKey = { formCode: string; edition: string; asOf: string; organizationId: string };

export type EnteredCell = {
  section: string;
  row: string;
  column: string;
  value: number;
  enteredAt: string;
  enteredBy: string | null;
};

export type ManualEntry = {
  id: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  cells: EnteredCell[];
};

/**
 * Locks the entry of a form's manual cells (when there is one) for the transaction: saves and the
 * signature take it, so a signature copies values no save is changing, and a save queued behind a
 * signature sees the form signed.
 */
export const lockManualEntry = (tx: Kysely<DB>, key: ManualKey) =>
  tx
    .selectFrom('stat_form_manual_entries')
    .select(['id', 'version'])
    .where('form_code', '=', key.formCode)
    .where('edition', '=', key.edition)
    .where('as_of', '=', key.asOf)
    .where('organization_id', '=', key.organizationId)
    .forUpdate()
    .executeTakeFirst();

/** The cells an organization entered for its form on a date, or null when it entered none yet. */
export async function readManualEntry(db: Kysely<DB>, key: ManualKey): Promise<ManualEntry | null> {
  const entry = await db
    .selectFrom('stat_form_manual_entries as m')
    .leftJoin('users as u', 'u.id', 'm.updated_by')
    .select(['m.id', 'm.version', 'm.updated_at', 'u.full_name'])
    .where('m.form_code', '=', key.formCode)
    .where('m.edition', '=', key.edition)
    .where('m.as_of', '=', key.asOf)
    .where('m.organization_id', '=', key.organizationId)
    .executeTakeFirst();
  if (!entry) return null;
  const cells = await db
    .selectFrom('stat_form_manual_cells as c')
    .leftJoin('users as u', 'u.id', 'c.entered_by')
    .select(['c.section', 'c.row_code', 'c.column_code', 'c.value', 'c.entered_at', 'u.full_name'])
    .where('c.entry_id', '=', entry.id)
    .orderBy('c.section')
    .orderBy('c.row_code')
    .orderBy('c.column_code')
    .execute();
  return {
    id: entry.id,
    version: entry.version,
    updatedAt: entry.updated_at.toISOString(),
    updatedBy: entry.full_name,
    cells: cells.map((c) => ({
      section: c.section,
      row: c.row_code,
      column: c.column_code,
      value: c.value,
      enteredAt: c.entered_at.toISOString(),
      enteredBy: c.full_name,
    })),
  };
}

/**
 * A section's cells as a report shows them: the computed ones, and each manual cell with the value the
 * organization entered — null while it is empty, and always for a territory (`entry` undefined), whose
 * computed form cannot know it.
 */
export function withManualValues(
  section: Section,
  computed: ReadonlyMap<string, number>,
  entry: ManualEntry | null | undefined,
): Map<string, number | null> {
  const values = new Map<string, number | null>(computed);
  const entered = new Map(
    (entry?.cells ?? [])
      .filter((c) => c.section === section.code)
      .map((c) => [cellKey(c.row, c.column), c.value]),
  );
  for (const r of section.rows)
    for (const c of section.columns)
      if (isManualCell(section, r.code, c.code))
        values.set(cellKey(r.code, c.code), entered.get(cellKey(r.code, c.code)) ?? null);
  return values;
}
