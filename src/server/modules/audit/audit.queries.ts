import { sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';

export type AuditFilter = {
  action?: string | undefined;
  actorUserId?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * The audit log as a manager sees it: a regional operator everything; others the events of actors
 * working inside their scope and the events about organizations in it.
 */
export async function listAudit(ctx: Ctx, f: AuditFilter) {
  const grants = authorize(ctx.actor!, 'audit.read');
  const regional = grants.some((g) => g.role === 'regional_operator');
  const nodes = scopeNodes(grants);
  let q = ctx.db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('territories as t', 't.id', 'a.scope_node_id')
    .leftJoin('organizations as o', 'o.id', 'a.scope_node_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_user_id',
      'u.full_name',
      'a.actor_role',
      sql<string | null>`coalesce(t.name, o.short_name)`.as('scope_name'),
      'a.action',
      'a.object_type',
      'a.object_id',
      'a.outcome',
      'a.ip',
      'a.request_id',
    ]);
  if (!regional) {
    const below = sql`(SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))`;
    q = q.where(
      sql<boolean>`(a.scope_node_id IN ${below} OR (a.object_type = 'organization' AND a.object_id::uuid IN ${below}))`,
    );
  }
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.actorUserId) q = q.where('a.actor_user_id', '=', f.actorUserId);
  if (f.objectType) q = q.where('a.object_type', '=', f.objectType);
  if (f.objectId) q = q.where('a.object_id', '=', f.objectId);
  if (f.outcome) q = q.where('a.outcome', '=', f.outcome);
  if (f.from) q = q.where('a.at', '>=', new Date(`${f.from}T00:00:00Z`));
  if (f.to) q = q.where('a.at', '<', new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000));
  if (f.cursor) {
    if (!/^\d{1,19}$/.test(f.cursor)) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    q = q.where('a.id', '<', f.cursor);
  }
  const rows = await q
    .orderBy('a.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor_user_id ? { id: r.actor_user_id, fullName: r.full_name ?? '' } : null,
    actorRole: r.actor_role,
    scopeName: r.scope_name,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.request_id,
  }));
  return { items, nextCursor: rows.length > f.limit ? (items.at(-1)?.id ?? null) : null };
}
