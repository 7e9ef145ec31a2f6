import { sql } from 'kysely';
import type { Tx } from '../db/tx.ts';
import { type AuditEntry, entryHash } from './chain.ts';

/**
 * Appends entries to the hash chain inside the caller's transaction. The head row lock serialises
 * writers, so ids follow chain order; it is held only until that transaction commits.
 */
export async function appendAudit(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await sql<{ last_hash: string }>`
    SELECT last_hash FROM audit_chain_head WHERE singleton FOR UPDATE`.execute(tx);
  let prev = head.rows[0]!.last_hash;
  const ids = await sql<{ id: string }>`
    SELECT nextval('audit_log_id_seq')::text AS id FROM generate_series(1, ${entries.length})`.execute(tx);
  const rows = entries.map((e, i) => {
    const id = ids.rows[i]!.id;
    const hash = entryHash(id, prev, e);
    const row = {
      id,
      at: e.at,
      actor_user_id: e.actorUserId,
      actor_role: e.actorRole,
      scope_node_id: e.scopeNodeId,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId,
      outcome: e.outcome,
      request_id: e.requestId,
      ip: e.ip,
      subject_ids: e.subjectIds,
      details: e.details === null ? null : JSON.stringify(e.details),
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  await tx.insertInto('audit_log').values(rows).execute();
  await tx
    .updateTable('audit_chain_head')
    .set({ last_id: rows.at(-1)!.id, last_hash: prev })
    .where('singleton', '=', true)
    .execute();
}
