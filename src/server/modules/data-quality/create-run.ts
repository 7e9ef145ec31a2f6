import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';

/**
 * A run of the month, registered with its job; null while another run is going (one at a time: the
 * unique index on running runs decides between two concurrent starts).
 */
export async function createRun(tx: Tx, userId: string | null, jobId: string) {
  const r = await sql<{ id: string }>`
    INSERT INTO data_quality_runs (month, started_by, job_id)
    VALUES (date_trunc('month', now())::date, ${userId}::uuid, ${jobId}::uuid)
    ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? null;
}
