import { sql } from 'kysely';
import type { z } from 'zod';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { OrderActions } from './orders.policy.ts';
import type { orderListQuery } from './orders.schemas.ts';

const LIST_LIMIT = 500;

/**
 * The order register of one organization, newest first. Lines are counted, not listed: the register
 * names no learner. Late lines are those entered more than one working day (Monday–Friday) after the
 * order's date.
 */
export async function listOrders(ctx: Ctx, q: z.infer<typeof orderListQuery>) {
  const grants = authorize(ctx.actor!, OrderActions['order.read']);
  if (!(await grantCovering(ctx.db, grants, q.organizationId)))
    throw forbidden('Организация вне вашей области доступа');
  const r = await sql<{
    id: string;
    number: string;
    order_date: string;
    kind: 'enrollment';
    state: 'draft';
    signed_at: Date | null;
    lines: number;
    late: number;
  }>`
    SELECT o.id, o.number, o.order_date, o.kind, o.state, o.signed_at,
           (SELECT count(*)::int FROM movements m WHERE m.order_id = o.id) AS lines,
           CASE WHEN o.state = 'draft' THEN 0 ELSE (
             SELECT count(*)::int FROM movements m
              WHERE m.order_id = o.id
                AND (SELECT count(*) FROM generate_series(o.order_date + 1,
                       (m.entered_at AT TIME ZONE ${ctx.config.timeZone})::date, interval '1 day') d
                      WHERE extract(isodow FROM d) < 6) > 1) END AS late
      FROM orders o
     WHERE o.organization_id = ${q.organizationId}
       AND (${q.state ?? null}::text IS NULL OR o.state = ${q.state ?? null})
       AND (${q.kind ?? null}::text IS NULL OR o.kind = ${q.kind ?? null})
       AND (${q.from ?? null}::date IS NULL OR o.order_date >= ${q.from ?? null}::date)
       AND (${q.to ?? null}::date IS NULL OR o.order_date <= ${q.to ?? null}::date)
     ORDER BY o.order_date DESC, o.created_at DESC
     LIMIT ${LIST_LIMIT}`.execute(ctx.db);
  return {
    items: r.rows.map((o) => ({
      id: o.id,
      number: o.number,
      orderDate: o.order_date,
      kind: o.kind,
      state: o.state,
      movementCount: o.lines,
      lateCount: o.late,
      signedAt: o.signed_at ? new Date(o.signed_at).toISOString() : null,
    })),
  };
}
