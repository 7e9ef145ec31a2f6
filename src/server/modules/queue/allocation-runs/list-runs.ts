import { sql } from 'kysely';
import type { z } from 'zod';
import { authorize } from '../../../platform/access/policy.ts';
import { inScope } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { runListQuery } from './allocation-runs.schemas.ts';
import { summarySql, toSummary } from './read-run.ts';

/** The runs of the municipalities the user covers, newest first. */
export async function listRuns(ctx: Ctx, q: z.infer<typeof runListQuery>) {
  const grants = authorize(ctx.actor!, AllocationActions['allocation.read']);
  const rows = await sql<Parameters<typeof toSummary>[0]>`
    ${summarySql}
     WHERE ${inScope('r.municipality_id', grants)}
       AND (${q.municipalityId ?? null}::uuid IS NULL OR r.municipality_id = ${q.municipalityId ?? null})
     ORDER BY r.created_at DESC LIMIT 200`.execute(ctx.db);
  return { items: rows.rows.map(toSummary) };
}
