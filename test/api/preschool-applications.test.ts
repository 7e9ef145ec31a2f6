import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { api } from '../support/order-factories.ts';
import { createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let region: TestUser;
let specialistA: TestUser;
let specialistB: TestUser;
let clerk: TestUser;
let munA: string;
let munB: string;
let ka: string[];
let kb: string;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  ka = [];
  for (let i = 0; i < 6; i++)
    ka.push((await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id);
  kb = (await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id;
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  specialistB = await buildUser(s, 'municipal_specialist', munB);
  clerk = await buildUser(s, 'org_operator', ka[0]!);
});
afterAll(() => s.stop());

/** A child not yet in any kindergarten, with a parent, registered by the region. */
async function family(birthDate = '2024-03-15') {
  const { learner, parentId } = await createLearnerWithParent(s, region, null as unknown as string, {
    learner: { birthDate, documents: [] },
  });
  return { childId: learner.id, applicantId: parentId };
}

const application = (f: { childId: string; applicantId: string }, over: Record<string, unknown> = {}) => ({
  municipalityId: munA,
  ...f,
  desiredOn: '2027-09-01',
  preferences: [ka[0], ka[1]],
  ...over,
});

const paths = (res: { json: () => { errors?: { path: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.path}:${e.code}`);

describe('filing a preschool application', () => {
  it('needs persons the operator already sees: an id buys no access', async () => {
    const f = await family();
    const before = await call(specialistA, 'GET', `/persons/${f.childId}`);
    expect(before.statusCode).toBe(404);
    const res = await call(specialistA, 'POST', '/preschool-applications', application(f));
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.childId:not_found', 'body.applicantId:not_found']),
    );
    expect(
      await s.owner.query('SELECT 1 FROM preschool_applications WHERE child_id = $1', [f.childId]),
    ).toMatchObject({
      rowCount: 0,
    });
    expect((await call(specialistA, 'GET', `/persons/${f.childId}`)).statusCode).toBe(404);
  });

  it('registers it with a public number and an instant that rank it; the municipality then sees the child', async () => {
    const f = await family();
    const res = await call(region, 'POST', '/preschool-applications', application(f));
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.number).toMatch(/^\d{8}-\d+$/);
    expect(a.status).toBe('queued');
    expect(a.epguCode).toBe(140);
    expect(a.preferences.map((p: { organizationId: string }) => p.organizationId)).toEqual([ka[0], ka[1]]);
    expect(a.events).toEqual([expect.objectContaining({ kind: 'filed', status: 'queued' })]);
    // The application gives its municipality access to the child and the parent, and nobody else.
    expect((await call(specialistA, 'GET', `/persons/${f.childId}`)).statusCode).toBe(200);
    expect((await call(specialistA, 'GET', `/persons/${f.applicantId}`)).statusCode).toBe(200);
    expect((await call(specialistB, 'GET', `/persons/${f.childId}`)).statusCode).toBe(404);
    expect((await call(specialistB, 'GET', `/preschool-applications/${a.id}`)).statusCode).toBe(404);
    const listB = await call(specialistB, 'GET', '/preschool-applications');
    expect(listB.json().items.map((i: { id: string }) => i.id)).not.toContain(a.id);
    const got = await call(specialistA, 'GET', `/preschool-applications/${a.id.toUpperCase()}`);
    expect(got.statusCode, got.body).toBe(200);
    // Both reads are in the audit: the other municipality's as denied, with nobody named.
    const audit = await auditRows(s, `action = 'application.read' AND object_id = $1`, [a.id]);
    expect(audit.map((r) => [r.actor_user_id, r.outcome])).toEqual([
      [specialistB.id, 'denied'],
      [specialistA.id, 'success'],
    ]);
    expect(audit[0].subject_ids).toBeNull();
    expect(audit[1].subject_ids.sort()).toEqual([f.childId, f.applicantId].sort());
    // A second open application for the same child is a conflict, named on the child.
    const again = await call(region, 'POST', '/preschool-applications', application(f));
    expect(again.statusCode).toBe(409);
    expect(paths(again)).toEqual(['body.childId:already_queued']);
  });

  it('answers every bad field with its path and writes nothing', async () => {
    const f = await family('2024-03-15');
    const cases: [Record<string, unknown>, string][] = [
      [{ preferences: ka }, 'body.preferences:too_many'],
      [{ preferences: [ka[0], ka[0]] }, 'body.preferences.1:duplicate'],
      [{ preferences: [kb] }, 'body.preferences.0:outside_municipality'],
      [{ desiredOn: '2024-01-01' }, 'body.desiredOn:before_birth'],
      [
        { right: { categoryCode: 'FIRST_LARGE_FAMILY', documentIssuedOn: '2025-01-10' } },
        'body.right.documentTitle',
      ],
      [
        {
          right: { categoryCode: 'NO_SUCH_RIGHT', documentTitle: 'Справка', documentIssuedOn: '2025-01-10' },
        },
        'body.right.categoryCode:unknown',
      ],
      [{ groupFocus: 'compensating' }, 'body.pmpkNumber:required'],
      [{ language: 'рус\u0000ский' }, 'body.language'],
      [{ municipalityId: ka[0] }, 'body.municipalityId'],
    ];
    for (const [over, path] of cases) {
      const res = await call(region, 'POST', '/preschool-applications', application(f, over));
      expect(res.statusCode, `${path}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${path}: ${res.body}`).toBeLessThan(500);
      expect(
        paths(res).some((p) => p.startsWith(path)),
        `${path}: ${res.body}`,
      ).toBe(true);
    }
    const n = await s.owner.query(
      'SELECT count(*)::int AS n FROM preschool_applications WHERE child_id = $1',
      [f.childId],
    );
    expect(n.rows[0].n).toBe(0);
  });

  it('numbers twenty filings at once in arrival order, each once', async () => {
    const families = [];
    for (let i = 0; i < 20; i++) families.push(await family(`2023-0${(i % 9) + 1}-1${i % 10}`));
    const answers = await Promise.all(
      families.map((f) => call(region, 'POST', '/preschool-applications', application(f))),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const rows = await s.owner.query(
      `SELECT number, arrival_no, registered_at FROM preschool_applications
        WHERE child_id = ANY($1::uuid[]) ORDER BY arrival_no`,
      [families.map((f) => f.childId)],
    );
    expect(new Set(rows.rows.map((r) => r.number)).size).toBe(20);
    const instants = rows.rows.map((r) => new Date(r.registered_at).getTime());
    expect(instants).toEqual([...instants].sort((x, y) => x - y));
  });

  it('searches by number or the start of the surname, wildcards taken literally', async () => {
    const all = await call(specialistA, 'GET', '/preschool-applications?limit=200');
    expect(all.json().items.length).toBeGreaterThan(0);
    const wild = await call(specialistA, 'GET', `/preschool-applications?q=${encodeURIComponent('%')}`);
    expect(wild.statusCode).toBe(200);
    expect(wild.json().items).toEqual([]);
    const first = all.json().items[0];
    const bySurname = await call(
      specialistA,
      'GET',
      `/preschool-applications?q=${encodeURIComponent(first.child.lastName.slice(0, 3).toUpperCase())}`,
    );
    expect(bySurname.json().items.map((i: { id: string }) => i.id)).toContain(first.id);
  });

  it('serves the queue to the municipality and the region only', async () => {
    expect((await call(clerk, 'GET', '/preschool-applications')).statusCode).toBe(403);
    expect((await call(clerk, 'POST', '/preschool-applications', {})).statusCode).toBe(403);
  });
});

describe('rights and the lifecycle', () => {
  it('a claimed right waits in the general queue until confirmed, then counts', async () => {
    const f = await family();
    const res = await call(
      region,
      'POST',
      '/preschool-applications',
      application(f, {
        right: {
          categoryCode: 'FIRST_LARGE_FAMILY',
          documentTitle: 'Удостоверение многодетной семьи',
          documentNumber: '38-000123',
          documentIssuedOn: '2025-01-10',
        },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.status).toBe('awaiting_confirmation');
    expect(a.epguCode).toBe(130);
    const listed = async () =>
      (await call(specialistA, 'GET', `/preschool-applications?q=${a.number}`)).json().items[0];
    expect(await listed()).toMatchObject({ right: 'general', rightPending: true });

    const rightId = a.rights[0].id;
    const noReason = await call(
      specialistA,
      'POST',
      `/preschool-applications/${a.id}/rights/${rightId}/decision`,
      {
        decision: 'rejected',
      },
    );
    expect(paths(noReason)).toEqual(['body.reason:required']);
    const ok = await call(specialistA, 'POST', `/preschool-applications/${a.id}/rights/${rightId}/decision`, {
      decision: 'confirmed',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('queued');
    expect(ok.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'filed',
      'right_claimed',
      'right_confirmed',
    ]);
    expect(await listed()).toMatchObject({ right: 'first', rightPending: false });
    const twice = await call(
      specialistA,
      'POST',
      `/preschool-applications/${a.id}/rights/${rightId}/decision`,
      {
        decision: 'confirmed',
      },
    );
    expect(twice.statusCode).toBe(409);
    // The region reads the queue but the municipality decides.
    const regional = await call(
      region,
      'POST',
      `/preschool-applications/${a.id}/rights/${rightId}/decision`,
      {
        decision: 'confirmed',
      },
    );
    expect(regional.statusCode).toBe(403);
  });

  it('moves statuses with a reason and a version; closing ends the open application', async () => {
    const f = await family();
    const a = (await call(region, 'POST', '/preschool-applications', application(f))).json();
    const byHand = await call(specialistA, 'POST', `/preschool-applications/${a.id}/status`, {
      status: 'referred',
      reason: 'Вручную',
      version: a.version,
    });
    expect(paths(byHand)).toEqual(['body.status:not_by_hand']);
    const stale = await call(specialistA, 'POST', `/preschool-applications/${a.id}/status`, {
      status: 'withdrawn',
      reason: 'Заявитель отозвал заявление',
      version: a.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    const done = await call(specialistA, 'POST', `/preschool-applications/${a.id}/status`, {
      status: 'withdrawn',
      reason: 'Заявитель отозвал заявление',
      version: a.version,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'withdrawn', epguCode: 11 });
    expect(done.json().events.at(-1)).toMatchObject({
      status: 'withdrawn',
      reason: 'Заявитель отозвал заявление',
    });
    const back = await call(specialistA, 'POST', `/preschool-applications/${a.id}/status`, {
      status: 'queued',
      reason: 'Ошибка',
      version: done.json().version,
    });
    expect(paths(back)).toEqual(['body.status:move_not_allowed']);
    // Withdrawn, the child may be queued anew; while queued, the purpose holds and destruction waits.
    expect((await call(region, 'POST', '/preschool-applications', application(f))).statusCode).toBe(201);
    const destroy = await call(region, 'POST', `/persons/${f.childId}/destroy`, {
      basis: 'subject_request',
      basisDetails: 'Заявление вх. № 9 от 01.12.2026',
      confirm: true,
    });
    expect(destroy.statusCode, destroy.body).toBe(422);
    expect(paths(destroy)).toEqual(['params.id:in_queue']);
  });
});

describe('the public position by number', () => {
  it('counts who ranks ahead in the age band of each kindergarten, by right, and names nobody', async () => {
    const prefs = [ka[2], ka[3]];
    const early = await family('2023-05-10');
    const privileged = await family('2023-06-11');
    const mine = await family('2023-07-12');
    const older = await family('2021-01-05');
    const file = async (f: { childId: string; applicantId: string }, over: Record<string, unknown> = {}) => {
      const res = await call(
        region,
        'POST',
        '/preschool-applications',
        application(f, { preferences: prefs, ...over }),
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    await file(early);
    const p = await file(privileged, {
      right: {
        categoryCode: 'FIRST_POLICE',
        documentTitle: 'Справка с места службы',
        documentIssuedOn: '2025-02-01',
      },
    });
    const m = await file(mine, { preferences: [ka[3], ka[2]] });
    await file(older);
    const anonymous = async (number: string) =>
      s.app.inject({ method: 'GET', url: `/api/v1/public/preschool-applications/${number}` });

    let res = await anonymous(m.number);
    expect(res.statusCode, res.body).toBe(200);
    let body = res.json();
    expect(body.positions.map((x: { organizationId: string }) => x.organizationId)).toEqual([ka[3], ka[2]]);
    // The right waits for confirmation: it counts as the general queue.
    expect(body.positions[0].ahead).toEqual({ outOfTurn: 0, first: 0, sibling: 0, general: 2, total: 2 });
    expect(res.body).not.toContain(m.child.lastName);
    expect(res.body).not.toContain(m.child.birthDate);

    await call(specialistA, 'POST', `/preschool-applications/${p.id}/rights/${p.rights[0].id}/decision`, {
      decision: 'confirmed',
    });
    body = (await anonymous(m.number)).json();
    expect(body.positions[1]).toMatchObject({ right: 'general', ahead: { first: 1, general: 1, total: 2 } });
    const top = (await anonymous(p.number)).json();
    expect(top.positions[0]).toMatchObject({ right: 'first', ahead: { total: 0 } });
    expect(top.history.map((e: { status: string }) => e.status)).toEqual([
      'awaiting_confirmation',
      'awaiting_confirmation',
      'queued',
    ]);

    expect((await anonymous('25999999-999999999')).statusCode).toBe(404);
    res = await anonymous('Иванов');
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual([expect.stringMatching(/^params\.number/)]);
  });
});
