import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import { runDuplicateReport } from '../../src/server/modules/duplicates/run-duplicate-report.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let orgShortName: string;
let regional: TestUser;
let specialistA: TestUser;
let specialistB: TestUser;
let operatorA: TestUser;

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);
const inject = (u: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  s.app.inject({ method, url, ...(u ? { headers: u.headers } : {}), ...(payload ? { payload } : {}) });

type Name = [last: string, first: string, middle: string | null];
async function person(
  [last, first, middle]: Name,
  birth: string,
  sex: 'male' | 'female',
  opts: { status?: string; snils?: string } = {},
) {
  const r = await q(
    `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, snils, status, merged_into_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'merged' THEN (SELECT id FROM persons LIMIT 1) END)
     RETURNING id`,
    [last, first, middle, birth, sex, opts.snils ?? null, opts.status ?? 'active'],
  );
  const id = r.rows[0].id as string;
  await q(`INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2023-09-01')`, [
    id,
    orgA,
  ]);
  return id;
}

/** Planted pairs: the original and its second record with one kind of mistake; all the same birth date. */
const planted: Record<string, [string, string]> = {};
/** Pairs that must not be reported: twins (one pair of each sex mix) and namesakes with their own СНИЛС. */
let notDuplicates: [string, string][] = [];

beforeAll(async () => {
  s = await startTestServer();
  const munA = await buildMunicipality(s);
  const org = await buildOrganization(s, { territoryId: munA });
  orgA = org.id;
  orgShortName = org.shortName;
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  specialistB = await buildUser(s, 'municipal_specialist', await buildMunicipality(s));
  operatorA = await buildUser(s, 'org_operator', orgA);
  const pair = async (kind: string, a: Name, b: Name, birth: string, sex: 'male' | 'female') => {
    planted[kind] = [await person(a, birth, sex), await person(b, birth, sex)];
  };
  await pair(
    'last_name_typo',
    ['Прохоренко', 'Арсений', 'Викторович'],
    ['Прохаренко', 'Арсений', 'Викторович'],
    '2013-05-05',
    'male',
  );
  await pair(
    'first_name_typo',
    ['Белова', 'Анастасия', 'Петровна'],
    ['Белова', 'Анастасея', 'Петровна'],
    '2012-02-02',
    'female',
  );
  await pair(
    'yo_e',
    ['Ёлкина', 'Юлия', 'Андреевна'],
    ['Елкина', 'Юлия', 'Андреевна'],
    '2014-03-15',
    'female',
  );
  await pair(
    'swapped',
    ['Соколова', 'Дарья', 'Ильинична'],
    ['Дарья', 'Соколова', 'Ильинична'],
    '2012-07-07',
    'female',
  );
  await pair(
    'latin',
    ['Щукин', 'Евгений', 'Сергеевич'],
    ['Shchukin', 'Evgeniy', 'Sergeevich'],
    '2011-01-20',
    'male',
  );
  // One of the two records carries a СНИЛС: still a suspect.
  planted.exact = [
    await person(['Морозов', 'Глеб', 'Ильич'], '2010-10-10', 'male', { snils: '11122233344' }),
    await person(['Морозов', 'Глеб', 'Ильич'], '2010-10-10', 'male'),
  ];
  notDuplicates = [
    [
      await person(['Кузнецов', 'Иван', 'Олегович'], '2015-09-09', 'male'),
      await person(['Кузнецов', 'Пётр', 'Олегович'], '2015-09-09', 'male'),
    ],
    [
      await person(['Лебедев', 'Евгений', 'Романович'], '2016-04-04', 'male'),
      await person(['Лебедева', 'Евгения', 'Романовна'], '2016-04-04', 'female'),
    ],
    // Namesakes born the same day, each with a СНИЛС of their own: two people.
    [
      await person(['Волков', 'Денис', 'Андреевич'], '2011-11-11', 'male', { snils: '22233344455' }),
      await person(['Волков', 'Денис', 'Андреевич'], '2011-11-11', 'male', { snils: '33344455566' }),
    ],
  ];
  // A record already merged into another is an alias, not a duplicate; a namesake born another day is
  // another person.
  await person(['Прохоренко', 'Арсений', 'Викторович'], '2013-05-05', 'male', { status: 'merged' });
  await person(['Прохоренко', 'Арсений', 'Викторович'], '2013-05-06', 'male');
});
afterAll(() => s.stop());

const key = (a: string, b: string) => [a, b].sort().join('|');

async function finished(runId: string) {
  for (let i = 0; i < 600; i++) {
    const r = await inject(regional, 'GET', `/api/v1/duplicates/runs/${runId}`);
    expect(r.statusCode).toBe(200);
    if (r.json().status !== 'running') return r.json();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

async function startRun() {
  const res = await inject(regional, 'POST', '/api/v1/duplicates/runs');
  expect(res.statusCode, res.body).toBe(202);
  const run = await finished(res.json().runId);
  expect(run.status).toBe('finished');
  return run as { id: string; pairs: number };
}

const listed = async (query = '') => {
  const res = await inject(regional, 'GET', `/api/v1/duplicates?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const pairKeys = (page: { items: { a: { id: string }; b: { id: string } }[] }) =>
  page.items.map((i) => key(i.a.id, i.b.id));

describe('duplicate report', () => {
  it('is empty before the first run; a run works in the background and is audited', async () => {
    expect(await listed()).toMatchObject({ run: null, items: [], totalCount: 0 });
    const run = await startRun();
    expect(run.pairs).toBe(Object.keys(planted).length);
    const started = await auditRows(s, `action = 'person.duplicate_report_run' AND object_id = $1`, [run.id]);
    expect(started).toHaveLength(1);
    expect(started[0].actor_user_id).toBe(regional.id);
  });

  it('finds a typo in either name, ё/е, swapped names, Latin spelling; not twins or namesakes', async () => {
    const page = await listed();
    const found = pairKeys(page);
    for (const [kind, [a, b]] of Object.entries(planted)) expect(found, kind).toContain(key(a, b));
    for (const [a, b] of notDuplicates) expect(found).not.toContain(key(a, b));
    expect(page.totalCount).toBe(Object.keys(planted).length);
    const swapped = page.items.find((i: { a: { id: string } }) => planted.swapped!.includes(i.a.id));
    expect(swapped.score).toBe(1);
    // Short names repeat across municipalities: the municipality goes beside it.
    const mun = await q(
      'SELECT t.name FROM organizations o JOIN territories t ON t.id = o.territory_id WHERE o.id = $1',
      [orgA],
    );
    expect(swapped.a).toMatchObject({
      birthDate: '2012-07-07',
      organization: `${orgShortName} (${mun.rows[0].name})`,
    });
    expect([swapped.a.fullName, swapped.b.fullName].sort()).toEqual([
      'Дарья Соколова Ильинична',
      'Соколова Дарья Ильинична',
    ]);
    const read = await auditRows(s, `action = 'person.duplicate_report' AND object_id = $1`, [page.run.id]);
    expect(read.at(-1).subject_ids.sort()).toEqual(Object.values(planted).flat().sort());
  });

  it("shows each record's СНИЛС and main document, which tell two records apart", async () => {
    const [a, b] = planted.swapped!;
    const snils = makeSnils('123456789');
    await q('UPDATE persons SET snils = $2 WHERE id = $1', [a, snils]);
    await q(
      `INSERT INTO person_documents (person_id, type, series, number) VALUES ($1, '03', 'II-СТ', '111111'),
         ($1, '21', '2514', '654321')`,
      [a],
    );
    const pair = (await listed()).items.find((i: { a: { id: string } }) => [a, b].includes(i.a.id));
    const sideA = pair.a.id === a ? pair.a : pair.b;
    const sideB = pair.a.id === a ? pair.b : pair.a;
    // The passport is the main document once there is one.
    expect(sideA).toMatchObject({ snils, document: { type: '21', series: '2514', number: '654321' } });
    expect(sideB).toMatchObject({ snils: null, document: null });
  });

  it('filters by score, pages with a cursor and counts the total', async () => {
    const all = await listed();
    const exact = await listed('minScore=1');
    expect(pairKeys(exact)).not.toContain(key(...planted.last_name_typo!));
    expect(pairKeys(exact)).toContain(key(...planted.swapped!));
    expect(exact.totalCount).toBe(exact.items.length);
    const first = await listed('limit=4');
    expect(first.items).toHaveLength(4);
    expect(first.totalCount).toBe(all.totalCount);
    const second = await listed(`limit=4&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([...pairKeys(first), ...pairKeys(second)]).toEqual(pairKeys(all));
    const bad = await inject(regional, 'GET', '/api/v1/duplicates?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    const unknown = await inject(
      regional,
      'GET',
      '/api/v1/duplicates?runId=00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('a pair declared different drops out at once and is skipped by the next run', async () => {
    const [a, b] = planted.exact!;
    const res = await inject(specialistA, 'POST', '/api/v1/duplicates/distinct', {
      personA: b,
      personB: a,
      reason: 'Разные дети: сверено по свидетельствам о рождении',
    });
    expect(res.statusCode, res.body).toBe(204);
    const stored = await q(
      'SELECT person_a, person_b FROM person_distinctions WHERE $1 IN (person_a, person_b)',
      [a],
    );
    expect(stored.rows).toEqual([{ person_a: [a, b].sort()[0], person_b: [a, b].sort()[1] }]);
    expect(pairKeys(await listed())).not.toContain(key(a, b));
    const audit = await auditRows(s, `action = 'person.distinct'`);
    expect(audit.at(-1).subject_ids.sort()).toEqual([a, b].sort());
    const run = await startRun();
    const pairs = await q('SELECT person_a, person_b FROM duplicate_pairs WHERE run_id = $1', [run.id]);
    expect(pairs.rows.map((r) => key(r.person_a, r.person_b))).not.toContain(key(a, b));
    expect(run.pairs).toBe(Object.keys(planted).length - 1);
    const again = await inject(specialistA, 'POST', '/api/v1/duplicates/distinct', {
      personA: a,
      personB: b,
      reason: 'Повторное решение',
    });
    expect(again.statusCode).toBe(204);
  });

  it('runs one at a time; runDuplicateReport can be called directly', async () => {
    const blocker = await q(`INSERT INTO duplicate_runs (min_score) VALUES (0.8) RETURNING id`);
    const busy = await inject(regional, 'POST', '/api/v1/duplicates/runs');
    expect(busy.statusCode).toBe(409);
    expect(busy.json().runningRunId).toBe(blocker.rows[0].id);
    await q(`UPDATE duplicate_runs SET status = 'failed', finished_at = now() WHERE id = $1`, [
      blocker.rows[0].id,
    ]);
    const direct = await runDuplicateReport(s.database.db, { startedBy: regional.id });
    expect(direct.pairs).toBe(Object.keys(planted).length - 1);
    expect(direct.seconds).toBeGreaterThan(0);
    const stored = await q('SELECT count(*)::int AS n FROM duplicate_pairs WHERE run_id = $1', [
      direct.runId,
    ]);
    expect(stored.rows[0].n).toBe(direct.pairs);
    expect((await listed()).run.id).toBe(direct.runId);
  });

  it('401 without a session, 403 for other roles, 404 out of scope, 400 on bad input', async () => {
    const [a, b] = planted.yo_e!;
    const body = { personA: a, personB: b, reason: 'Разные дети, проверено' };
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: ['GET' | 'POST', string, object?][] = [
      ['POST', '/api/v1/duplicates/runs'],
      ['GET', `/api/v1/duplicates/runs/${id}`],
      ['GET', '/api/v1/duplicates'],
      ['POST', '/api/v1/duplicates/distinct', body],
    ];
    for (const [method, url, payload] of routes) {
      expect((await inject(null, method, url, payload)).statusCode, url).toBe(401);
      expect((await inject(operatorA, method, url, payload)).statusCode, url).toBe(403);
    }
    for (const [method, url] of routes.slice(0, 3)) {
      expect((await inject(specialistA, method, url)).statusCode, url).toBe(403);
    }
    expect((await inject(regional, 'GET', `/api/v1/duplicates/runs/${id}`)).statusCode).toBe(404);
    expect((await inject(specialistB, 'POST', '/api/v1/duplicates/distinct', body)).statusCode).toBe(404);
    const same = await inject(regional, 'POST', '/api/v1/duplicates/distinct', { ...body, personB: a });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].path).toBe('body.personB');
    expect(await q('SELECT 1 FROM person_distinctions WHERE $1 IN (person_a, person_b)', [a])).toMatchObject({
      rowCount: 0,
    });
  });
});
