import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import { loadRun } from './load-run.ts';

/**
 * A computed run's snapshot or result, byte for byte as stored: saved to a file, the snapshot gives the
 * result again under `npm run allocate`, and its SHA-256 is the run's input hash.
 */
export const readRunDocument = (ctx: Ctx, id: string, which: 'snapshot' | 'result') =>
  withTransaction(ctx.db, async (tx) => {
    await loadRun(tx, ctx, id, AllocationActions['allocation.read']);
    const doc = await sql<{ text: string }>`
      SELECT CASE ${which} WHEN 'snapshot' THEN snapshot ELSE result END AS text
        FROM allocation_run_documents WHERE run_id = ${id}`.execute(tx);
    if (!doc.rows[0]) throw new AppError('business_rule', 'Комплектование еще не рассчитано');
    return doc.rows[0].text;
  });
