import { sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { IntakeActions } from './intake.policy.ts';
import type { IntakeLogQuery } from './intake.schemas.ts';
import type { Kind, Reject } from './intake-batch.ts';

type SourceRow = {
  organization_id: string;
  organization_name: string;
  source_system: string;
  kind: Kind;
  last_batch_id: string;
  last_at: Date;
  last_accepted: number;
  last_rejected: number;
  total_accepted: string;
  total_rejected: string;
};
type BatchRow = {
  id: string;
  kind: Kind;
  received_at: Date;
  organization_ids: string[];
  items: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  errors: Reject[];
};

/**
 * The intake log of the organizations in the reader's scope: per organization and source system the
 * last batch with its counts and the totals, and the batches themselves newest first with their
 * rejected items (the first 100 of each). The log names no person: index, source id, code, reason.
 */
export async function readIntakeLog(ctx: Ctx, q: IntakeLogQuery) {
  const nodes = scopeNodes(authorize(ctx.actor!, IntakeActions['intake.read']));
  const inScope = sql<boolean>`IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))`;
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  if (q.cursor && !after) throw new AppError('validation_failed', 'Некорректный курсор');
  const sources = await sql<SourceRow>`
    SELECT s.organization_id, o.short_name AS organization_name, s.source_system, s.kind, s.last_batch_id,
           s.last_at, s.last_accepted, s.last_rejected, s.total_accepted::text, s.total_rejected::text
      FROM intake_sources s JOIN organizations o ON o.id = s.organization_id
     WHERE s.organization_id ${inScope}
       ${q.organizationId ? sql`AND s.organization_id = ${q.organizationId}` : sql``}
       ${q.sourceSystem ? sql`AND s.source_system = ${q.sourceSystem}` : sql``}
       ${q.kind ? sql`AND s.kind = ${q.kind}` : sql``}
     ORDER BY o.short_name, s.source_system, s.kind
     LIMIT 500`.execute(ctx.db);
  const batches = await sql<BatchRow>`
    SELECT b.id, b.kind, b.received_at, b.organization_ids::text[] AS organization_ids, b.items, b.accepted,
           b.rejected, b.inserted, b.updated, b.errors
      FROM intake_batches b
     WHERE EXISTS (SELECT 1 FROM unnest(b.organization_ids) AS u(org) WHERE u.org ${inScope})
       ${q.organizationId ? sql`AND b.organization_ids @> ARRAY[${q.organizationId}]::uuid[]` : sql``}
       ${q.kind ? sql`AND b.kind = ${q.kind}` : sql``}
       ${q.sourceSystem ? sql`AND ${q.sourceSystem} = ANY(b.source_systems)` : sql``}
       ${after ? sql`AND (b.received_at, b.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
     ORDER BY b.received_at DESC, b.id DESC
     LIMIT ${q.limit + 1}`.execute(ctx.db);
  const page = batches.rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    sources: sources.rows.map((s) => ({
      organizationId: s.organization_id,
      organizationName: s.organization_name,
      sourceSystem: s.source_system,
      kind: s.kind,
      lastBatchId: s.last_batch_id,
      lastAt: new Date(s.last_at).toISOString(),
      lastAccepted: s.last_accepted,
      lastRejected: s.last_rejected,
      totalAccepted: Number(s.total_accepted),
      totalRejected: Number(s.total_rejected),
    })),
    items: page.map((b) => ({
      id: b.id,
      kind: b.kind,
      receivedAt: new Date(b.received_at).toISOString(),
      organizationIds: b.organization_ids,
      items: b.items,
      accepted: b.accepted,
      rejected: b.rejected,
      inserted: b.inserted,
      updated: b.updated,
      errors: b.errors,
    })),
    nextCursor:
      batches.rows.length > q.limit && last
        ? encodeCursor([new Date(last.received_at).toISOString(), last.id])
        : null,
  };
}
