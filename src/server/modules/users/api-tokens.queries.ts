import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { visibleUserIds } from './users.queries.ts';

export async function listApiTokens(ctx: Ctx) {
  const grants = authorize(ctx.actor!, 'apiToken.manage');
  const rows = await sql<{
    id: string;
    name: string;
    token_prefix: string;
    user_id: string;
    full_name: string;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
    expires_at: Date | null;
    organizations: { id: string; shortName: string }[];
  }>`
    SELECT k.id, k.name, k.token_prefix, k.user_id, u.full_name, k.created_at, k.last_used_at, k.revoked_at, k.expires_at,
           coalesce((SELECT json_agg(json_build_object('id', o.id, 'shortName', o.short_name) ORDER BY o.short_name)
                       FROM role_assignments ra JOIN organizations o ON o.id = ra.scope_node_id
                      WHERE ra.user_id = k.user_id AND ra.revoked_at IS NULL), '[]') AS organizations
      FROM api_tokens k JOIN users u ON u.id = k.user_id
     WHERE k.user_id IN ${visibleUserIds(grants, ctx.actor!.userId)} OR k.created_by = ${ctx.actor!.userId}
     ORDER BY k.created_at DESC`.execute(ctx.db);
  return rows.rows.map((r) => ({
    id: r.id,
    name: r.name,
    tokenPrefix: r.token_prefix,
    userId: r.user_id,
    userFullName: r.full_name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
    organizations: r.organizations,
  }));
}
