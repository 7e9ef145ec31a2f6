import type { AuditFact, Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { mapUniqueViolation } from './organization-rules.ts';
import { type OrganizationView, organizationSnapshot } from './organization-view.ts';
import { loadOrganizationInScope } from './organizations.queries.ts';

/**
 * Stores the next version of an organization read under lock, then its history entry and audit fact, in
 * the caller's transaction: an edit and a status change keep the same version and history rules.
 */
export async function writeOrganizationVersion(
  ctx: Ctx,
  tx: Tx,
  before: OrganizationView,
  write: {
    action: string;
    set: Record<string, unknown>;
    change: string;
    fact: Omit<AuditFact, 'objectType' | 'objectId'>;
  },
): Promise<OrganizationView> {
  await tx
    .updateTable('organizations')
    .set({ ...write.set, version: before.version + 1, updated_at: new Date(), updated_by: ctx.actor!.userId })
    .where('id', '=', before.id)
    .execute()
    .catch(mapUniqueViolation);
  const { view: after } = await loadOrganizationInScope(ctx, tx, before.id, write.action);
  const [beforeSnapshot, afterSnapshot] = [organizationSnapshot(before), organizationSnapshot(after)];
  const record = { type: 'organization', id: before.id, version: after.version, change: write.change };
  await recordWrite(tx, ctx, { ...record, before: beforeSnapshot, after: afterSnapshot }, write.fact);
  return after;
}
