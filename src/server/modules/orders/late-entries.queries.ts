import { sql } from 'kysely';
import { z } from 'zod';
import { isoDate } from '../../../common/schemas/primitives.ts';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { OrderActions } from './orders.policy.ts';

export const lateEntriesQuery = z.strictObject({ from: isoDate(), to: isoDate() });

export const lateEntriesSchema = z.object({
  items: z.array(
    z.object({
      organization: z.object({ id: z.string(), name: z.string() }),
      orders: z.number(),
      lines: z.number(),
      lateLines: z.number(),
      /** The longest lag, in working days, between an order's date and its entry. */
      maxLagWorkingDays: z.number(),
    }),
  ),
});

/**
 * Who enters movements later than the one working day regulations allow: per organization in the
 * reader's scope, signed orders dated in the period, their lines and the late ones. No learner is named.
 */
export async function listLateEntries(ctx: Ctx, q: z.infer<typeof lateEntriesQuery>) {
  const grants = authorize(ctx.actor!, OrderActions['order.read']);
  const r = await sql<{
    id: string;
    name: string;
    orders: number;
    lines: number;
    late: number;
    max_lag: number;
  }>`
    WITH lag AS (
      SELECT o.organization_id, o.id AS order_id,
             (SELECT count(*)::int FROM generate_series(o.order_date + 1,
                (m.entered_at AT TIME ZONE ${ctx.config.timeZone})::date, interval '1 day') d
               WHERE extract(isodow FROM d) < 6) AS days
        FROM orders o JOIN movements m ON m.order_id = o.id
       WHERE o.state <> 'draft' AND o.kind <> 'cancellation' AND o.promotion_run_id IS NULL
         AND o.order_date BETWEEN ${q.from}::date AND ${q.to}::date
         AND ${inScope('o.organization_id', grants)})
    SELECT g.id, g.short_name AS name, count(DISTINCT l.order_id)::int AS orders, count(*)::int AS lines,
           count(*) FILTER (WHERE l.days > 1)::int AS late, max(l.days)::int AS max_lag
      FROM lag l JOIN organizations g ON g.id = l.organization_id
     GROUP BY g.id, g.short_name
     ORDER BY count(*) FILTER (WHERE l.days > 1) DESC, g.short_name
     LIMIT 1000`.execute(ctx.db);
  return {
    items: r.rows.map((x) => ({
      organization: { id: x.id, name: x.name },
      orders: x.orders,
      lines: x.lines,
      lateLines: x.late,
      maxLagWorkingDays: x.max_lag,
    })),
  };
}
