import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { PERSON_DATA } from '../../platform/person-data/registry.ts';
import type { MergeRule, PersonTable, Row, SetValues } from '../../platform/person-data/types.ts';

/** A table that takes part in merges: declared with a merge rule other than 'keep'. */
type Spec = PersonTable & { merge: Exclude<MergeRule, { rule: 'keep' }> };
const MERGED: Spec[] = PERSON_DATA.tables.filter((t): t is Spec => t.merge.rule !== 'keep');
const refsOf = (spec: Spec) => spec.refs.map((r) => r.column);

export type MergeTable = string;
/** 'ended': closed by the clerk's choice in the merge (an enrollment that does not stay). */
export type RowAction = 'moved' | 'revoked' | 'invalidated' | 'deleted' | 'ended';

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

/** The declaration of a table named in a merge record (undo reads records of older merges too). */
const specOf = (table: MergeTable) => {
  const spec = MERGED.find((t) => t.table === table);
  if (!spec) throw new Error(`merge record names ${table}, which no longer takes part in merges`);
  return spec;
};
const keyOf = (table: MergeTable) => specOf(table).merge.key;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameContent = (a: Row, b: Row) => Object.keys(a).every((c) => same(a[c], b[c]));

/** Every row naming the person, locked: nobody changes them while the merge decides. */
async function rowsOf(tx: Tx, spec: Spec, personId: string) {
  const refs = sql.join(
    refsOf(spec).map((c) => sql`t.${sql.ref(c)} = ${personId}`),
    sql` OR `,
  );
  const r = await sql<{ row: Row }>`SELECT to_jsonb(t.*) AS row FROM ${sql.table(spec.table)} AS t
    WHERE ${refs} ORDER BY t.${sql.ref(spec.merge.key)} FOR UPDATE`.execute(tx);
  return r.rows.map((x) => x.row);
}

type Decision = { action: RowAction; set: SetValues } | null;

/**
 * What happens to one of the merged person's rows, given the survivor's rows of the same table: the
 * table's merge rule decides. A twin in force is resolved as declared; a row that cannot move stays.
 */
function decide(
  spec: Spec,
  row: Row,
  survivorRows: Row[],
  ids: { survivor: string; merged: string },
  actor: string,
) {
  const moved: Record<string, unknown> = {};
  for (const c of refsOf(spec)) if (row[c] === ids.merged) moved[c] = ids.survivor;
  const move: Decision = { action: 'moved', set: moved };
  const rule = spec.merge;
  if (rule.rule === 'move') return move;
  const after = { ...row, ...moved };
  if (rule.twin(after, survivorRows) && (rule.inForce?.(row) ?? true)) {
    const then = rule.resolve;
    if (then.action === 'deleted') return { action: 'deleted', set: {} } as const;
    return { action: then.action, set: { ...(then.move ? moved : {}), ...then.set(row, actor) } };
  }
  return rule.cannotMove?.(after) ? null : move;
}

async function apply(tx: Tx, spec: Spec, row: Row, d: NonNullable<Decision>): Promise<RowChange> {
  const t = sql.table(spec.table);
  const k = spec.merge.key;
  const key = String(row[k]);
  if (d.action === 'deleted') {
    await sql`DELETE FROM ${t} WHERE ${sql.ref(k)} = ${key}`.execute(tx);
    return { table: spec.table, key, action: d.action, before: row, after: null };
  }
  const set = sql.join(Object.entries(d.set).map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
  const r = await sql<{ row: Row }>`UPDATE ${t} AS t SET ${set} WHERE t.${sql.ref(k)} = ${key}
    RETURNING to_jsonb(t.*) AS row`.execute(tx);
  const after = r.rows[0]!.row;
  return { table: spec.table, key: String(after[k]), action: d.action, before: row, after };
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
  for (const spec of MERGED) {
    if (!opts.health && spec.health) continue;
    const survivorRows = await rowsOf(tx, spec, ids.survivor);
    for (const row of await rowsOf(tx, spec, ids.merged)) {
      const d = decide(spec, row, survivorRows, ids, actor);
      if (d) changes.push(await apply(tx, spec, row, d));
    }
  }
  return changes;
}

/**
 * Applies a choice the clerk made in the merge to rows of a merged table, recorded like the rules'
 * own changes (before it the rules run, so they see the rows as chosen).
 */
export async function changeRows(
  tx: Tx,
  table: MergeTable,
  keys: string[],
  action: RowAction,
  set: SetValues,
): Promise<RowChange[]> {
  const spec = specOf(table);
  const out: RowChange[] = [];
  for (const key of keys) {
    const r = await sql<{ row: Row }>`SELECT to_jsonb(t.*) AS row FROM ${sql.table(table)} AS t
      WHERE t.${sql.ref(spec.merge.key)} = ${key} FOR UPDATE`.execute(tx);
    if (r.rows[0]) out.push(await apply(tx, spec, r.rows[0].row, { action, set }));
  }
  return out;
}

/** Rows whose current state is not what the merge left: undoing would overwrite someone's later change. */
export async function changedSince(tx: Tx, all: RowChange[]): Promise<MergeTable[]> {
  const changed = new Set<MergeTable>();
  // A row touched twice (ended by choice, then moved) is compared with what the last change left.
  const last = new Map(all.map((c) => [`${c.table}/${c.key}`, c]));
  for (const c of last.values()) {
    const t = sql.table(c.table);
    const r = await sql<{ row: Row }>`SELECT to_jsonb(t.*) AS row FROM ${t} AS t
      WHERE t.${sql.ref(keyOf(c.table))} = ${c.key} FOR UPDATE`.execute(tx);
    const now = r.rows[0]?.row ?? null;
    const ok =
      c.after === null
        ? now === null
        : now !== null && sameContent(c.after, now) && sameContent(now, c.after);
    if (!ok) changed.add(c.table);
  }
  return [...changed];
}

/** Puts every row back as it was before the merge, in reverse order of the changes. */
export async function restoreRows(tx: Tx, changes: RowChange[]) {
  for (const c of [...changes].reverse()) {
    const key = keyOf(c.table);
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
      WHERE ${sql.ref(key)} = ${c.key}`.execute(tx);
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
