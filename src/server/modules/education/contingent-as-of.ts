import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/** The status period in force on a date, as a predicate the (enrollment_id, valid_from) index answers. */
const inForce = (alias: string, on: string) =>
  sql<boolean>`${sql.ref(`${alias}.valid_from`)} <= ${on}::date
    AND (${sql.ref(`${alias}.valid_to`)} IS NULL OR ${sql.ref(`${alias}.valid_to`)} > ${on}::date)`;

/**
 * Learners counted by an organization on a date: those whose status period in force on that date is
 * not «exited» (academic leave still counts, as the statistical forms want). Read from the periods, not
 * the enrollment dates, so a cancelled order's periods, once removed, stop counting at once. A person
 * in two ДО programmes of one organization counts once.
 */
export async function countsAsOf(db: Kysely<DB>, organizationIds: string[], on: string) {
  if (organizationIds.length === 0) return new Map<string, number>();
  const r = await sql<{ organization_id: string; n: number }>`
    SELECT e.organization_id, count(DISTINCT e.person_id)::int AS n
      FROM enrollments e JOIN enrollment_status_periods p ON p.enrollment_id = e.id
     WHERE e.organization_id = ANY(${organizationIds}::uuid[]) AND p.status <> 'exited' AND ${inForce('p', on)}
     GROUP BY e.organization_id`.execute(db);
  return new Map(organizationIds.map((id) => [id, r.rows.find((x) => x.organization_id === id)?.n ?? 0]));
}

export type OrganizationCount = {
  organization_id: string;
  short_name: string;
  kind: string;
  territory_name: string;
  n: number;
};

/**
 * Learner counts on a date of every organization below a territory that lies in the reader's scope, in
 * one set-based statement: organizations from the closure table, learners by a hash aggregate over the
 * distinct (organization, person) pairs whose period in force is not «exited». Organizations with no
 * learners on that date answer 0.
 */
export async function countsAsOfBelow(
  db: Kysely<DB>,
  territoryId: string,
  scopeNodeIds: string[],
  on: string,
) {
  const r = await sql<OrganizationCount>`
    WITH orgs AS (
      SELECT o.id, o.short_name, o.kind, o.territory_id FROM organizations o
       WHERE o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${territoryId}::uuid)
         AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${scopeNodeIds}::uuid[]))
    ), counted AS (
      SELECT organization_id, count(*)::int AS n FROM (
        SELECT DISTINCT e.organization_id, e.person_id
          FROM enrollments e JOIN enrollment_status_periods p ON p.enrollment_id = e.id
         WHERE e.organization_id IN (SELECT id FROM orgs) AND p.status <> 'exited' AND ${inForce('p', on)}
      ) pairs GROUP BY organization_id
    )
    SELECT o.id AS organization_id, o.short_name, o.kind, t.name AS territory_name, coalesce(c.n, 0) AS n
      FROM orgs o JOIN territories t ON t.id = o.territory_id
      LEFT JOIN counted c ON c.organization_id = o.id
     ORDER BY t.name, o.short_name, o.id`.execute(db);
  return r.rows;
}

/** Learners placed in each unit on a date whose enrollment is not «exited» then. */
export async function unitCountsAsOf(db: Kysely<DB>, unitIds: string[], on: string) {
  if (unitIds.length === 0) return new Map<string, number>();
  const r = await sql<{ unit_id: string; n: number }>`
    SELECT pl.unit_id, count(DISTINCT e.person_id)::int AS n
      FROM placements pl
      JOIN enrollments e ON e.id = pl.enrollment_id
      JOIN enrollment_status_periods p ON p.enrollment_id = e.id AND ${inForce('p', on)}
     WHERE pl.unit_id = ANY(${unitIds}::uuid[]) AND ${inForce('pl', on)} AND p.status <> 'exited'
     GROUP BY pl.unit_id`.execute(db);
  return new Map(r.rows.map((x) => [x.unit_id, x.n]));
}
