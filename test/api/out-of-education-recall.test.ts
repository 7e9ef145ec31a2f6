import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import {
  learnerYear,
  plantCases,
  type YearLearner,
  type YearShape,
} from '../../src/generator/attendance/attendance-year.ts';
import { detectCases } from '../../src/server/modules/out-of-education/detect-cases.ts';
import { buildMunicipality, buildOrganization, buildRegion } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/*
 * The detection acceptance: a generated school year so far, with planted learners who stop coming or
 * skip a month, run through the rules day by day as the daily job would; every planted learner is found
 * and nobody else is.
 */

let s: TestServer;
const learners: YearLearner[] = [];
let shape: YearShape;
const SEED = process.env.RECALL_SEED ?? 'recall-1';

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await startTestServer();
  await buildRegion(s);
  const mun = await buildMunicipality(s);
  const school = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  const kg = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  const today = dateInZone(new Date(), s.app.services.config.timeZone);
  const y = Number(today.slice(0, 4)) - (today.slice(5) < '09-01' ? 1 : 0);
  const cfg = s.app.services.config;
  shape = {
    start: `${y}-09-01`,
    until: addDays(today, -1),
    thresholds: {
      consecutiveDays: cfg.outOfEducationAbsentDays,
      monthShare: cfg.outOfEducationMonthPercent / 100,
      preschoolDays: cfg.outOfEducationPreschoolAbsentDays,
    },
    stopShare: 0.05,
    truantMonthShare: 0.05,
  };
  for (let i = 0; i < 450; i++) {
    const kind = i % 3 === 0 ? 'preschool' : 'school';
    learners.push({
      personId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      organizationId: kind === 'school' ? school : kg,
      kind,
      grade: 1 + (i % 11),
    });
  }
  await s.owner.query(
    `INSERT INTO persons (id, last_name, first_name, birth_date, sex)
     SELECT id, 'Годов', 'Иван', date '2015-01-01' + (g % 2000)::int, 'male'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, g)`,
    [learners.map((l) => l.personId)],
  );
  await s.owner.query(
    `INSERT INTO enrollments (person_id, organization_id, started_on)
     SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS x(p, o), LATERAL (SELECT date '${y}-08-01') d`,
    [learners.map((l) => l.personId), learners.map((l) => l.organizationId)],
  );
  const planted = plantCases(SEED, learners, shape);
  const byPerson = new Map(planted.map((p) => [p.personId, p]));
  const rows = learners.flatMap((l) => learnerYear(SEED, l, shape, byPerson.get(l.personId)));
  await s.owner.query(
    `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, lessons_scheduled,
                                  lessons_missed, lessons_unexcused, source_system, source_id, batch_id)
     SELECT o, p, d, st, r, ls, lm, lu, 'Генератор', p || ':' || d, $9::uuid
       FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[])
            AS x(o, p, d, st, r, ls, lm, lu)`,
    [
      rows.map((r) => r.organizationId),
      rows.map((r) => r.personId),
      rows.map((r) => r.date),
      rows.map((r) => r.status),
      rows.map((r) => r.reason),
      rows.map((r) => r.lessonsScheduled),
      rows.map((r) => r.lessonsMissed),
      rows.map((r) => r.lessonsUnexcused),
      randomUUID(),
    ],
  );
}, 120_000);
afterAll(() => s?.stop());

it('finds every planted learner of the generated year and flags nobody who attended normally', async () => {
  const planted = plantCases(SEED, learners, shape);
  expect(planted.length).toBeGreaterThan(20);
  // The daily job, each school day from October on.
  for (let d = `${shape.start.slice(0, 4)}-10-01`; d <= shape.until; d = addDays(d, 1)) {
    await detectCases(s.app.services.db, s.app.services.config, {
      today: d,
      kinds: ['stopped_attending', 'preschool_absent'],
    });
  }
  const cases = await s.owner.query<{ person_id: string; kind: string }>(
    `SELECT DISTINCT person_id, kind FROM out_of_education_cases`,
  );
  const found = new Set(cases.rows.map((c) => `${c.kind}:${c.person_id}`));
  const expected = new Set(planted.map((p) => `${p.kind}:${p.personId}`));
  const missed = [...expected].filter((k) => !found.has(k));
  const extra = [...found].filter((k) => !expected.has(k));
  // Recall 100 %: no planted learner missed; no false flag: nobody else found.
  expect(missed, `${missed.length} of ${expected.size} planted learners not found`).toEqual([]);
  expect(extra, `${extra.length} learners flagged who attended normally`).toEqual([]);
}, 300_000);
