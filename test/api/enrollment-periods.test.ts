import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsAsOf } from '../../src/server/modules/education/contingent-as-of.ts';
import type { DB } from '../../src/server/platform/db/schema.ts';
import { toAppError } from '../../src/server/platform/http/problem-handler.ts';
import { buildMunicipality, buildOrganization, buildUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let schoolA: string;
let schoolB: string;
let schoolC: string;
let learner: string;
let operator: Awaited<ReturnType<typeof buildUser>>;
beforeAll(async () => {
  s = await startTestServer();
  const m = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: m, kind: 'school' })).id;
  schoolB = (await buildOrganization(s, { territoryId: m, kind: 'school' })).id;
  schoolC = (await buildOrganization(s, { territoryId: m, kind: 'school' })).id;
  operator = await buildUser(s, 'org_operator', schoolA);
  learner = (await createLearner(s, operator, schoolA)).id;
});
afterAll(() => s.stop());

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);

async function programme(org: string, level = 'ooo') {
  const r = await q(
    `INSERT INTO education_programmes (organization_id, name, level, duration_months)
     VALUES ($1, 'Основная общеобразовательная программа', $2, 60) RETURNING id`,
    [org, level],
  );
  return r.rows[0].id as string;
}

async function enroll(person: string, org: string, prog: string, on: string) {
  const r = await q(
    `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on) VALUES ($1, $2, $3, $4)
     RETURNING id, level`,
    [person, org, prog, on],
  );
  return r.rows[0] as { id: string; level: string };
}

async function periods(enrollment: string) {
  const r = await q(
    `SELECT status, to_char(valid_from, 'YYYY-MM-DD') AS f, to_char(valid_to, 'YYYY-MM-DD') AS t
       FROM enrollment_status_periods WHERE enrollment_id = $1 ORDER BY valid_from, status`,
    [enrollment],
  );
  return r.rows;
}

async function dates(enrollment: string) {
  const r = await q(
    `SELECT to_char(started_on, 'YYYY-MM-DD') AS s, to_char(ended_on, 'YYYY-MM-DD') AS e FROM enrollments WHERE id = $1`,
    [enrollment],
  );
  return r.rows[0];
}

async function errorOf(text: string, params: unknown[] = []) {
  const err = await q(text, params).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, text).not.toBeNull();
  return err as { constraint?: string };
}

describe('enrollment status periods', () => {
  it('every enrollment made the old way has its enrolled period, and the level comes from the programme', async () => {
    const r = await q(`SELECT count(*)::int AS n FROM enrollments e
      WHERE NOT EXISTS (SELECT 1 FROM enrollment_status_periods p WHERE p.enrollment_id = e.id)`);
    expect(r.rows[0].n).toBe(0);
    const e = await enroll(learner, schoolB, await programme(schoolB, 'noo'), '2020-09-01');
    expect(e.level).toBe('noo');
    expect(await periods(e.id)).toEqual([{ status: 'enrolled', f: '2020-09-01', t: null }]);
  });

  it('started_on and ended_on follow the periods, and only the projection writes started_on', async () => {
    const other = (await createLearner(s, operator, schoolA)).id;
    const e = await enroll(other, schoolB, await programme(schoolB), '2021-09-01');
    await q(`UPDATE enrollment_status_periods SET valid_to = '2022-02-01' WHERE enrollment_id = $1`, [e.id]);
    await q(
      `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from) VALUES ($1, 'exited', '2022-02-01')`,
      [e.id],
    );
    expect(await dates(e.id)).toEqual({ s: '2021-09-01', e: '2022-02-01' });
    const err = await errorOf(`UPDATE enrollments SET started_on = '2021-01-01' WHERE id = $1`, [e.id]);
    expect(err.constraint).toBe('enrollments_dates_derived');
    expect(toAppError(err)?.code).toBe('validation_failed');
  });

  it('an ended_on written directly (a merge) becomes an exited period, and clearing it (undo) reopens', async () => {
    const other = (await createLearner(s, operator, schoolA)).id;
    const e = await enroll(other, schoolB, await programme(schoolB), '2021-09-01');
    await q(`UPDATE enrollments SET ended_on = '2023-01-10' WHERE id = $1`, [e.id]);
    expect(await periods(e.id)).toEqual([
      { status: 'enrolled', f: '2021-09-01', t: '2023-01-10' },
      { status: 'exited', f: '2023-01-10', t: null },
    ]);
    expect(await dates(e.id)).toEqual({ s: '2021-09-01', e: '2023-01-10' });
    await q(`UPDATE enrollments SET ended_on = NULL WHERE id = $1`, [e.id]);
    expect(await periods(e.id)).toEqual([{ status: 'enrolled', f: '2021-09-01', t: null }]);
    // A twin closed on its first day.
    await q(`UPDATE enrollments SET ended_on = started_on WHERE id = $1`, [e.id]);
    expect(await periods(e.id)).toEqual([{ status: 'exited', f: '2021-09-01', t: null }]);
    expect(await dates(e.id)).toEqual({ s: '2021-09-01', e: '2021-09-01' });
  });

  it('one general-education school at a date; a transfer on the exit day does not overlap', async () => {
    const child = (await createLearner(s, operator, schoolA)).id;
    const a = await enroll(child, schoolB, await programme(schoolB), '2022-09-01');
    // schoolA holds the learner's legacy enrollment (no programme); schoolC is a second school.
    const pA = await programme(schoolC);
    const err = await errorOf(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on) VALUES ($1, $2, $3, '2023-03-01')`,
      [child, schoolC, pA],
    );
    expect(err.constraint).toBe('enrollments_one_general_school');
    expect(toAppError(err)?.code).toBe('conflict');
    await q(`UPDATE enrollments SET ended_on = '2023-03-01' WHERE id = $1`, [a.id]);
    const b = await enroll(child, schoolC, pA, '2023-03-01');
    expect(await dates(b.id)).toEqual({ s: '2023-03-01', e: null });
    // Additional education runs alongside.
    const dod = await q(
      `INSERT INTO education_programmes (organization_id, name, level, focus, additional_kind, duration_months)
       VALUES ($1, 'Робототехника', 'additional', 'technical', 'general_developing', 9) RETURNING id`,
      [schoolA],
    );
    await enroll(child, schoolB, dod.rows[0].id, '2023-03-01');
  });

  it('placements do not overlap and stay inside the enrollment', async () => {
    const child = (await createLearner(s, operator, schoolA)).id;
    const e = await enroll(child, schoolB, await programme(schoolB), '2024-09-01');
    const y = await q(
      `INSERT INTO academic_years (starts_on, ends_on) VALUES ('2024-09-01', '2025-08-31')
       ON CONFLICT (starts_on) DO UPDATE SET ends_on = EXCLUDED.ends_on RETURNING id`,
    );
    const unit = await q(
      `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity)
       VALUES ($1, $2, 'class', '5А', 5, 'А', 25) RETURNING id`,
      [schoolB, y.rows[0].id],
    );
    const u = unit.rows[0].id;
    const early = await errorOf(
      `INSERT INTO placements (enrollment_id, unit_id, valid_from) VALUES ($1, $2, '2024-08-01')`,
      [e.id, u],
    );
    expect(early.constraint).toBe('placements_inside_enrollment');
    await q(`INSERT INTO placements (enrollment_id, unit_id, valid_from) VALUES ($1, $2, '2024-09-01')`, [
      e.id,
      u,
    ]);
    const overlap = await errorOf(
      `INSERT INTO placements (enrollment_id, unit_id, valid_from) VALUES ($1, $2, '2024-10-01')`,
      [e.id, u],
    );
    expect(overlap.constraint).toBe('placements_no_overlap');
    // Exit closes the open placement on the exit day.
    await q(`UPDATE enrollments SET ended_on = '2025-01-15' WHERE id = $1`, [e.id]);
    const p = await q(
      `SELECT to_char(valid_to, 'YYYY-MM-DD') AS t FROM placements WHERE enrollment_id = $1`,
      [e.id],
    );
    expect(p.rows).toEqual([{ t: '2025-01-15' }]);
    // An update is checked where the range grows, at either end; shrinking inside stays allowed.
    for (const set of [`valid_from = '2024-08-15'`, `valid_to = '2025-02-01'`, `valid_to = NULL`]) {
      const grown = await errorOf(`UPDATE placements SET ${set} WHERE enrollment_id = $1`, [e.id]);
      expect(grown.constraint).toBe('placements_inside_enrollment');
    }
    await q(`UPDATE placements SET valid_to = '2025-01-10' WHERE enrollment_id = $1`, [e.id]);
  });

  it('an ОКСО code of the wrong format is refused with its field', async () => {
    const err = await errorOf(
      `INSERT INTO education_programmes (organization_id, name, level, spo_type, okso_code, qualification, base_grade,
         duration_months) VALUES ($1, 'Сварщик', 'spo', 'skilled_worker', '15.01', 'Сварщик', 9, 34)`,
      [schoolA],
    );
    expect(err.constraint).toBe('education_programmes_okso_check');
    expect(toAppError(err)?.errors[0]?.path).toBe('body.oksoCode');
  });
  it('two concurrent enrollments of one child into two schools on one date: exactly one stays, the other is a conflict', async () => {
    const child = (await createLearner(s, operator, schoolA)).id;
    const [pB, pC] = [await programme(schoolB), await programme(schoolC)];
    const [c1, c2] = [await s.owner.connect(), await s.owner.connect()];
    try {
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      const ins = `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on) VALUES ($1, $2, $3, '2026-09-01')`;
      await c1.query(ins, [child, schoolB, pB]);
      // The second waits on the first's uncommitted row, then is refused when the first commits.
      const second = c2.query(ins, [child, schoolC, pC]).then(
        () => null,
        (e: { constraint?: string }) => e,
      );
      await c1.query('COMMIT');
      const err = await second;
      await c2.query('ROLLBACK');
      expect(err?.constraint).toBe('enrollments_one_general_school');
      expect(toAppError(err)?.code).toBe('conflict');
    } finally {
      c1.release();
      c2.release();
    }
    const r = await q(
      `SELECT organization_id FROM enrollments WHERE person_id = $1 AND programme_id IS NOT NULL`,
      [child],
    );
    expect(r.rows).toEqual([{ organization_id: schoolB }]);
  });
  it('counts as of a date come from the periods: before, during and after a stay', async () => {
    const m = await buildMunicipality(s);
    const org = (await buildOrganization(s, { territoryId: m, kind: 'school' })).id;
    const child = (await createLearner(s, operator, schoolA)).id;
    const e = await enroll(child, org, await programme(org), '2025-09-01');
    await q(`UPDATE enrollments SET ended_on = '2026-01-10' WHERE id = $1`, [e.id]);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: s.owner }) });
    const at = async (d: string) => (await countsAsOf(db, [org], d)).get(org);
    expect([
      await at('2025-08-31'),
      await at('2025-09-01'),
      await at('2026-01-09'),
      await at('2026-01-10'),
    ]).toEqual([0, 1, 1, 0]);
  });
});

describe('a mass order of a thousand learners', () => {
  // A region's year-end run graduated ~180,000 learners in one transaction and answered 500: the
  // refreshes of access and cards held one advisory lock per learner until commit, and the lock table
  // ran out (SQLSTATE 53200). Now such a refresh takes one lock per structure, and the projection runs
  // once per statement.
  it('ends every enrollment, keeps access and cards right, and holds a handful of advisory locks', async () => {
    const prog = await programme(schoolC);
    const made = await q(
      `WITH p AS (
         INSERT INTO persons (last_name, first_name, birth_date, sex)
         SELECT 'Массовый', 'Номер' || i, '2010-05-01', 'female' FROM generate_series(1, 1000) i RETURNING id)
       INSERT INTO enrollments (person_id, organization_id, programme_id, started_on)
       SELECT id, $1, $2, '2021-09-01' FROM p RETURNING id, person_id`,
      [schoolC, prog],
    );
    const ids = made.rows.map((r) => r.id as string);
    const persons = made.rows.map((r) => r.person_id as string);
    const c = await s.app.services.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `UPDATE enrollment_status_periods SET valid_to = '2026-06-25' WHERE enrollment_id = ANY($1) AND valid_to IS NULL`,
        [ids],
      );
      await c.query(
        `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from)
         SELECT unnest($1::uuid[]), 'exited', '2026-06-25'`,
        [ids],
      );
      const locks = await c.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
      );
      expect(locks.rows[0].n).toBeLessThanOrEqual(4);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    const ended = await q(
      `SELECT count(*)::int AS n FROM enrollments WHERE id = ANY($1) AND ended_on = '2026-06-25'`,
      [ids],
    );
    expect(ended.rows[0].n).toBe(1000);
    const cards = await q(
      `SELECT count(*)::int AS n FROM person_cards
        WHERE person_id = ANY($1) AND card->'enrollments'->0->>'endedOn' = '2026-06-25'`,
      [persons],
    );
    expect(cards.rows[0].n).toBe(1000);
    const access = await q(
      `SELECT count(*)::int AS n FROM person_access WHERE learner_id = ANY($1) AND last_day IS NOT NULL`,
      [persons],
    );
    expect(access.rows[0].n).toBeGreaterThanOrEqual(1000);
  });
});
