import { type Kysely, sql } from 'kysely';
import type { Role } from '../../../common/roles.ts';
import type { Grant } from '../access/actor.ts';
import type { DB } from '../db/schema.ts';

// The widest authority first: the actor's first grant is the one its screens start from.
const BY_AUTHORITY = sql`array_position(ARRAY['regional_operator','municipal_specialist','org_admin','org_operator',
  'analyst','integration_client','citizen'], ra.role), ra.created_at`;

/**
 * The role assignments in force of each user, with the name of the scope node (municipality or
 * organization), ordered by authority (for the signed-in actor) or by when they were granted (for the
 * user list). One query for the actor and for a page of users alike.
 */
export async function activeGrants(
  db: Kysely<DB>,
  userIds: string[],
  order: 'authority' | 'granted',
): Promise<Map<string, Grant[]>> {
  const map = new Map<string, Grant[]>();
  if (userIds.length === 0) return map;
  const rows = await sql<{
    user_id: string;
    id: string;
    role: Role;
    scope_node_id: string | null;
    health_access: boolean;
    scope_name: string | null;
  }>`
    SELECT ra.user_id, ra.id, ra.role, ra.scope_node_id, ra.health_access,
           coalesce(t.name, o.short_name) AS scope_name
      FROM role_assignments ra
      LEFT JOIN territories t ON t.id = ra.scope_node_id
      LEFT JOIN organizations o ON o.id = ra.scope_node_id
     WHERE ra.user_id = ANY(${userIds}::uuid[]) AND ra.revoked_at IS NULL
     ORDER BY ${order === 'authority' ? BY_AUTHORITY : sql`ra.created_at`}`.execute(db);
  for (const r of rows.rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({
      assignmentId: r.id,
      role: r.role,
      scopeNodeId: r.scope_node_id,
      scopeName: r.scope_name,
      healthAccess: r.health_access,
    });
    map.set(r.user_id, list);
  }
  return map;
}
