import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { isHealthTable } from '../person-health/health-presenter.ts';

type Row = Record<string, unknown>;

/** Tables holding a person's data, the column that identifies a row and the columns naming persons. */
const TABLES = [
  { table: 'person_documents', key: 'id', refs: ['person_id'] },
  { table: 'person_addresses', key: 'id', refs: ['person_id'] },
  { table: 'person_contacts', key: 'id', refs: ['person_id'] },
  { table: 'person_hardships', key: 'id', refs: ['person_id'] },
  { table: 'representations', key: 'id', refs: ['learner_id', 'representative_id'] },
  { table: 'enrollments', key: 'id', refs: ['person_id'] },
  { table: 'consents', key: 'id', refs: ['subject_id', 'representative_id'] },
  { table: 'person_health', key: 'person_id', refs: ['person_id'] },
  { table: 'person_disabilities', key: 'id', refs: ['person_id'] },
  { table: 'person_special_needs', key: 'id', refs: ['person_id'] },
] as const;

type Spec = (typeof TABLES)[number];
export type MergeTable = Spec['table'];
export type RowAction = 'moved' | 'revoked' | 'invalidated' | 'deleted';

/**
 * One row the merge touched: its whole state before and after (null: deleted), so undo can check that
 * nothing changed it since and put back exactly the columns the merge changed.
 */
export type RowChange = {
  table: MergeTable;
  /** Value of the key column after the merge (of a deleted row: before it). */
  key: string;
  action: RowAction;
  before: Row;
  after: Row | null;
};

const specOf = (table: MergeTable) => TABLES.find((t) => t.table === table)!;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameContent = (a: Row, b: Row, skip: string[]) =>
  Object.keys(a).every((c) => skip.includes(c) || same(a[c], b[c]));
const OWN_COLUMNS = ['id', 'person_id', 'created_at'];

/** Every row naming the person, locked: nobody changes them while the merge decides. */
async function rowsOf(tx: Tx, spec: Spec, personId: string) {
  const refs = sql.join(
    spec.refs.map((c) => sql`t.${sql.ref(c)} = ${personId}`),
    sql` OR `,
  );
  const r = await sql<{ row: Row }>`SELECT to_jsonb(t.*) AS row FROM ${sql.table(spec.table)} AS t
    WHERE ${refs} ORDER BY t.${sql.ref(spec.key)} FOR UPDATE`.execute(tx);
  return r.rows.map((x) => x.row);
}

type Decision = { action: RowAction; set: Record<string, unknown | RawBuilder<unknown>> } | null;

/** What happens to one of the merged person's rows, given the survivor's rows of the same table. */
function decide(
  spec: Spec,
  row: Row,
  survivorRows: Row[],
  ids: { survivor: string; merged: string },
  actor: string,
) {
  const moved: Record<string, unknown> = {};
  for (const c of spec.refs) if (row[c] === ids.merged) moved[c] = ids.survivor;
  const move: Decision = { action: 'moved', set: moved };
  switch (spec.table) {
    case 'representations': {
      const learner = moved.learner_id ?? row.learner_id;
      const representative = moved.representative_id ?? row.representative_id;
      const active = row.revoked_at === null;
      // A link between the two records would become a link of the survivor to itself.
      if (learner === representative)
        return active ? ({ action: 'revoked', set: { revoked_at: sql`now()` } } as const) : null;
      const twin = survivorRows.some(
        (s) => s.revoked_at === null && s.learner_id === learner && s.representative_id === representative,
      );
      return active && twin ? ({ action: 'revoked', set: { revoked_at: sql`now()` } } as const) : move;
    }
    case 'person_documents': {
      // The same document entered twice (once without its series) stays once: the survivor's.
      const twin = survivorRows.some(
        (s) =>
          s.invalidated_at === null &&
          s.type === row.type &&
          s.number === row.number &&
          (s.series === row.series || s.series === null || row.series === null),
      );
      return row.invalidated_at === null && twin
        ? ({ action: 'invalidated', set: { invalidated_at: sql`now()`, invalidated_by: actor } } as const)
        : move;
    }
    case 'person_addresses':
    case 'person_contacts':
    case 'person_hardships':
      // Entered identically on both records: kept once; the row itself lives on in the merge record.
      return survivorRows.some((s) => sameContent(row, s, OWN_COLUMNS))
        ? ({ action: 'deleted', set: {} } as const)
        : move;
    case 'enrollments':
      // Both records enrolled in one organization: one active enrollment per person and organization
      // (enrollments_active_uq). The other moves too, closed on its first day, so history and undo keep it.
      return row.ended_on === null &&
        survivorRows.some((s) => s.ended_on === null && s.organization_id === row.organization_id)
        ? ({ action: 'moved', set: { ...moved, ended_on: row.started_on } } as const)
        : move;
    case 'person_health':
      // One health record per person: the survivor's stays, the other's content is kept in the merge record.
      return survivorRows.length > 0 ? ({ action: 'deleted', set: {} } as const) : move;
    default:
      return move;
  }
}

async function apply(tx: Tx, spec: Spec, row: Row, d: NonNullable<Decision>): Promise<RowChange> {
  const t = sql.table(spec.table);
  const key = String(row[spec.key]);
  if (d.action === 'deleted') {
    await sql`DELETE FROM ${t} WHERE ${sql.ref(spec.key)} = ${key}`.execute(tx);
    return { table: spec.table, key, action: d.action, before: row, after: null };
  }
  const set = sql.join(Object.entries(d.set).map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
  const r = await sql<{ row: Row }>`UPDATE ${t} AS t SET ${set} WHERE t.${sql.ref(spec.key)} = ${key}
    RETURNING to_jsonb(t.*) AS row`.execute(tx);
  const after = r.rows[0]!.row;
  return { table: spec.table, key: String(after[spec.key]), action: d.action, before: row, after };
}

/**
 * Moves (or revokes, invalidates, deletes) every row of the merged person; returns what it did to each.
 * Health rows move only when the actor may write health data of both persons; otherwise they stay on
 * the merged record untouched (and out of the merge record, so undo has nothing of theirs to restore).
 */
export async function moveRows(
  tx: Tx,
  ids: { survivor: string; merged: string },
  actor: string,
  opts: { health: boolean },
) {
  const changes: RowChange[] = [];
  for (const spec of TABLES) {
    if (!opts.health && isHealthTable(spec.table)) continue;
    const survivorRows = await rowsOf(tx, spec, ids.survivor);
    for (const row of await rowsOf(tx, spec, ids.merged)) {
      const d = decide(spec, row, survivorRows, ids, actor);
      if (d) changes.push(await apply(tx, spec, row, d));
    }
  }
  return changes;
}

/** Rows whose current state is not what the merge left: undoing would overwrite someone's later change. */
export async function changedSince(tx: Tx, changes: RowChange[]): Promise<MergeTable[]> {
  const changed = new Set<MergeTable>();
  for (const c of changes) {
    const spec = specOf(c.table);
    const t = sql.table(c.table);
    const r = await sql<{ row: Row }>`SELECT to_jsonb(t.*) AS row FROM ${t} AS t
      WHERE t.${sql.ref(spec.key)} = ${c.key} FOR UPDATE`.execute(tx);
    const now = r.rows[0]?.row ?? null;
    const ok =
      c.after === null
        ? now === null
        : now !== null && sameContent(c.after, now, []) && sameContent(now, c.after, []);
    if (!ok) changed.add(c.table);
  }
  return [...changed];
}

/** Puts every row back as it was before the merge, in reverse order of the changes. */
export async function restoreRows(tx: Tx, changes: RowChange[]) {
  for (const c of [...changes].reverse()) {
    const spec = specOf(c.table);
    const t = sql.table(c.table);
    const before = JSON.stringify(c.before);
    // A deleted row comes back whole; an updated one gets back the columns the merge changed.
    const cols =
      c.after === null
        ? Object.keys(c.before)
        : Object.keys(c.before).filter((col) => !same(c.before[col], c.after![col]));
    if (cols.length === 0) continue;
    const list = sql.join(cols.map((col) => sql.ref(col)));
    if (c.after === null) {
      await sql`INSERT INTO ${t} (${list})
        SELECT ${list} FROM jsonb_populate_record(NULL::${t}, ${before}::jsonb)`.execute(tx);
      continue;
    }
    await sql`UPDATE ${t} SET (${list}) =
        (SELECT ${list} FROM jsonb_populate_record(NULL::${t}, ${before}::jsonb))
      WHERE ${sql.ref(spec.key)} = ${c.key}`.execute(tx);
  }
}

/** Per table, how many rows each action touched: what the history and the API show of a merge. */
export function summarize(changes: RowChange[]) {
  const out: Record<string, Record<string, number>> = {};
  for (const c of changes) {
    const t = out[c.table] ?? {};
    t[c.action] = (t[c.action] ?? 0) + 1;
    out[c.table] = t;
  }
  return out;
}
