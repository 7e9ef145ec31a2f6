import { sql } from 'kysely';
import type { Pool } from 'pg';
import type { Tx } from '../db/tx.ts';
import type { AuditEntry } from './chain.ts';

/**
 * The batch as the audit_append function (migrations 0005, 0011) takes it: the columns only. The
 * function hashes what it stores, so nothing here has to match PostgreSQL's spelling of a value.
 */
export function auditBatchJson(entries: AuditEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({
      at: e.at.toISOString(),
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
      details: e.details,
    })),
  );
}

/**
 * Appends entries to the hash chain inside the caller's transaction. The function locks the chain
 * head, so ids follow chain order; the lock is held until that transaction commits. Use cases call
 * auditInTx instead, which buffers the entries and appends them once, just before the commit.
 */
export async function appendAudit(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`SELECT audit_append(${auditBatchJson(entries)}::jsonb)`.execute(tx);
}

/**
 * Appends entries in a transaction of their own: one statement, one round trip, committed when it
 * returns. A named statement, so PostgreSQL plans it once per connection.
 */
export async function appendAuditAlone(pool: Pool, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await pool.query({
    name: 'audit-append',
    text: 'SELECT audit_append($1::jsonb)',
    values: [auditBatchJson(entries)],
  });
}
