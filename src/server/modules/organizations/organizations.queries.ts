import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering, inScope } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { type OrganizationView, organizationView } from './organization-view.ts';

const withNames = (db: Kysely<DB>) =>
  db
    .selectFrom('organizations as o')
    .innerJoin('territories as t', 't.id', 'o.territory_id')
    .leftJoin('organizations as p', 'p.id', 'o.parent_organization_id')
    .leftJoin('organizations as s', 's.id', 'o.successor_organization_id')
    .selectAll('o')
    .select(['t.name as territory_name', 'p.short_name as parent_name', 's.short_name as successor_name']);

/**
 * Reads one organization for an action. Organizations are a public registry, so an existing one
 * outside the actor's scope answers 403 (audited) rather than pretending it does not exist.
 */
export async function loadOrganizationInScope(
  ctx: Ctx,
  db: Kysely<DB>,
  id: string,
  action: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ view: OrganizationView; grant: Grant }> {
  const grants = authorize(ctx.actor!, action);
  let q = withNames(db).where('o.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate('o');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Организация');
  const grant = await grantCovering(db, grants, row.id);
  if (!grant) throw forbidden('Организация вне вашей области доступа').audited(action, 'organization', id);
  return { view: organizationView(row), grant };
}

/** An analyst works with aggregates and registry facts, never with a person's name or phone. */
export function redactForRole(view: OrganizationView, grant: Grant): OrganizationView {
  if (grant.role !== 'analyst') return view;
  return { ...view, head: { position: view.head.position } };
}

export type OrganizationFilter = {
  q?: string | undefined;
  inn?: string | undefined;
  ogrn?: string | undefined;
  kind?: string | undefined;
  territoryId?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export async function listOrganizations(ctx: Ctx, f: OrganizationFilter) {
  const grants = authorize(ctx.actor!, 'organization.read');
  let q = ctx.db
    .selectFrom('organizations as o')
    .innerJoin('territories as t', 't.id', 'o.territory_id')
    .where(inScope('o.id', grants));
  if (f.q)
    q = q.where(
      sql<boolean>`lower(o.full_name || ' ' || o.short_name) LIKE ${`%${likeEscape(f.q.toLowerCase())}%`}`,
    );
  if (f.inn) q = q.where('o.inn', '=', f.inn);
  if (f.ogrn) q = q.where('o.ogrn', '=', f.ogrn);
  if (f.kind) q = q.where('o.kind', '=', f.kind as 'school');
  if (f.status) q = q.where('o.status', '=', f.status as 'active');
  if (f.territoryId) {
    q = q.where(
      'o.territory_id',
      'in',
      ctx.db.selectFrom('scope_closure').select('descendant_id').where('ancestor_id', '=', f.territoryId),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  let page = q.select([
    'o.id',
    'o.kind',
    'o.full_name',
    'o.short_name',
    'o.inn',
    'o.kpp',
    'o.ogrn',
    'o.territory_id',
    't.name as territory_name',
    'o.status',
    'o.parent_organization_id',
    'o.capacity',
  ]);
  if (f.cursor) {
    const c = decodeCursor(f.cursor, 2);
    if (!c) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    page = page.where(sql<boolean>`(o.short_name, o.id) > (${c[0]}, ${c[1]}::uuid)`);
  }
  const rows = await page
    .orderBy('o.short_name')
    .orderBy('o.id')
    .limit(f.limit + 1)
    .execute();
  const more = rows.length > f.limit;
  const items = rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    fullName: r.full_name,
    shortName: r.short_name,
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    territoryId: r.territory_id,
    territoryName: r.territory_name,
    status: r.status,
    parentOrganizationId: r.parent_organization_id,
    capacity: r.capacity,
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: more && last ? encodeCursor([last.shortName, last.id]) : null,
    totalCount: Number(total.n),
  };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listBranches(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name as shortName'])
    .where('parent_organization_id', '=', id)
    .orderBy('short_name')
    .execute();
}

export async function organizationHistory(db: Kysely<DB>, id: string) {
  const rows = await db
    .selectFrom('change_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_user_id')
    .select(['h.version', 'h.action', 'h.at', 'h.changes', 'u.id as actor_id', 'u.full_name as actor_name'])
    .where('h.entity_type', '=', 'organization')
    .where('h.entity_id', '=', id)
    .orderBy('h.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    at: r.at.toISOString(),
    actor: r.actor_id ? { id: r.actor_id, fullName: r.actor_name ?? '' } : null,
    changes: r.changes as { field: string; before: unknown; after: unknown }[],
  }));
}
