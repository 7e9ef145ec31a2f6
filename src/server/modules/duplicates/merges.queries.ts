import type { Kysely, Selectable } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { Audience } from '../../platform/presenter/presenter.ts';
import { isHealthTable } from '../person-health/health-presenter.ts';
import { personRedactor } from '../persons/person.presenter.ts';
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
  /** Whether the actor could move health rows (absent in records older than this rule: they could). */
  health?: boolean;
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

/**
 * What the API shows of a merge: who, when, why, and per table how many rows moved — never the rows;
 * the health tables only to an audience that may see health (the person presenter's rule).
 */
export const mergeView = (m: MergeRow, audience: Audience) => ({
  id: m.id,
  survivorId: m.survivor_id,
  mergedId: m.merged_id,
  reason: m.reason,
  mergedAt: m.merged_at.toISOString(),
  mergedBy: m.merged_by,
  undoneAt: m.undone_at?.toISOString() ?? null,
  undoneBy: m.undone_by,
  moved: personRedactor(audience)(summarize((m.moved as MergeRecord).rows ?? [])) as Record<
    string,
    Record<string, number>
  >,
});

/** Whether a stored merge moved or could have moved health rows: undoing it moves them back. */
export const mergeTouchedHealth = (rec: MergeRecord) =>
  rec.health ?? rec.rows.some((r) => isHealthTable(r.table));

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
