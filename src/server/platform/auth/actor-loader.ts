import { type Kysely, sql } from 'kysely';
import type { Role } from '../../../common/roles.ts';
import type { Actor } from '../access/actor.ts';
import type { DB } from '../db/schema.ts';

/** Loads a user's active grants with the names of their scope nodes. */
export async function loadActor(
  db: Kysely<DB>,
  userId: string,
  via: Actor['via'],
  method?: Actor['sessionMethod'],
): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'login', 'full_name', 'snils', 'blocked'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.blocked) return null;
  const grants = await sql<{
    id: string;
    role: Role;
    scope_node_id: string | null;
    health_access: boolean;
    scope_name: string | null;
  }>`
    SELECT ra.id, ra.role, ra.scope_node_id, ra.health_access,
           coalesce(t.name, o.short_name) AS scope_name
      FROM role_assignments ra
      LEFT JOIN territories t ON t.id = ra.scope_node_id
      LEFT JOIN organizations o ON o.id = ra.scope_node_id
     WHERE ra.user_id = ${userId} AND ra.revoked_at IS NULL
     ORDER BY array_position(ARRAY['regional_operator','municipal_specialist','org_admin','org_operator',
       'analyst','integration_client','citizen'], ra.role), ra.created_at`.execute(db);
  return {
    userId: user.id,
    login: user.login,
    fullName: user.full_name,
    snils: user.snils,
    via,
    ...(method ? { sessionMethod: method } : {}),
    grants: grants.rows.map((g) => ({
      assignmentId: g.id,
      role: g.role,
      scopeNodeId: g.scope_node_id,
      scopeName: g.scope_name,
      healthAccess: g.health_access,
    })),
  };
}
