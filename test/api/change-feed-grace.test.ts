import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import {
  changeFeedGraceJob,
  GRACE_WATERMARK_KEY,
} from '../../src/server/modules/changes/grace-expiry.job.ts';
import {
  apiTokenHeaders,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
} from '../support/factories.ts';
import { signedOrder } from '../support/order-factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let org: string;
let leaver: string;
let stayer: string;
let reader: Record<string, string>;
let today: string;
let mun: string;
let regional: Awaited<ReturnType<typeof buildUser>>;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const runJob = () =>
  changeFeedGraceJob.run({
    id: 'test',
    params: {},
    attempt: 1,
    db: s.app.services.db,
    log: s.app.log as never,
    config: s.app.services.config,
    progress: async () => {},
    checkpoint: async () => {},
  } as never) as Promise<{ days: number; persons: number }>;

async function drain(since: string, headers = reader) {
  const items: { entityType: string; id: string; op: string }[] = [];
  let cursor = since;
  for (;;) {
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/changes?since=${cursor}&limit=100`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
    if (!res.json().hasMore) return { items, cursor };
  }
}

beforeAll(async () => {
  s = await startTestServer();
  today = dateInZone(new Date(), s.app.services.config.timeZone);
  const region = await buildRegion(s);
  mun = await buildMunicipality(s);
  org = (await buildOrganization(s, { territoryId: mun })).id;
  regional = await buildUser(s, 'regional_operator', region);
  leaver = (await createLearner(s, regional, org)).id;
  stayer = (await createLearner(s, regional, org)).id;
  const [enr] = await q('SELECT id FROM enrollments WHERE person_id = $1', [leaver]);
  // Left five days more than the grace period ago: the window closed a few days before today.
  const effectiveOn = addDays(today, -(s.app.services.config.accessGraceDays + 5));
  await signedOrder(s, await buildUser(s, 'org_admin', org), {
    organizationId: org,
    kind: 'exit',
    orderDate: effectiveOn,
    movements: [
      { kind: 'exit', personId: leaver, enrollmentId: enr.id, effectiveOn, exitReason: 'PARENTS_WISH' },
    ],
  });
  reader = await apiTokenHeaders(
    s,
    await buildUser(s, 'municipal_specialist', mun),
    [org],
    'Федеральный сегмент',
  );
});
afterAll(() => s.stop());

describe('change-feed-grace job', () => {
  it('notes each day since its watermark once, the learners whose window closed that day, and no one else', async () => {
    const [access] = await q(
      `SELECT max(last_day)::text AS last_day FROM person_access WHERE person_id = $1`,
      [leaver],
    );
    const closedOn = addDays(access.last_day, s.app.services.config.accessGraceDays + 1);
    expect(closedOn <= today).toBe(true);
    const { cursor } = await drain('0');

    // As if the last run had noted the day before the window closed.
    await q(
      `INSERT INTO app_settings (key, value) VALUES ($1, to_jsonb($2::text))
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [GRACE_WATERMARK_KEY, addDays(closedOn, -1)],
    );
    const first = await runJob();
    const span = Math.round((Date.parse(today) - Date.parse(closedOn)) / 86_400_000) + 1;
    expect(first).toEqual({ days: span, persons: 1 });
    const noted = await q(
      `SELECT entity_id, lost_nodes FROM change_log WHERE entity_type = 'person' AND lost_nodes IS NOT NULL
         AND entity_id = ANY($1::uuid[])`,
      [[leaver, stayer]],
    );
    expect(noted.map((r) => r.entity_id)).toContain(leaver);
    expect(noted.map((r) => r.entity_id)).not.toContain(stayer);

    // The reader who had the learner gets them as out of scope; the learner who stays is not resent.
    const after = await drain(cursor);
    const persons = after.items.filter((i) => i.entityType === 'person');
    expect(persons.map((i) => [i.id, i.op])).toEqual([[leaver, 'delete']]);

    // The same day again: nothing more.
    expect(await runJob()).toEqual({ days: 0, persons: 0 });
    const [mark] = await q(`SELECT value #>> '{}' AS v FROM app_settings WHERE key = $1`, [
      GRACE_WATERMARK_KEY,
    ]);
    expect(mark.v).toBe(today);
    expect(changeFeedGraceJob.summarize({ days: 3, persons: 1 })).toContain('1');
  });

  it('a mass refresh notes a representative whose full access ended before today, not one whose access stays full', async () => {
    const school = (await buildOrganization(s, { territoryId: mun })).id;
    const gone = await createLearnerWithParent(s, regional, school);
    const stays = await createLearnerWithParent(s, regional, school);
    const schoolReader = await apiTokenHeaders(
      s,
      await buildUser(s, 'municipal_specialist', mun),
      [school],
      'Региональный сегмент',
    );
    const { cursor } = await drain('0', schoolReader);
    const grace = s.app.services.config.accessGraceDays;

    // As a year-end run ends enrollments in bulk: one statement for both learners, the bulk path of the
    // access refresh (threshold lowered), which moves the last day of the rows in place.
    const c = await s.owner.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SET LOCAL kontingent.person_refresh_bulk = '1'`);
      const ends = [
        { person: gone.learner.id, day: addDays(today, -(grace + 5)) },
        { person: stays.learner.id, day: addDays(today, 10) },
      ];
      const closed = await c.query(
        `UPDATE enrollment_status_periods p SET valid_to = x.day
           FROM enrollments e, jsonb_to_recordset($1::jsonb) AS x(person uuid, day date)
          WHERE e.id = p.enrollment_id AND e.person_id = x.person AND p.valid_to IS NULL
         RETURNING p.enrollment_id, p.valid_to`,
        [JSON.stringify(ends)],
      );
      expect(closed.rowCount).toBe(2);
      await c.query(
        `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from)
         SELECT x.enrollment_id, 'exited', x.valid_to FROM jsonb_to_recordset($1::jsonb) AS x(enrollment_id uuid, valid_to date)`,
        [JSON.stringify(closed.rows)],
      );
      const moved = await c.query(
        `SELECT person_id FROM person_access WHERE person_id = ANY($1::uuid[]) AND xmin::text = pg_current_xact_id()::text`,
        [[gone.parentId, stays.parentId]],
      );
      // Both parents' rows were updated in this transaction, not deleted and inserted again.
      expect(new Set(moved.rows.map((r) => r.person_id))).toEqual(new Set([gone.parentId, stays.parentId]));
      const noted = await c.query(
        `SELECT entity_id, lost_nodes FROM change_log
          WHERE xid = pg_current_xact_id() AND entity_type = 'person' AND entity_id = ANY($1::uuid[])`,
        [[gone.parentId, stays.parentId]],
      );
      expect(noted.rows.map((r) => r.entity_id)).toEqual([gone.parentId]);
      expect(noted.rows[0].lost_nodes).toContain(school);
      await c.query('COMMIT');
    } finally {
      c.release();
    }

    // The school's reader loses the parent whose child left long ago; the other parent is not resent.
    const after = await drain(cursor, schoolReader);
    const persons = after.items.filter((i) => i.entityType === 'person');
    expect(persons).toContainEqual(expect.objectContaining({ id: gone.parentId, op: 'delete' }));
    expect(persons.map((i) => i.id)).not.toContain(stays.parentId);
  });
});
