import { type Kysely, sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { DataCorrectionActions as A } from './data-corrections.policy.ts';
import type { CorrectionTask } from './data-corrections.schemas.ts';

const LIMIT = 200;

/**
 * The organization that keeps the record of each of the persons, in their order: a current
 * enrollment in general, preschool or vocational education before additional education (the
 * school, not the club, keeps the child's personal data), then the latest one; a person never
 * enrolled (a parent) has none. Read from enrollments directly: the choice is an address for a
 * task, not access to the record.
 */
export async function holderOrganization(db: Kysely<DB>, personIds: string[], today: string) {
  if (personIds.length === 0) return null;
  const r = await sql<{ organization_id: string }>`
    SELECT e.organization_id
      FROM enrollments e JOIN organizations o ON o.id = e.organization_id
      JOIN unnest(${personIds}::uuid[]) WITH ORDINALITY AS x(id, n) ON x.id = e.person_id
     ORDER BY x.n, (e.ended_on IS NULL OR e.ended_on >= ${today}::date) DESC,
              (o.kind = 'additional'), e.started_on DESC, e.id
     LIMIT 1`.execute(db);
  return r.rows[0]?.organization_id ?? null;
}

type Row = {
  id: string;
  person_id: string;
  person_name: string;
  birth_date: string;
  organization_id: string;
  organization_name: string;
  section: CorrectionTask['section'];
  text: string;
  status: 'open' | 'done';
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
};

const SELECT = sql`
  SELECT d.id, d.person_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) AS person_name,
         p.birth_date, d.organization_id, o.short_name AS organization_name, d.section, d.text, d.status,
         d.created_at, d.resolved_at, u.full_name AS resolved_by
    FROM data_correction_requests d
    JOIN persons p ON p.id = d.person_id
    JOIN organizations o ON o.id = d.organization_id
    LEFT JOIN users u ON u.id = d.resolved_by`;

const toTask = (r: Row): CorrectionTask => ({
  id: r.id,
  person: { id: r.person_id, fullName: r.person_name, birthDate: r.birth_date },
  organization: { id: r.organization_id, name: r.organization_name },
  section: r.section,
  text: r.text,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
  resolvedBy: r.resolved_by,
});

/**
 * Reports addressed to organizations in the caller's scope, open ones oldest first (a queue), closed
 * ones newest first; at most 200. Returns the persons shown, for the access log.
 */
export async function listCorrectionTasks(ctx: Ctx, status: 'open' | 'done' | 'all') {
  const grants = authorize(ctx.actor!, A['data_correction.read']);
  const rows = await sql<Row>`${SELECT}
     WHERE ${inScope('d.organization_id', grants)} AND (${status} = 'all' OR d.status = ${status})
     ORDER BY d.status = 'done', CASE WHEN d.status = 'open' THEN d.created_at END,
              d.created_at DESC, d.id
     LIMIT ${LIMIT}`.execute(ctx.db);
  const items = rows.rows.map(toTask);
  return { items, subjects: [...new Set(items.map((i) => i.person.id))] };
}

/** The citizen's own reports, newest first: what they sent and whether it is fixed. */
export async function listOwnCorrections(ctx: Ctx) {
  const rows = await sql<Row>`${SELECT}
     WHERE d.requester_user_id = ${ctx.actor!.userId}
     ORDER BY d.created_at DESC, d.id LIMIT ${LIMIT}`.execute(ctx.db);
  return rows.rows.map((r) => {
    const { organization, person, resolvedBy: _, ...rest } = toTask(r);
    return { ...rest, person: { id: person.id, fullName: person.fullName }, organization: organization.name };
  });
}
