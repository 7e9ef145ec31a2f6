import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import type { ApplicationStatus } from '../../../../common/queue-dictionary.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { inScope } from '../../../platform/access/scope.ts';
import { auditedPage, type Ctx } from '../../../platform/context.ts';
import { invalidField } from '../../../platform/errors.ts';
import type { applicationListQuery } from './applications.schemas.ts';
import { QueueActions } from './queue.policy.ts';

type Row = {
  id: string;
  number: string;
  registered_at: Date;
  arrival_no: string;
  status: ApplicationStatus;
  desired_on: string;
  child_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  first_preference: string | null;
  right: 'out_of_turn' | 'first' | null;
  right_pending: boolean;
};

const encode = (r: Row) =>
  Buffer.from(`${new Date(r.registered_at).toISOString()}|${r.arrival_no}`).toString('base64url');
function decode(cursor: string): [string, string] {
  const [at, n] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !n || Number.isNaN(Date.parse(at)) || !/^\d{1,18}$/.test(n))
    throw invalidField('query.cursor', 'Некорректный курсор');
  return [at, n];
}

/**
 * The queue of the operator's municipalities in the order it was filed (registration instant, then
 * arrival number), with filters. The right shown is the one that counts today: confirmed and in force.
 */
export async function listApplications(ctx: Ctx, q: z.infer<typeof applicationListQuery>) {
  const grants = authorize(ctx.actor!, QueueActions['application.read']);
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const after = q.cursor ? decode(q.cursor) : null;
  const r = await sql<Row>`
    SELECT a.id, a.number, a.registered_at, a.arrival_no::text, a.status, a.desired_on, a.child_id,
           p.last_name, p.first_name, p.middle_name, p.birth_date::text,
           (SELECT o.short_name FROM preschool_application_preferences f JOIN organizations o ON o.id = f.organization_id
             WHERE f.application_id = a.id ORDER BY f.rank LIMIT 1) AS first_preference,
           (SELECT CASE WHEN bool_or(r.right_kind = 'out_of_turn') THEN 'out_of_turn'
                        WHEN bool_or(r.right_kind = 'first') THEN 'first' END FROM preschool_application_rights r
             WHERE r.application_id = a.id AND r.status = 'confirmed' AND r.valid_from <= ${today}::date
               AND (r.valid_to IS NULL OR r.valid_to >= ${today}::date)) AS right,
           EXISTS (SELECT 1 FROM preschool_application_rights r
                    WHERE r.application_id = a.id AND r.status = 'pending') AS right_pending
      FROM preschool_applications a JOIN persons p ON p.id = a.child_id
     WHERE ${inScope('a.municipality_id', grants)}
       AND (${q.municipalityId ?? null}::uuid IS NULL OR a.municipality_id = ${q.municipalityId ?? null}::uuid)
       AND (${q.status ?? null}::text IS NULL OR a.status = ${q.status ?? null})
       AND (${q.organizationId ?? null}::uuid IS NULL OR EXISTS (
             SELECT 1 FROM preschool_application_preferences f
              WHERE f.application_id = a.id AND f.organization_id = ${q.organizationId ?? null}::uuid))
       AND (${q.rightPending ?? null}::text IS NULL OR EXISTS (
             SELECT 1 FROM preschool_application_rights r WHERE r.application_id = a.id AND r.status = 'pending')
             = (${q.rightPending ?? null} = 'true'))
       AND (${q.q ?? null}::text IS NULL OR a.number = ${q.q ?? null}
            OR left(lower(p.last_name), length(${q.q ?? ''})) = lower(${q.q ?? ''}))
       AND (${after?.[0] ?? null}::timestamptz IS NULL
            OR (a.registered_at, a.arrival_no) > (${after?.[0] ?? null}::timestamptz, ${after?.[1] ?? null}::bigint))
     ORDER BY a.registered_at, a.arrival_no
     LIMIT ${q.limit + 1}`.execute(ctx.db);
  const rows = r.rows.slice(0, q.limit);
  const page = {
    items: rows.map((a) => ({
      id: a.id,
      number: a.number,
      registeredAt: new Date(a.registered_at).toISOString(),
      status: a.status,
      desiredOn: a.desired_on,
      child: {
        id: a.child_id,
        lastName: a.last_name,
        firstName: a.first_name,
        middleName: a.middle_name,
        birthDate: a.birth_date,
      },
      firstPreference: a.first_preference,
      right: a.right ?? ('general' as const),
      rightPending: a.right_pending,
    })),
    nextCursor: r.rows.length > q.limit ? encode(rows[rows.length - 1]!) : null,
  };
  return auditedPage(ctx, page, {
    action: 'application.list',
    objectType: 'preschool_application',
    objectId: null,
    subjectIds: page.items.length > 0 ? page.items.map((i) => i.child.id) : null,
  });
}
