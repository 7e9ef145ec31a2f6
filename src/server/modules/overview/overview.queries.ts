import { sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { OverviewActions as A } from './overview.policy.ts';
import type { Overview } from './overview.schemas.ts';

type Kind = Overview['byKind'][number]['kind'];
const KINDS: Kind[] = ['preschool', 'school', 'additional', 'vocational'];

type Row = {
  territory_id: string;
  name: string;
  kind: Kind;
  organizations: number;
  active_organizations: number;
  learners: number;
};

/**
 * The registry in figures for the actor's territory: organizations by kind and status, and learners (persons
 * with an enrollment in force) by kind of organization, per municipality. Counts only — nothing here names or
 * singles out a person, which is why the analyst may read it.
 */
export async function readOverview(ctx: Ctx): Promise<Overview> {
  const nodes = scopeNodes(authorize(ctx.actor!, A['overview.read']));
  const rows = await sql<Row>`
    WITH orgs AS (
      SELECT o.id, o.kind, o.status,
             (SELECT c.ancestor_id FROM scope_closure c JOIN territories t ON t.id = c.ancestor_id
               WHERE c.descendant_id = o.id AND t.kind = 'municipality' LIMIT 1) AS municipality_id
        FROM organizations o
       WHERE o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))),
    learners AS (
      SELECT o.municipality_id, o.kind, count(DISTINCT e.person_id)::int AS n
        FROM enrollments e JOIN orgs o ON o.id = e.organization_id
       WHERE e.ended_on IS NULL OR e.ended_on >= current_date
       GROUP BY 1, 2)
    SELECT coalesce(t.id::text, 'region') AS territory_id,
           coalesce(t.name, 'Организации регионального подчинения') AS name, o.kind, count(*)::int AS organizations,
           (count(*) FILTER (WHERE o.status = 'active'))::int AS active_organizations,
           coalesce(max(l.n), 0)::int AS learners
      FROM orgs o
      LEFT JOIN territories t ON t.id = o.municipality_id
      LEFT JOIN learners l ON l.municipality_id IS NOT DISTINCT FROM o.municipality_id AND l.kind = o.kind
     GROUP BY t.id, t.name, o.kind
     ORDER BY t.name NULLS LAST, t.id`.execute(ctx.db);
  const totalLearners = await sql<{ n: number; today: string }>`
    SELECT count(DISTINCT e.person_id)::int AS n, current_date::text AS today FROM enrollments e
     WHERE (e.ended_on IS NULL OR e.ended_on >= current_date)
       AND e.organization_id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))`.execute(
    ctx.db,
  );
  const figures = (list: Row[]) =>
    KINDS.map((kind) => {
      const of = list.filter((r) => r.kind === kind);
      return {
        kind,
        organizations: of.reduce((s, r) => s + r.organizations, 0),
        activeOrganizations: of.reduce((s, r) => s + r.active_organizations, 0),
        learners: of.reduce((s, r) => s + r.learners, 0),
      };
    });
  const municipalities = new Map<string, Row[]>();
  for (const r of rows.rows)
    municipalities.set(r.territory_id, [...(municipalities.get(r.territory_id) ?? []), r]);
  const byKind = figures(rows.rows);
  return {
    asOf: totalLearners.rows[0]!.today,
    totals: {
      organizations: byKind.reduce((s, k) => s + k.organizations, 0),
      activeOrganizations: byKind.reduce((s, k) => s + k.activeOrganizations, 0),
      // A person enrolled in a school and an additional-education centre counts once here.
      learners: totalLearners.rows[0]!.n,
    },
    byKind,
    byMunicipality: [...municipalities.values()].map((list) => {
      const k = figures(list);
      return {
        territoryId: list[0]!.territory_id,
        name: list[0]!.name,
        organizations: k.reduce((s, f) => s + f.organizations, 0),
        learners: k.reduce((s, f) => s + f.learners, 0),
        byKind: k,
      };
    }),
  };
}
