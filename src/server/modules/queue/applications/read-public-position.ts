import { sql } from 'kysely';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { type ApplicationStatus, epguCode } from '../../../../common/queue-dictionary.ts';
import type { Ctx } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';

/** Statuses that take part in an allocation: the ones a position is counted among. */
export const RANKED_STATUSES: readonly ApplicationStatus[] = [
  'queued',
  'awaiting_confirmation',
  'wants_change',
];

/** The reference date of the next main allocation: 1 September of this year, or of the next once it is past. */
export function referenceDate(today: string): string {
  const year = Number(today.slice(0, 4));
  return today <= `${year}-09-01` ? `${year}-09-01` : `${year + 1}-09-01`;
}

type Position = {
  organization_id: string;
  name: string;
  rank: number;
  my_class: number;
  out_of_turn: number;
  first: number;
  sibling: number;
  general: number;
};

const CLASS_NAMES = ['out_of_turn', 'first', 'sibling', 'general'] as const;

/**
 * What anyone with the application number may see, with no personal data: the status and its
 * history, and in each ranked kindergarten how many applications of the child's age band rank ahead,
 * by right. The rank is allocation.md §3.2's key: class (a confirmed right in force on the reference
 * date; a sibling enrolled at that kindergarten), then the registration instant, then the number.
 */
export async function readPublicPosition(ctx: Ctx, number: string) {
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const ref = referenceDate(today);
  const app = await sql<{
    id: string;
    number: string;
    status: ApplicationStatus;
    registered_at: Date;
    desired_on: string;
    age: number;
  }>`
    SELECT a.id, a.number, a.status, a.registered_at, a.desired_on::text,
           date_part('year', age(${ref}::date, p.birth_date))::int AS age
      FROM preschool_applications a JOIN persons p ON p.id = a.child_id
     WHERE a.number = ${number}`.execute(ctx.db);
  const a = app.rows[0];
  if (!a) throw notFound('Заявление с таким номером');
  const ranked = RANKED_STATUSES.includes(a.status);
  const positions = ranked
    ? (
        await sql<Position>`
          WITH cls AS (
            SELECT b.id, b.registered_at, b.number, f.organization_id,
                   CASE WHEN EXISTS (SELECT 1 FROM preschool_application_rights r
                                      WHERE r.application_id = b.id AND r.status = 'confirmed'
                                        AND r.right_kind = 'out_of_turn' AND r.valid_from <= ${ref}::date
                                        AND (r.valid_to IS NULL OR r.valid_to >= ${ref}::date)) THEN 0
                        WHEN EXISTS (SELECT 1 FROM preschool_application_rights r
                                      WHERE r.application_id = b.id AND r.status = 'confirmed'
                                        AND r.right_kind = 'first' AND r.valid_from <= ${ref}::date
                                        AND (r.valid_to IS NULL OR r.valid_to >= ${ref}::date)) THEN 1
                        WHEN EXISTS (SELECT 1 FROM representations r1
                                       JOIN representations r2 ON r2.representative_id = r1.representative_id
                                                              AND r2.learner_id <> b.child_id AND r2.revoked_at IS NULL
                                       JOIN enrollments e ON e.person_id = r2.learner_id AND e.ended_on IS NULL
                                      WHERE r1.learner_id = b.child_id AND r1.revoked_at IS NULL
                                        AND e.organization_id = f.organization_id) THEN 2
                        ELSE 3 END AS class
              FROM preschool_application_preferences f
              JOIN preschool_applications b ON b.id = f.application_id
              JOIN persons p ON p.id = b.child_id
             WHERE f.organization_id IN (SELECT organization_id FROM preschool_application_preferences
                                          WHERE application_id = ${a.id})
               AND b.status = ANY(${RANKED_STATUSES as ApplicationStatus[]}::text[])
               AND date_part('year', age(${ref}::date, p.birth_date)) = ${a.age})
          SELECT f.organization_id, o.short_name AS name, f.rank::int, me.class AS my_class,
                 count(*) FILTER (WHERE c.class = 0)::int AS out_of_turn,
                 count(*) FILTER (WHERE c.class = 1)::int AS first,
                 count(*) FILTER (WHERE c.class = 2)::int AS sibling,
                 count(*) FILTER (WHERE c.class = 3)::int AS general
            FROM preschool_application_preferences f
            JOIN organizations o ON o.id = f.organization_id
            JOIN cls me ON me.id = f.application_id AND me.organization_id = f.organization_id
            LEFT JOIN cls c ON c.organization_id = f.organization_id AND c.id <> me.id
                           AND (c.class, c.registered_at, c.number COLLATE "C")
                               < (me.class, me.registered_at, me.number COLLATE "C")
           WHERE f.application_id = ${a.id}
           GROUP BY f.organization_id, o.short_name, f.rank, me.class
           ORDER BY f.rank`.execute(ctx.db)
      ).rows
    : [];
  const events = await sql<{ at: Date; status: ApplicationStatus; reason: string }>`
    SELECT at, status, reason FROM preschool_application_events WHERE application_id = ${a.id} ORDER BY at, id`.execute(
    ctx.db,
  );
  return {
    number: a.number,
    status: a.status,
    epguCode: epguCode(a.status, a.desired_on <= today),
    registeredAt: new Date(a.registered_at).toISOString(),
    desiredOn: a.desired_on,
    referenceDate: ref,
    ageOnReferenceDate: a.age,
    positions: positions.map((p) => ({
      organizationId: p.organization_id,
      name: p.name,
      rank: p.rank,
      right: CLASS_NAMES[p.my_class]!,
      ahead: {
        outOfTurn: p.out_of_turn,
        first: p.first,
        sibling: p.sibling,
        general: p.general,
        total: p.out_of_turn + p.first + p.sibling + p.general,
      },
    })),
    history: events.rows.map((e) => ({
      at: new Date(e.at).toISOString(),
      status: e.status,
      reason: e.reason,
    })),
    timeZone: ctx.config.timeZone,
  };
}
