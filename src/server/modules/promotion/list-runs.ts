import { sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { PromotionActions } from './promotion.policy.ts';
import { readRun } from './read-run.ts';

const LIMIT = 20;

/**
 * The latest runs made for an organization (its own, or its territory's) within the actor's scope: the
 * wizard shows the last one, to undo it before its deadline.
 */
export async function listRuns(ctx: Ctx, q: { organizationId?: string | undefined }) {
  const grants = authorize(ctx.actor!, PromotionActions['promotion.run']);
  const nodes = scopeNodes(grants);
  const rows = await sql<{ id: string }>`
    SELECT r.id FROM promotion_runs r
     WHERE r.scope_node_id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))
       AND (${q.organizationId ?? null}::uuid IS NULL
            OR EXISTS (SELECT 1 FROM orders o WHERE o.promotion_run_id = r.id
                          AND o.organization_id = ${q.organizationId ?? null}::uuid))
     ORDER BY r.created_at DESC LIMIT ${LIMIT}`.execute(ctx.db);
  return { items: await Promise.all(rows.rows.map((r) => readRun(ctx.db, r.id))) };
}
