import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { Actor, Grant } from './access/actor.ts';
import type { AuditBatcher } from './audit/batcher.ts';
import type { AuditEntry } from './audit/chain.ts';
import type { Config } from './config.ts';
import type { DB } from './db/schema.ts';
import { auditAtCommit, type Tx } from './db/tx.ts';
import type { JobQueue } from './jobs/job-queue.ts';

/** Everything a use case needs about the request: who acts, from where, and the data handles. */
export type Ctx = {
  requestId: string;
  ip: string | null;
  actor: Actor | null;
  /** The request's handle: refuses to work while the request's withTransaction runs (use its tx). */
  db: Kysely<DB>;
  /** The same pool underneath db, for hot reads run as named prepared statements. */
  pool: Pool;
  audit: AuditBatcher;
  /** The durable queue: jobs are enqueued in the use case's transaction. */
  jobs: JobQueue;
  config: Config;
  log: FastifyBaseLogger;
};

export type AuditFact = {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  outcome?: AuditEntry['outcome'];
  subjectIds?: string[] | null;
  details?: Record<string, unknown> | null;
  grant?: Grant | null;
  /** For events before an actor exists, such as a failed login. */
  userId?: string | null;
};

export function auditEntry(ctx: Ctx, fact: AuditFact): AuditEntry {
  const grant = fact.grant ?? ctx.actor?.grants[0] ?? null;
  return {
    at: new Date(),
    actorUserId: fact.userId !== undefined ? fact.userId : (ctx.actor?.userId ?? null),
    actorRole: grant?.role ?? null,
    scopeNodeId: grant?.scopeNodeId ?? null,
    action: fact.action,
    objectType: fact.objectType ?? null,
    objectId: fact.objectId ?? null,
    outcome: fact.outcome ?? 'success',
    requestId: ctx.requestId,
    ip: ctx.ip,
    subjectIds: fact.subjectIds ?? null,
    details: fact.details ?? null,
  };
}

/**
 * A write is audited in its own transaction: both commit or neither does. The entry is taken now
 * and appended with the transaction's others just before the commit (see withTransaction).
 */
export const auditInTx = (tx: Tx, ctx: Ctx, fact: AuditFact) => auditAtCommit(tx, [auditEntry(ctx, fact)]);

/** Reads and security events; resolves once the record is durable. */
export const auditNow = (ctx: Ctx, fact: AuditFact) => ctx.audit.record(auditEntry(ctx, fact));

/** A page of a list as read: audited with how many records it showed, then returned. */
export async function auditedPage<P extends { items: unknown[] }>(
  ctx: Ctx,
  page: P,
  fact: AuditFact,
): Promise<P> {
  await auditNow(ctx, { ...fact, details: { ...fact.details, count: page.items.length } });
  return page;
}
