import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import { regionToday } from '../../src/server/modules/education/region-today.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, programme, unit } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The monthly data-quality control on a small world with one planted problem per check: a run finds
 * each on its object and nothing on a clean learner; a fix and a recheck close the finding; scores,
 * scope and audit as for any read.
 */

let s: TestServer;
let region: string;
let mun: string;
let schoolA: string;
let schoolB: string;
let regional: TestUser;
let operatorA: TestUser;
let operatorB: TestUser;
let analyst: TestUser;
let today: string;
let yearStart: string;
const planted: Record<string, string> = {};

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const call = (u: TestUser, method: 'GET' | 'POST', url: string) =>
  s.app.inject({ method, url: `/api/v1${url}`, headers: u.headers });

let snilsSeq = 0;
/** A valid СНИЛС no other test person has (the body after 001-001-998, where the checksum applies). */
const nextSnils = () => makeSnils(String(700_000_000 + Math.floor(Math.random() * 1e6) * 100 + ++snilsSeq));

async function person(opts: {
  birth?: string;
  snils?: string | null;
  document?: 'valid' | 'expired' | 'none';
}) {
  const [p] = await q(
    `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, snils)
     VALUES ('Проверкин', 'Иван', 'Иванович', $1, 'male', $2) RETURNING id`,
    [opts.birth ?? '2015-03-01', opts.snils === undefined ? nextSnils() : opts.snils],
  );
  const doc = opts.document ?? 'valid';
  if (doc !== 'none')
    await q(
      `INSERT INTO person_documents (person_id, type, series, number, valid_until)
       VALUES ($1, '03', 'II-СТ', $2, $3)`,
      [
        p.id,
        String(Math.floor(Math.random() * 900000) + 100000),
        doc === 'expired' ? addDays(today, -10) : null,
      ],
    );
  return p.id as string;
}

async function enroll(org: string, personId: string, prog: string, unitId: string | null, from = yearStart) {
  const [e] = await q(
    `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on) VALUES ($1, $2, $3, $4) RETURNING id`,
    [personId, org, prog, from],
  );
  if (unitId)
    await q(`INSERT INTO placements (enrollment_id, unit_id, valid_from) VALUES ($1, $2, $3)`, [
      e.id,
      unitId,
      from,
    ]);
  return e.id as string;
}

async function runToEnd() {
  const res = await call(regional, 'POST', '/data-quality/runs');
  expect(res.statusCode, res.body).toBe(202);
  const { runId } = res.json();
  for (let i = 0; i < 600; i++) {
    const [r] = await q(`SELECT status FROM data_quality_runs WHERE id = $1`, [runId]);
    if (r.status !== 'running') {
      expect(r.status).toBe('finished');
      return runId as string;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

type Finding = { check: string; objectId: string; personId: string | null; label: string; severity: string };

async function findings(u: TestUser, query: string) {
  const items: Finding[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(
      u,
      'GET',
      `/data-quality/findings?${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  s = await startTestServer();
  today = regionToday(s.app.services.config.timeZone);
  const y = Number(today.slice(0, 4)) - (today.slice(5) < '09-01' ? 1 : 0);
  yearStart = `${y}-09-01`;
  const yearId = await academicYear(s, yearStart);
  region = await buildRegion(s);
  mun = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  schoolB = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  operatorA = await buildUser(s, 'org_operator', schoolA);
  operatorB = await buildUser(s, 'org_operator', schoolB);
  analyst = await buildUser(s, 'analyst', region);
  const progA = await programme(s, schoolA, 'noo');
  const progB = await programme(s, schoolB, 'noo');
  const first = await unit(s, schoolA, yearId, '1А', { grade: 1, capacity: 25 });
  const tiny = await unit(s, schoolA, yearId, '2Б', { grade: 2, capacity: 1 });

  const born = (grade: number) => `${y - 6 - grade}-03-01`;
  planted.clean = await person({ birth: born(1) });
  await enroll(schoolA, planted.clean, progA, first);
  planted.noSnils = await person({ birth: born(1), snils: null });
  await enroll(schoolA, planted.noSnils, progA, first);
  planted.noDocument = await person({ birth: born(1), document: 'none' });
  await enroll(schoolA, planted.noDocument, progA, first);
  planted.expired = await person({ birth: born(1), document: 'expired' });
  await enroll(schoolA, planted.expired, progA, first);
  planted.unplaced = await enroll(schoolA, await person({ birth: born(1) }), progA, null);
  planted.tooOld = await enroll(schoolA, await person({ birth: born(6) }), progA, first);
  await enroll(schoolA, await person({ birth: born(2) }), progA, tiny);
  await enroll(schoolA, await person({ birth: born(2) }), progA, tiny);
  planted.crowded = tiny;

  // Left for another school of the region forty days ago; never enrolled anywhere since.
  const leaver = await person({ birth: born(1) });
  const left = addDays(today, -40);
  const e = await enroll(schoolA, leaver, progA, null, addDays(left, -300));
  await q(`UPDATE enrollments SET ended_on = $2 WHERE id = $1`, [e, left]);
  const [order] = await q(
    `INSERT INTO orders (organization_id, number, order_date, kind, state, signed_at, created_at)
     VALUES ($1, 'В-1', $2, 'exit', 'signed', now(), $3::date + 5) RETURNING id`,
    [schoolA, left, left],
  );
  const [m] = await q(
    `INSERT INTO movements (order_id, person_id, enrollment_id, kind, effective_on, exit_reason)
     VALUES ($1, $2, $3, 'exit', $4, 'TRANSFER_SAME_REGION') RETURNING id`,
    [order.id, leaver, e, left],
  );
  planted.neverArrived = m.id;
  planted.lateOrder = order.id;

  // A probable duplicate of the clean learner, from the last finished duplicate report.
  const twin = await person({ birth: born(1) });
  await enroll(schoolB, twin, progB, null);
  const [run] = await q(
    `INSERT INTO duplicate_runs (status, finished_at, min_score, pairs) VALUES ('finished', now(), 0.8, 1) RETURNING id`,
  );
  const [lo, hi] = [planted.clean, twin].sort();
  await q(`INSERT INTO duplicate_pairs (run_id, person_a, person_b, score) VALUES ($1, $2, $3, 0.95)`, [
    run.id,
    lo,
    hi,
  ]);
  planted.twin = twin;
});
afterAll(() => s.stop());

describe('monthly data-quality control', () => {
  it('finds each planted problem on its object and nothing on the clean learner', async () => {
    await runToEnd();
    const a = await findings(operatorA, `organizationId=${schoolA}`);
    const of = (check: string) =>
      a
        .filter((f) => f.check === check)
        .map((f) => f.objectId)
        .sort();
    expect(of('learner_without_snils')).toEqual([planted.noSnils]);
    expect(of('learner_without_identity_document')).toEqual([planted.noDocument]);
    expect(of('identity_document_expired')).toEqual([planted.expired]);
    expect(of('enrollment_without_placement')).toEqual([planted.unplaced]);
    expect(of('implausible_age_for_grade')).toEqual([planted.tooOld]);
    expect(of('unit_over_capacity')).toEqual([planted.crowded]);
    expect(of('transfer_never_arrived')).toEqual([planted.neverArrived]);
    expect(of('late_movement_order')).toEqual([planted.lateOrder]);
    expect(of('probable_duplicate')).toEqual([planted.clean]);
    // The clean learner has no finding of its own beyond the duplicate report's pair.
    expect(a.filter((f) => f.objectId === planted.clean).map((f) => f.check)).toEqual(['probable_duplicate']);
    expect(a.find((f) => f.check === 'learner_without_identity_document')).toMatchObject({
      severity: 'error',
      personId: planted.noDocument,
      label: 'Проверкин Иван Иванович',
    });
    // School B has learners but no classes of this year once 5 September has passed.
    const b = await findings(operatorB, `organizationId=${schoolB}`);
    expect(b.map((f) => f.check).sort()).toEqual(
      today >= addDays(yearStart, 4)
        ? ['enrollment_without_placement', 'probable_duplicate', 'units_not_set_up']
        : ['enrollment_without_placement', 'probable_duplicate'],
    );
    const audit = await auditRows(s, `action = 'dataQuality.findings.read' AND actor_user_id = $1`, [
      operatorA.id,
    ]);
    expect(audit.flatMap((r) => r.subject_ids ?? [])).toContain(planted.noDocument);
  });

  it('a fix and a recheck close the finding; the rest stay open', async () => {
    await q(`UPDATE persons SET snils = $2 WHERE id = $1`, [planted.noSnils, nextSnils()]);
    const res = await call(operatorA, 'POST', `/data-quality/organizations/${schoolA.toUpperCase()}/recheck`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ organizationId: schoolA, opened: 0, closed: 1 });
    const open = await findings(operatorA, `organizationId=${schoolA}&check=learner_without_snils`);
    expect(open).toEqual([]);
    const closed = await findings(
      operatorA,
      `organizationId=${schoolA}&check=learner_without_snils&status=closed`,
    );
    expect(closed.map((f) => f.objectId)).toEqual([planted.noSnils]);
    // A second recheck changes nothing.
    const again = await call(operatorA, 'POST', `/data-quality/organizations/${schoolA}/recheck`);
    expect(again.json()).toMatchObject({ opened: 0, closed: 0, open: res.json().open });
  });

  it('scores the organizations and the municipality, worst first, with the trend', async () => {
    const res = await call(analyst, 'GET', `/data-quality/scores?territoryId=${region}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const a = body.organizations.find((o: { id: string }) => o.id === schoolA);
    expect(a.learners).toBe(8);
    // Score = 100 − 100 × (errors + warnings / 4) / max(learners, 10), as the run counted them.
    expect(a.score).toBeCloseTo(Math.max(0, 100 - (100 * (a.errors + a.warnings / 4)) / 10), 1);
    expect(a.errors).toBe(2);
    expect(body.organizations.map((o: { score: number }) => o.score)).toEqual(
      [...body.organizations.map((o: { score: number }) => o.score)].sort((x, y) => x - y),
    );
    expect(body.municipalities.map((m: { id: string }) => m.id)).toContain(mun);
    expect(body.trend.length).toBeGreaterThanOrEqual(1);
    // The analyst reads scores, never findings.
    expect((await call(analyst, 'GET', `/data-quality/findings?territoryId=${region}`)).statusCode).toBe(403);
  });

  it("a jump in an organization's count since the last run is a finding", async () => {
    const prog = await programme(s, schoolB, 'noo');
    for (let i = 0; i < 12; i++) await enroll(schoolB, await person({}), prog, null);
    const res = await call(operatorB, 'POST', `/data-quality/organizations/${schoolB}/recheck`);
    expect(res.statusCode, res.body).toBe(200);
    const b = await findings(operatorB, `organizationId=${schoolB}&check=learner_count_jump`);
    expect(b.map((f) => f.objectId)).toEqual([schoolB]);
  });

  it("finds an organization's card left unfinished or outdated for more than three days", async () => {
    const card = async (created: number, contacts: object, validUntil: string | null) => {
      const o = (await buildOrganization(s, { territoryId: mun, kind: 'additional' })).id;
      await q(
        `UPDATE organizations SET created_at = now() - make_interval(days => $2), contacts = $3,
                actual_address = '{"text": "г. Иркутск, ул. Ленина, 1"}',
                licence = '{"number": "Л035-01220-38/00000001", "issuedOn": "2015-01-15"}',
                accreditation = $4 WHERE id = $1`,
        [o, created, contacts, validUntil && { number: 'А007-1', issuedOn: '2014-05-01', validUntil }],
      );
      return o;
    };
    const phone = { phone: '+7 3952 000000' };
    const unfinished = await card(10, {}, null);
    const fresh = await card(2, {}, null);
    const expired = await card(10, phone, addDays(today, -10));
    const justExpired = await card(10, phone, addDays(today, -2));
    await runToEnd();
    const found = async (o: string) =>
      (await findings(regional, `organizationId=${o}`)).map((f) => [f.check, f.objectId]);
    expect(await found(unfinished)).toEqual([['organization_card_incomplete', unfinished]]);
    expect(await found(fresh)).toEqual([]);
    expect(await found(expired)).toEqual([['organization_accreditation_outdated', expired]]);
    expect(await found(justExpired)).toEqual([]);
    // Filling the card in closes its finding at the next look.
    await q(`UPDATE organizations SET contacts = $2 WHERE id = $1`, [unfinished, phone]);
    const res = await call(regional, 'POST', `/data-quality/organizations/${unfinished}/recheck`);
    expect(res.json()).toMatchObject({ opened: 0, closed: 1, open: 0 });
  });

  it('keeps each organization to its own findings, and one run at a time', async () => {
    expect(
      (await call(operatorA, 'GET', `/data-quality/findings?organizationId=${schoolB}`)).statusCode,
    ).toBe(404);
    expect((await call(operatorA, 'POST', `/data-quality/organizations/${schoolB}/recheck`)).statusCode).toBe(
      404,
    );
    expect((await call(operatorA, 'POST', '/data-quality/runs')).statusCode).toBe(403);
    const bad = await call(operatorA, 'GET', `/data-quality/findings?organizationId=${schoolA}&check=nope`);
    expect(bad.statusCode).toBe(400);
    const cursor = await call(
      operatorA,
      'GET',
      `/data-quality/findings?organizationId=${schoolA}&cursor=abc`,
    );
    expect(cursor.statusCode).toBe(400);

    await q(`INSERT INTO data_quality_runs (month) VALUES (date_trunc('month', now())::date)`);
    try {
      const busy = await call(regional, 'POST', '/data-quality/runs');
      expect(busy.statusCode, busy.body).toBe(409);
      expect(busy.json().errors[0].code).toBe('already_running');
      const [jobs] = await q(
        `SELECT count(*)::int AS n FROM background_jobs WHERE kind = 'data-quality-run'`,
      );
      const [runs] = await q(`SELECT count(*)::int AS n FROM data_quality_runs WHERE job_id IS NOT NULL`);
      expect(jobs.n).toBe(runs.n);
    } finally {
      await q(`DELETE FROM data_quality_runs WHERE status = 'running'`);
    }
  });
});
