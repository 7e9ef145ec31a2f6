import { sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import { authorize, grantsFor } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { HealthActions } from '../person-health/person-health.policy.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { readPersonCard } from '../persons/person-card.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import { daysInclusive, schoolYearOf } from './school-year.ts';

/** A calendar shows at most a school year and a bit; a longer span is a report, not a card. */
const MAX_DAYS = 400;

type DayRow = {
  date: string;
  organizationId: string;
  status: 'present' | 'absent';
  reason: 'illness' | 'valid' | 'unexcused' | null;
  lessonsScheduled: number | null;
  lessonsMissed: number;
  lessonsUnexcused: number;
};

/**
 * A learner's days as the e-journals sent them, for the card's calendar: by default the school year so
 * far. An absence for illness is health data: those who may not see the learner's health see it as an
 * absence for a valid reason, which it also is.
 */
export async function readPersonAttendance(ctx: Ctx, id: string, q: { from?: string; to?: string }) {
  const grants = authorize(ctx.actor!, PersonActions['person.read']);
  const card = await loadPersonCard(ctx, ctx.db, id, grants, 'person.attendance.read');
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const to = q.to ?? today;
  const from = q.from ?? schoolYearOf(to).startsOn;
  if (from > to) throw invalidField('query.from', 'Начало периода позже его конца', 'range');
  if (daysInclusive(from, to) > MAX_DAYS)
    throw invalidField('query.to', `Период не длиннее ${MAX_DAYS} дней`, 'range');
  const healthGrants = grantsFor(ctx.actor!, HealthActions['health.read']);
  const healthVisible =
    healthGrants.length > 0 && (await readPersonCard(ctx.db, card.id, healthGrants)) !== null;
  const days = await sql<DayRow>`
    SELECT to_char(d.date, 'YYYY-MM-DD') AS date, d.organization_id AS "organizationId", d.status,
           CASE WHEN d.reason = 'illness' AND NOT ${healthVisible} THEN 'valid' ELSE d.reason END AS reason,
           d.lessons_scheduled AS "lessonsScheduled", d.lessons_missed AS "lessonsMissed",
           d.lessons_unexcused AS "lessonsUnexcused"
      FROM attendance_days d
     WHERE d.person_id = ${card.id} AND d.date BETWEEN ${from}::date AND ${to}::date
     ORDER BY d.date, d.organization_id`.execute(ctx.db);
  const orgIds = [...new Set(days.rows.map((d) => d.organizationId))];
  const organizations = orgIds.length
    ? await ctx.db
        .selectFrom('organizations')
        .select(['id', 'short_name as name'])
        .where('id', 'in', orgIds)
        .orderBy('short_name')
        .execute()
    : [];
  const count = (f: (d: DayRow) => boolean) => days.rows.filter(f).length;
  const totals = {
    days: days.rows.length,
    present: count((d) => d.status === 'present'),
    absentIllness: healthVisible ? count((d) => d.reason === 'illness') : null,
    absentValid: count((d) => d.reason === 'valid'),
    absentUnexcused: count((d) => d.reason === 'unexcused'),
    lessonsMissed: days.rows.reduce((n, d) => n + d.lessonsMissed, 0),
    lessonsUnexcused: days.rows.reduce((n, d) => n + d.lessonsUnexcused, 0),
  };
  await auditNow(ctx, {
    action: 'person.attendance.read',
    objectType: 'person',
    objectId: card.id,
    subjectIds: [card.id],
    details: { from, to },
  });
  return { from, to, organizations, days: days.rows, totals, healthVisible };
}
