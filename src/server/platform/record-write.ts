import { type AuditFact, auditInTx, type Ctx } from './context.ts';
import type { Tx } from './db/tx.ts';
import { recordChange } from './history.ts';

type Snapshot = Record<string, unknown>;

/** A new version of a record: what it was and became, under its history action («create», «update»…). */
export type RecordVersion = {
  type: string;
  id: string;
  version: number;
  change: string;
  before: Snapshot | null;
  after: Snapshot;
};

/**
 * A write to a versioned record leaves two traces in its transaction, both or neither: the history row
 * (the diff and the new state, by the acting user) and the audit row naming the same record.
 */
export async function recordWrite(
  tx: Tx,
  ctx: Ctx,
  record: RecordVersion,
  audit: Omit<AuditFact, 'objectType' | 'objectId'>,
): Promise<void> {
  await recordChange(tx, {
    entityType: record.type,
    entityId: record.id,
    version: record.version,
    action: record.change,
    actorUserId: ctx.actor?.userId ?? null,
    before: record.before,
    after: record.after,
  });
  await auditInTx(tx, ctx, { ...audit, objectType: record.type, objectId: record.id });
}
