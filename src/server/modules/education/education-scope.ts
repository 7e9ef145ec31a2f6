import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';

export type OrganizationInScope = { id: string; kind: string; shortName: string; grant: Grant };

/** The deepest scope node of the grants above a node, in the same query that reads the row. */
const coveringNode = (column: string, nodes: string[]) =>
  sql<string | null>`(SELECT c.ancestor_id FROM scope_closure c
    WHERE c.descendant_id = ${sql.ref(column)} AND c.ancestor_id = ANY(${nodes}::uuid[])
    ORDER BY c.depth DESC LIMIT 1)`;

/**
 * An organization for an action on its programmes or units. Outside the actor's scope it answers 404
 * like an absent one (audited as denied): ids of another organization's units reveal nothing.
 */
export async function organizationForAction(
  ctx: Ctx,
  db: Kysely<DB>,
  id: string,
  action: string,
): Promise<OrganizationInScope> {
  const grants = authorize(ctx.actor!, action);
  const row = await db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.kind', 'o.short_name', coveringNode('o.id', scopeNodes(grants)).as('node')])
    .where('o.id', '=', id)
    .executeTakeFirst();
  const grant = row && grants.find((g) => g.scopeNodeId === row.node);
  if (!row || !grant) throw notFound('Организация').audited(action, 'organization', id);
  return { id: row.id, kind: row.kind, shortName: row.short_name, grant };
}

/** A unit with its organization, for an action; 404 when absent or outside the actor's scope. */
export async function unitForAction(ctx: Ctx, db: Kysely<DB>, id: string, action: string, forUpdate = false) {
  const grants = authorize(ctx.actor!, action);
  let q = db
    .selectFrom('units as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .selectAll('u')
    .select(['o.kind as organization_kind', coveringNode('o.id', scopeNodes(grants)).as('node')])
    .where('u.id', '=', id);
  if (forUpdate) q = q.forUpdate('u');
  const row = await q.executeTakeFirst();
  const grant = row && grants.find((g) => g.scopeNodeId === row.node);
  if (!row || !grant) throw notFound('Класс, группа или объединение').audited(action, 'unit', id);
  return { unit: row, grant };
}

/** A programme with its organization, for an action; 404 when absent or outside the actor's scope. */
export async function programmeForAction(
  ctx: Ctx,
  db: Kysely<DB>,
  id: string,
  action: string,
  forUpdate = false,
) {
  const grants = authorize(ctx.actor!, action);
  let q = db
    .selectFrom('education_programmes as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .selectAll('p')
    .select(['o.kind as organization_kind', coveringNode('o.id', scopeNodes(grants)).as('node')])
    .where('p.id', '=', id);
  if (forUpdate) q = q.forUpdate('p');
  const row = await q.executeTakeFirst();
  const grant = row && grants.find((g) => g.scopeNodeId === row.node);
  if (!row || !grant) throw notFound('Образовательная программа').audited(action, 'education_programme', id);
  return { programme: row, grant };
}
