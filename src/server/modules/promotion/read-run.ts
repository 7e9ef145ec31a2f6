import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/** A run with the orders it signed; the caller has checked scope. */
export async function readRun(db: Kysely<DB>, id: string) {
  const run = await db
    .selectFrom('promotion_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'organization_id', 'number', 'kind', 'state'])
    .where('promotion_run_id', '=', id)
    .orderBy('organization_id')
    .orderBy('kind')
    .execute();
  return {
    id: run.id,
    effectiveOn: run.effective_on,
    undoDeadline: run.undo_deadline,
    promoted: run.promoted,
    graduated: run.graduated,
    undoneAt: run.undone_at ? new Date(run.undone_at).toISOString() : null,
    orders: orders.map((o) => ({
      id: o.id,
      organizationId: o.organization_id,
      number: o.number,
      kind: o.kind,
      state: o.state,
    })),
  };
}
