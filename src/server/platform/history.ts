import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from './db/schema.ts';
import type { Tx } from './db/tx.ts';

/** The versions of a record as the history routes answer them. */
export const historySchema = z
  .object({
    items: z.array(
      z.object({
        version: z.number(),
        action: z.string(),
        at: z.string(),
        actor: z.object({ id: z.string(), fullName: z.string() }).nullable(),
        changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
      }),
    ),
  })
  .meta({ id: 'History' });

export type FieldChange = { field: string; before: unknown; after: unknown };

const IGNORED = new Set(['version', 'updated_at', 'updated_by', 'created_at', 'created_by']);

/** Top-level field differences; nested JSON values compare by content. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const field of keys) {
    if (IGNORED.has(field)) continue;
    const a = before?.[field] ?? null;
    const b = after[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/** Every change writes a history row with the diff and the full new state, so any version can be shown. */
export async function recordChange(
  tx: Tx,
  input: {
    entityType: string;
    entityId: string;
    version: number;
    action: string;
    actorUserId: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
    /** The change in words' source when it is not a field of the snapshot (a link to another record). */
    changes?: FieldChange[];
  },
): Promise<void> {
  await tx
    .insertInto('change_history')
    .values({
      entity_type: input.entityType,
      entity_id: input.entityId,
      version: input.version,
      action: input.action,
      actor_user_id: input.actorUserId,
      changes: JSON.stringify(input.changes ?? diff(input.before, input.after)),
      snapshot: JSON.stringify(input.after),
    })
    .execute();
}

/** The versions of one entity, newest first, with who made each change. */
export async function readHistory(db: Kysely<DB>, entityType: string, entityId: string) {
  const rows = await db
    .selectFrom('change_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_user_id')
    .select(['h.version', 'h.action', 'h.at', 'h.changes', 'u.id as actor_id', 'u.full_name as actor_name'])
    .where('h.entity_type', '=', entityType)
    .where('h.entity_id', '=', entityId)
    .orderBy('h.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    at: r.at.toISOString(),
    actor: r.actor_id ? { id: r.actor_id, fullName: r.actor_name ?? '' } : null,
    changes: r.changes as FieldChange[],
  }));
}
