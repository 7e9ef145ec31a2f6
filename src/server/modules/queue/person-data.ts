import { type Kysely, sql } from 'kysely';
import type { PersonTable } from '../../platform/person-data/types.ts';

type CitizenApplication = {
  number: string;
  status: string;
  registeredAt: string;
  desiredOn: string;
  role: 'child' | 'applicant';
  kindergartens: string[];
};

/** The applications a person is the child or the applicant of, for the citizen's view of their data. */
// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
async function readApplications(db: Kysely<any>, ids: string[]) {
  const out = new Map<string, CitizenApplication[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const r = await sql<{
    person_id: string;
    role: 'child' | 'applicant';
    number: string;
    status: string;
    registered_at: Date;
    desired_on: string;
    kindergartens: string[];
  }>`
    SELECT v.person_id, v.role, a.number, a.status, a.registered_at, a.desired_on::text,
           ARRAY(SELECT o.short_name FROM preschool_application_preferences f
                   JOIN organizations o ON o.id = f.organization_id
                  WHERE f.application_id = a.id ORDER BY f.rank) AS kindergartens
      FROM preschool_applications a,
           LATERAL (VALUES (a.child_id, 'child'), (a.applicant_id, 'applicant')) v(person_id, role)
     WHERE v.person_id = ANY(${ids}::uuid[])
     ORDER BY a.registered_at`.execute(db);
  for (const row of r.rows)
    out.get(row.person_id)?.push({
      number: row.number,
      status: row.status,
      registeredAt: new Date(row.registered_at).toISOString(),
      desiredOn: row.desired_on,
      role: row.role,
      kindergartens: row.kindergartens,
    });
  return out;
}

/** An application names the child and the parent who filed it; its rights, ranks and events name nobody. */
export const QUEUE_DATA: PersonTable[] = [
  {
    table: 'preschool_applications',
    module: 'queue',
    refs: [{ column: 'child_id' }, { column: 'applicant_id' }],
    // A duplicate's applications go to the survivor; of two open ones for one child, the later is archived
    // (a child has one open application).
    merge: {
      rule: 'dedupe',
      key: 'id',
      twin: (m, rows) =>
        m.closed_on === null && rows.some((s) => s.closed_on === null && s.child_id === m.child_id),
      inForce: (row) => row.closed_on === null,
      resolve: {
        action: 'revoked',
        move: true,
        set: () => ({ status: 'archived', closed_on: sql`current_date` }),
      },
    },
    erase: {
      rule: 'keep',
      reason:
        'the queue is the municipality record of who was registered when; destruction waits until the application is closed, and the person row is a stub by then',
    },
    citizen: { section: 'preschool_applications', present: readApplications },
    export: { none: 'the contingent export lists enrollments, not queue applications' },
  },
];
