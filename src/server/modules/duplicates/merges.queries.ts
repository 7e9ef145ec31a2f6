import type { Kysely, Selectable } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { RowChange } from './merge-rows.ts';
import { summarize } from './merge-rows.ts';

/** The columns of persons a merge changes and undo restores (version moves on: history is append-only). */
export type PersonState = {
  snils: string | null;
  status: string;
  merged_into_id: string | null;
  version: number;
};

/** Everything undo needs, stored in person_merges.moved. */
export type MergeRecord = {
  format: 1;
  survivor: { before: PersonState; after: PersonState };
  merged: { before: PersonState; after: PersonState };
  rows: RowChange[];
};

export type MergeRow = Selectable<DB['person_merges']>;

/**
 * The system's own reads for history snapshots, not the actor's: the merged record leaves the actor's
 * scope once its enrollments move, yet its history must show the state it was left in.
 */
export const UNSCOPED: Grant[] = [
  {
    assignmentId: 'system',
    role: 'regional_operator',
    scopeNodeId: null,
    scopeName: null,
    healthAccess: false,
  },
];

/** What the API shows of a merge: who, when, why, and per table how many rows moved — never the rows. */
export const mergeView = (m: MergeRow) => ({
  id: m.id,
  survivorId: m.survivor_id,
  mergedId: m.merged_id,
  reason: m.reason,
  mergedAt: m.merged_at.toISOString(),
  mergedBy: m.merged_by,
  undoneAt: m.undone_at?.toISOString() ?? null,
  undoneBy: m.undone_by,
  moved: summarize((m.moved as MergeRecord).rows ?? []),
});

export async function lockPersons(tx: Tx, ids: string[]) {
  const rows = await tx
    .selectFrom('persons')
    .select(['id', 'snils', 'status', 'merged_into_id', 'version'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r as PersonState & { id: string }]));
}

/** Merges in which any of the ids took part, as survivor or as merged record; latest first. */
export function mergesOf(db: Kysely<DB>, ids: string[]) {
  return db
    .selectFrom('person_merges')
    .selectAll()
    .where((eb) => eb.or([eb('survivor_id', 'in', ids), eb('merged_id', 'in', ids)]))
    .orderBy('merged_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
