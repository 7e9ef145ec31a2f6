import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import { activeGrants } from '../../platform/auth/active-grants.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { manageabilityOf } from './account-scope.ts';

/**
 * Users a manager sees: those holding a role inside the manager's scope, and those the manager
 * created and has not yet given a role.
 */
export const visibleUserIds = (grants: Grant[], actorId: string) => sql<string>`(
  SELECT ra.user_id FROM role_assignments ra
   WHERE ra.revoked_at IS NULL
     AND ra.scope_node_id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${scopeNodes(grants)}::uuid[]))
  UNION
  SELECT u.id FROM users u
   WHERE u.created_by = ${actorId}
     AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.revoked_at IS NULL))`;

/** The roles in force of each user, in the order they were granted. */
export const rolesOf = (db: Kysely<DB>, userIds: string[]) => activeGrants(db, userIds, 'granted');

export async function loadUserInScope(ctx: Ctx, db: Kysely<DB>, id: string, action: string) {
  const grants = authorize(ctx.actor!, action);
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where(sql<boolean>`id IN ${visibleUserIds(grants, ctx.actor!.userId)}`)
    .executeTakeFirst();
  if (!row) throw notFound('Пользователь').audited(action, 'user', id);
  const held = (await rolesOf(db, [id])).get(id) ?? [];
  const user = { id: row.id, blocked: row.blocked, isService: row.is_service, roles: held };
  const m = (await manageabilityOf(db, ctx.actor!, [user])).get(id)!;
  const roles = held.map((r, i) => ({ ...r, revocable: m.revocable[i] ?? false }));
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    email: row.email,
    blocked: row.blocked,
    isService: row.is_service,
    lockedUntil: row.locked_until && row.locked_until > new Date() ? row.locked_until.toISOString() : null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    version: row.version,
    roles,
    fullyManageable: m.fullyManageable,
    actions: m.actions,
  };
}

export async function listUsers(
  ctx: Ctx,
  f: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const grants = authorize(ctx.actor!, 'user.read');
  let q = ctx.db.selectFrom('users').where(sql<boolean>`id IN ${visibleUserIds(grants, ctx.actor!.userId)}`);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(full_name)`, 'like', like), eb('login', 'like', like)]));
  }
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  let page = q.select(['id', 'login', 'full_name', 'blocked', 'is_service']);
  if (f.cursor) {
    const c = decodeCursor(f.cursor, 2);
    if (!c) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    page = page.where(sql<boolean>`(full_name, id) > (${c[0]}, ${c[1]}::uuid)`);
  }
  const rows = await page
    .orderBy('full_name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit);
  const roles = await rolesOf(
    ctx.db,
    items.map((r) => r.id),
  );
  const users = items.map((r) => ({
    id: r.id,
    login: r.login,
    fullName: r.full_name,
    blocked: r.blocked,
    isService: r.is_service,
    roles: roles.get(r.id) ?? [],
  }));
  const marks = await manageabilityOf(ctx.db, ctx.actor!, users);
  const last = items.at(-1);
  return {
    items: users.map((u) => {
      const m = marks.get(u.id)!;
      return {
        ...u,
        roles: u.roles.map((r, i) => ({ ...r, revocable: m.revocable[i] ?? false })),
        fullyManageable: m.fullyManageable,
        actions: m.actions,
      };
    }),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.full_name, last.id]) : null,
    totalCount: Number(total.n),
  };
}
