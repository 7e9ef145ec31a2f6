import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { Check, CheckScope } from './checks.ts';

/**
 * One check over a scope, in one statement: the objects it finds keep their open finding (seen again)
 * or get a new one; then the open findings of that check in the scope it no longer finds close. Runs in
 * the caller's transaction, so a reader sees a check's findings before or after, never half.
 */
export async function applyCheck(tx: Tx, check: Check, scope: CheckScope, runId: string | null) {
  const opened = await sql<{ n: number }>`
    WITH found AS (${check.found(scope)}),
    seen AS (
      UPDATE data_quality_findings f SET last_seen_at = now()
        FROM found
       WHERE f.check_code = ${check.code} AND f.closed_at IS NULL
         AND f.organization_id = found.organization_id AND f.object_id = found.object_id
      RETURNING f.id),
    added AS (
      INSERT INTO data_quality_findings (check_code, organization_id, object_type, object_id, opened_run_id)
      SELECT ${check.code}, found.organization_id, ${check.objectType}, found.object_id, ${runId}::uuid FROM found
       WHERE NOT EXISTS (SELECT 1 FROM data_quality_findings f
                          WHERE f.check_code = ${check.code} AND f.closed_at IS NULL
                            AND f.organization_id = found.organization_id AND f.object_id = found.object_id)
      ON CONFLICT DO NOTHING
      RETURNING id)
    SELECT (SELECT count(*) FROM added)::int AS n, (SELECT count(*) FROM seen)::int AS seen`.execute(tx);
  // The statement above stamped last_seen_at with the transaction's now(): what it did not see is fixed.
  const closed = await sql`
    UPDATE data_quality_findings f SET closed_at = now(), closed_run_id = ${runId}::uuid
     WHERE f.check_code = ${check.code} AND f.closed_at IS NULL AND f.last_seen_at < now()
       AND ${scope.organizations('f.organization_id')}`.execute(tx);
  return { opened: opened.rows[0]?.n ?? 0, closed: Number(closed.numAffectedRows ?? 0) };
}
