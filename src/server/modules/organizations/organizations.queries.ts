import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { readHistory } from '../../platform/history.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { presentOrganizationHistory } from './organization.presenter.ts';
import { organizationNameMatches } from './organization-search.ts';
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
 * Reads one organization for an action, in one round trip: the row, the names it refers to and the
 * scope node that covers it. Organizations are a public registry, so an existing one outside the
 * actor's scope answers 403 (audited) rather than pretending it does not exist.
 */
export async function loadOrganizationInScope(
  ctx: Ctx,
  db: Kysely<DB>,
  id: string,
  action: string,
  opts: { forUpdate?: boolean; withBranches?: boolean } = {},
): Promise<{ view: OrganizationView; grant: Grant; branches: { id: string; shortName: string }[] }> {
  const grants = authorize(ctx.actor!, action);
  const nodes = scopeNodes(grants);
  let q = withNames(db)
    .select(
      sql<string | null>`(SELECT c.ancestor_id FROM scope_closure c
        WHERE c.descendant_id = o.id AND c.ancestor_id = ANY(${nodes}::uuid[]) ORDER BY c.depth DESC LIMIT 1)`.as(
        'covering_node',
      ),
    )
    .where('o.id', '=', id);
  if (opts.withBranches) {
    q = q.select(
      sql<{ id: string; shortName: string }[]>`(SELECT coalesce(json_agg(json_build_object('id', b.id,
        'shortName', b.short_name) ORDER BY b.short_name), '[]') FROM organizations b
        WHERE b.parent_organization_id = o.id)`.as('branches'),
    );
  }
  if (opts.forUpdate) q = q.forUpdate('o');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Организация');
  const grant = grants.find((g) => g.scopeNodeId === row.covering_node);
  if (!grant) throw forbidden('Организация вне вашей области доступа').audited(action, 'organization', id);
  const branches = (row as { branches?: { id: string; shortName: string }[] }).branches ?? [];
  return { view: organizationView(row), grant, branches };
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
  if (f.q) q = q.where(organizationNameMatches({ full: 'o.full_name', short: 'o.short_name' }, f.q));
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

/**
 * The organization's versions as the reader may see them: the card's rule applies to every diff. An
 * organization loaded into the registry in bulk (the initial load, an exchange) has no creation row:
 * its first version is then told from the row itself, so every history starts with «внесена в реестр».
 */
export async function organizationHistory(db: Kysely<DB>, id: string, grant: Grant) {
  const entries = await readHistory(db, 'organization', id);
  if (!entries.some((e) => e.version === 1 || e.action === 'create')) {
    const row = await db
      .selectFrom('organizations as o')
      .leftJoin('users as u', 'u.id', 'o.created_by')
      .select(['o.created_at', 'o.created_by', 'u.full_name'])
      .where('o.id', '=', id)
      .executeTakeFirst();
    if (row) {
      entries.push({
        version: 1,
        action: 'create',
        at: row.created_at.toISOString(),
        actor: row.created_by ? { id: row.created_by, fullName: row.full_name ?? '' } : null,
        changes: [],
      });
    }
  }
  return presentOrganizationHistory(entries, grant);
}
