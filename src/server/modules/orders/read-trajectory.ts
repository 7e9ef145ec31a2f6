import { CompiledQuery, type Kysely } from 'kysely';
import type { Pool } from 'pg';
import { z } from 'zod';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { PersonActions } from '../persons/persons.policy.ts';

const span = { from: z.string(), to: z.string().nullable() };

export const trajectorySchema = z.object({
  enrollments: z.array(
    z.object({
      id: z.string(),
      organization: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
      programme: z.object({ name: z.string(), level: z.string() }).nullable(),
      educationForm: z.string().nullable(),
      funding: z.string().nullable(),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
      periods: z.array(z.object({ status: z.string(), ...span })),
      placements: z.array(z.object({ unit: z.string(), ...span })),
    }),
  ),
  /** Every line of every signed order about the learner, cancelled ones included and marked. */
  movements: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      effectiveOn: z.string(),
      enrollmentId: z.string().nullable(),
      organizationName: z.string(),
      order: z.object({ id: z.string(), number: z.string(), orderDate: z.string(), state: z.string() }),
      unit: z.string().nullable(),
      promotionType: z.string().nullable(),
      exitReason: z.string().nullable(),
      destination: z.string().nullable(),
      enteredAt: z.string(),
      cancelledBy: z.object({ number: z.string(), orderDate: z.string() }).nullable(),
    }),
  ),
});
export type Trajectory = z.infer<typeof trajectorySchema>;

const ENROLLMENTS_SQL = `
    SELECT e.person_id, e.id, json_build_object('id', o.id, 'name', o.short_name, 'kind', o.kind) AS organization,
           CASE WHEN ep.id IS NULL THEN NULL ELSE json_build_object('name', ep.name, 'level', ep.level) END AS programme,
           e.education_form AS "educationForm", e.funding, e.started_on AS "startedOn", e.ended_on AS "endedOn",
           coalesce((SELECT json_agg(json_build_object('status', p.status, 'from', p.valid_from, 'to', p.valid_to)
                                     ORDER BY p.valid_from)
                       FROM enrollment_status_periods p WHERE p.enrollment_id = e.id), '[]') AS periods,
           coalesce((SELECT json_agg(json_build_object('unit', u.name, 'from', pl.valid_from, 'to', pl.valid_to)
                                     ORDER BY pl.valid_from)
                       FROM placements pl JOIN units u ON u.id = pl.unit_id WHERE pl.enrollment_id = e.id), '[]')
             AS placements
      FROM enrollments e
      JOIN organizations o ON o.id = e.organization_id
      LEFT JOIN education_programmes ep ON ep.id = e.programme_id
     WHERE e.person_id = ANY($1::uuid[])
     ORDER BY e.started_on, e.id`;

const MOVEMENTS_SQL = `
    SELECT m.person_id, m.id, m.kind, m.effective_on AS "effectiveOn", m.enrollment_id AS "enrollmentId",
           g.short_name AS "organizationName",
           json_build_object('id', o.id, 'number', o.number, 'orderDate', o.order_date, 'state', o.state) AS order,
           u.name AS unit, m.promotion_type AS "promotionType", m.exit_reason AS "exitReason",
           -- A scalar lookup: as a join, the planner hashed the whole organization registry per request.
           (SELECT d.short_name FROM organizations d WHERE d.id = m.destination_organization_id) AS destination,
           to_json(m.entered_at) #>> '{}' AS "enteredAt",
           (SELECT json_build_object('number', c.number, 'orderDate', c.order_date)
              FROM orders c WHERE c.cancels_order_id = o.id) AS "cancelledBy"
      FROM movements m
      JOIN orders o ON o.id = m.order_id AND o.state <> 'draft'
      JOIN organizations g ON g.id = o.organization_id
      LEFT JOIN units u ON u.id = m.unit_id
     WHERE m.person_id = ANY($1::uuid[])
     ORDER BY m.effective_on, o.signed_at, m.position`;

type EnrollmentRow = { person_id: string } & Trajectory['enrollments'][number];
type MovementRow = { person_id: string } & Trajectory['movements'][number];

/**
 * The learners' paths, read at once for a set of persons: each enrollment with its dated statuses and
 * placements, and the order lines that made them. Cancelled orders stay in the list, marked, because
 * what the registry said in between is part of the record. Given the pool (outside a transaction) and one
 * learner, the two statements run prepared: planning them cost more than running them.
 */
export async function readTrajectories(
  db: Kysely<DB>,
  ids: string[],
  pool?: Pool,
): Promise<Map<string, Trajectory>> {
  const out = new Map<string, Trajectory>(ids.map((id) => [id, { enrollments: [], movements: [] }]));
  if (ids.length === 0) return out;
  // One learner (the operator's card): a prepared statement keyed by the id alone. With an array, the
  // cached generic plan guesses its length and hashes whole tables at a million learners.
  const run = async <R>(name: string, text: string) =>
    pool && ids.length === 1
      ? ((await pool.query({ name, text: text.replace('= ANY($1::uuid[])', '= $1::uuid'), values: [ids[0]] }))
          .rows as R[])
      : (await db.executeQuery<R>(CompiledQuery.raw(text, [ids]))).rows;
  const enrollments = await run<EnrollmentRow>('trajectory-enrollments', ENROLLMENTS_SQL);
  for (const { person_id, ...e } of enrollments) out.get(person_id)!.enrollments.push(e);
  const movements = await run<MovementRow>('trajectory-movements', MOVEMENTS_SQL);
  for (const { person_id, ...m } of movements) out.get(person_id)!.movements.push(m);
  return out;
}

/** One learner's path for an operator who may read the learner's card; audited as a read of the person. */
export async function readPersonTrajectory(ctx: Ctx, id: string) {
  const grants = authorize(ctx.actor!, PersonActions['person.read']);
  const card = await loadPersonCard(ctx, ctx.db, id, grants, 'person.trajectory.read');
  const trajectory = (await readTrajectories(ctx.db, [card.id], ctx.pool)).get(card.id)!;
  await auditNow(ctx, {
    action: 'person.trajectory.read',
    objectType: 'person',
    objectId: card.id,
    subjectIds: [card.id],
  });
  return trajectory;
}
