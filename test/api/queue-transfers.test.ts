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

const GRACE = 30;
let s: TestServer;
let call: ReturnType<typeof api>['call'];
let region: TestUser;
let specA: TestUser;
let specB: TestUser;
let specC: TestUser;
let munA: string;
let munB: string;
let munC: string;
let ka: string[];
let kb: string[];

beforeAll(async () => {
  s = await startTestServer({ QUEUE_MAX_PREFERENCES: '3', ACCESS_GRACE_DAYS: String(GRACE) });
  call = api(s).call;
  munA = await buildMunicipality(s, 'Город А');
  munB = await buildMunicipality(s, 'Город Б');
  munC = await buildMunicipality(s, 'Город В');
  ka = [];
  kb = [];
  for (let i = 0; i < 2; i++)
    ka.push((await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id);
  for (let i = 0; i < 4; i++)
    kb.push((await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id);
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  specA = await buildUser(s, 'municipal_specialist', munA);
  specB = await buildUser(s, 'municipal_specialist', munB);
  specC = await buildUser(s, 'municipal_specialist', munC);
});
afterAll(() => s.stop());

type Res = { statusCode: number; body: string; json: () => { errors?: { path: string; code: string }[] } };
const paths = (res: Res) => (res.json().errors ?? []).map((e) => `${e.path}:${e.code}`);

/** A child with a parent, queued in municipality A by the region. */
async function queuedInA(birthDate = '2024-03-15') {
  const { learner, parentId } = await createLearnerWithParent(s, region, null as unknown as string, {
    learner: { birthDate, documents: [] },
  });
  const res = await call(region, 'POST', '/preschool-applications', {
    municipalityId: munA,
    childId: learner.id,
    applicantId: parentId,
    desiredOn: '2027-09-01',
    preferences: [ka[0], ka[1]],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { app: res.json(), childId: learner.id as string, parentId: parentId as string };
}

const request = (u: TestUser, a: { id: string; version: number }, over: Record<string, unknown> = {}) =>
  call(u, 'POST', `/preschool-applications/${a.id}/transfers`, {
    toMunicipalityId: munB,
    reason: 'Семья переехала в город Б',
    version: a.version,
    ...over,
  });

const list = async (u: TestUser, query: string) => {
  const res = await call(u, 'GET', `/preschool-application-transfers?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: string; status: string; overdue: boolean; workingDaysWaiting: number }[];
};

describe('transfer of an application to another municipality', () => {
  it('keeps the registration, replaces the kindergartens and moves access on acceptance', async () => {
    const { app: a, childId, parentId } = await queuedInA();
    const before = await s.owner.query(
      'SELECT arrival_no, registered_at, number FROM preschool_applications WHERE id = $1',
      [a.id],
    );
    // The receiving municipality knows nothing of the family yet.
    expect((await call(specB, 'GET', `/preschool-applications/${a.id}`)).statusCode).toBe(404);
    expect((await call(specB, 'GET', `/persons/${childId}`)).statusCode).toBe(404);
    // Another municipality cannot send A's application anywhere.
    expect((await request(specB, a)).statusCode).toBe(404);
    expect((await request(specC, a)).statusCode).toBe(404);
    // Nor can the region: the queue is the municipality's.
    expect((await request(region, a)).statusCode).toBe(403);

    const sent = await request(specA, a);
    expect(sent.statusCode, sent.body).toBe(201);
    const t = sent.json();
    expect(t).toMatchObject({
      applicationId: a.id,
      from: { id: munA, name: 'Город А' },
      to: { id: munB, name: 'Город Б' },
      status: 'requested',
      overdue: false,
      version: 1,
    });
    // One open request at a time.
    const again = await request(specA, a, { toMunicipalityId: munC });
    expect(again.statusCode).toBe(409);

    // While pending, the application stays in A's queue, and the parent reads why.
    const pending = (await call(specA, 'GET', `/preschool-applications/${a.id}`)).json();
    expect(pending.municipalityId).toBe(munA);
    expect(pending.events.at(-1)).toMatchObject({ kind: 'transfer_requested', status: 'queued' });
    expect(pending.events.at(-1).reason).toContain('Семья переехала в город Б');
    expect((await call(specB, 'GET', `/preschool-applications/${a.id}`)).statusCode).toBe(404);
    expect((await call(specB, 'GET', `/persons/${childId}`)).statusCode).toBe(404);

    // B sees it among incoming requests, A among outgoing; C sees nothing.
    expect((await list(specB, 'direction=incoming')).map((x) => x.id)).toContain(t.id);
    expect((await list(specA, 'direction=incoming')).map((x) => x.id)).not.toContain(t.id);
    expect((await list(specA, 'direction=outgoing')).map((x) => x.id)).toContain(t.id);
    expect((await list(specC, '')).map((x) => x.id)).not.toContain(t.id);
    expect((await list(region, 'status=requested')).map((x) => x.id)).toContain(t.id);

    // Only the receiving municipality decides: anyone else finds no such request.
    const accept = (u: TestUser, body: Record<string, unknown>) =>
      call(u, 'POST', `/preschool-application-transfers/${t.id}/accept`, body);
    expect((await accept(specA, { preferences: [ka[0]], version: 1 })).statusCode).toBe(404);
    expect((await accept(specC, { preferences: [kb[0]], version: 1 })).statusCode).toBe(404);
    expect((await accept(region, { preferences: [kb[0]], version: 1 })).statusCode).toBe(403);
    const denied = await auditRows(
      s,
      `object_type = 'preschool_application_transfer' AND object_id = $1 AND outcome = 'denied'`,
      [t.id],
    );
    expect(denied.map((r) => r.actor_user_id).sort()).toEqual([specA.id, specC.id].sort());

    // The kindergartens are checked as at filing, each problem on its field.
    expect(paths(await accept(specB, { preferences: [ka[0]], version: 1 }))).toEqual([
      'body.preferences.0:outside_municipality',
    ]);
    expect(paths(await accept(specB, { preferences: [kb[0], kb[0]], version: 1 }))).toEqual([
      'body.preferences.1:duplicate',
    ]);
    expect(paths(await accept(specB, { preferences: kb, version: 1 }))).toEqual([
      'body.preferences:too_many',
    ]);
    const nul = await accept(specB, { preferences: [kb[0]], reason: 'при\u0000нято', version: 1 });
    expect(nul.statusCode).toBe(400);
    expect(paths(nul)[0]).toMatch(/^body\.reason/);
    const stale = await accept(specB, { preferences: [kb[0]], version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict_version' });

    // Two specialists accept at once: one wins, the other is told the request changed.
    const both = await Promise.all([
      accept(specB, { preferences: [kb[2], kb[1]], version: 1 }),
      accept(specB, { preferences: [kb[3]], version: 1 }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const won = both.find((r) => r.statusCode === 200)!.json();
    expect(won).toMatchObject({ status: 'accepted', decidedOn: expect.any(String), version: 2 });
    const prefs = (
      await s.owner.query(
        'SELECT organization_id FROM preschool_application_preferences WHERE application_id = $1 ORDER BY rank',
        [a.id],
      )
    ).rows.map((r) => r.organization_id);
    expect([[kb[2], kb[1]], [kb[3]]]).toContainEqual(prefs);
    const late = await accept(specB, { preferences: [kb[0]], version: 2 });
    expect(late.statusCode).toBe(409);

    // The application is B's now, with its registration and number as they were.
    const moved = await call(specB, 'GET', `/preschool-applications/${a.id}`);
    expect(moved.statusCode, moved.body).toBe(200);
    const m = moved.json();
    expect(m).toMatchObject({
      municipalityId: munB,
      number: a.number,
      registeredAt: a.registeredAt,
      status: 'queued',
    });
    expect(m.preferences.map((p: { organizationId: string }) => p.organizationId)).toEqual(prefs);
    const accepted = m.events.at(-1);
    expect(accepted.kind).toBe('transfer_accepted');
    expect(accepted.reason).toContain('Дата и время постановки на учет сохранены');
    const after = await s.owner.query(
      'SELECT arrival_no, registered_at, number FROM preschool_applications WHERE id = $1',
      [a.id],
    );
    expect(after.rows).toEqual(before.rows);
    expect((await call(specA, 'GET', `/preschool-applications/${a.id}`)).statusCode).toBe(404);
    // The public page still finds it by the number the family has.
    const pub = await s.app.inject({
      method: 'GET',
      url: `/api/v1/public/preschool-applications/${a.number}`,
    });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().positions.map((p: { organizationId: string }) => p.organizationId)).toEqual(prefs);

    // Access follows the application: B reads the child and the parent; A keeps full access for the
    // grace period after the day of acceptance, as an organization does after an exit.
    expect((await call(specB, 'GET', `/persons/${childId}`)).statusCode).toBe(200);
    expect((await call(specB, 'GET', `/persons/${parentId}`)).statusCode).toBe(200);
    const withinGrace = await call(specA, 'GET', `/persons/${childId}`);
    expect(withinGrace.statusCode).toBe(200);
    expect(withinGrace.json().access).toBe('full');
    expect((await call(specA, 'GET', `/persons/${parentId}`)).statusCode).toBe(200);
    expect((await call(specC, 'GET', `/persons/${childId}`)).statusCode).toBe(404);
    // Past the grace period A keeps the archival view of the child (identity only, as after a closed
    // application or an exit) and loses the parent.
    await s.owner.query(
      `UPDATE preschool_application_transfers SET decided_on = current_date - $2::int WHERE id = $1`,
      [t.id, GRACE + 5],
    );
    const pastChild = await call(specA, 'GET', `/persons/${childId}`);
    expect(pastChild.statusCode, pastChild.body).toBe(200);
    expect(pastChild.json()).toMatchObject({ access: 'archival', representatives: [], allowedActions: [] });
    expect((await call(specA, 'GET', `/persons/${parentId}`)).statusCode).toBe(404);
    expect((await call(specB, 'GET', `/persons/${childId}`)).json().access).toBe('full');
    // The access relation still equals the rule computed from the sources.
    const diff = await s.owner.query(
      `(SELECT * FROM person_access WHERE learner_id = $1 EXCEPT SELECT * FROM person_access_rule(ARRAY[$1]::uuid[]))
       UNION ALL
       (SELECT * FROM person_access_rule(ARRAY[$1]::uuid[]) EXCEPT SELECT * FROM person_access WHERE learner_id = $1)`,
      [childId],
    );
    expect(diff.rows).toEqual([]);

    const audit = await auditRows(s, `action LIKE 'application.transfer.%' AND object_id = $1`, [a.id]);
    expect(audit.map((r) => [r.action, r.actor_user_id, r.outcome])).toEqual([
      ['application.transfer.request', specA.id, 'success'],
      ['application.transfer.accept', specB.id, 'success'],
    ]);
  });

  it('a refusal needs its reason; the application stays; an overdue request shows as overdue', async () => {
    const { app: a } = await queuedInA('2023-11-02');
    const nul = await request(specA, a, { reason: 'пере\u0000езд' });
    expect(nul.statusCode).toBe(400);
    expect(paths(nul)[0]).toMatch(/^body\.reason/);
    expect(paths(await request(specA, a, { toMunicipalityId: munA }))).toEqual([
      'body.toMunicipalityId:same_municipality',
    ]);
    expect(paths(await request(specA, a, { toMunicipalityId: ka[0] }))).toEqual([
      'body.toMunicipalityId:not_municipality',
    ]);
    expect((await request(specA, a, { version: a.version + 1 })).statusCode).toBe(409);
    const t = (await request(specA, a)).json();
    // Sent eight calendar days ago: more than three working days have passed whatever today is.
    await s.owner.query(
      `UPDATE preschool_application_transfers SET requested_on = requested_on - 8 WHERE id = $1`,
      [t.id],
    );
    const incoming = (await list(specB, 'direction=incoming&status=requested')).find((x) => x.id === t.id)!;
    expect(incoming.overdue).toBe(true);
    expect(incoming.workingDaysWaiting).toBeGreaterThan(3);

    const refuse = (body: Record<string, unknown>) =>
      call(specB, 'POST', `/preschool-application-transfers/${t.id}/refuse`, body);
    expect(paths(await refuse({ version: 1 }))[0]).toMatch(/^body\.reason/);
    expect((await refuse({ reason: 'нет\u0000мест', version: 1 })).statusCode).toBe(400);
    const done = await refuse({ reason: 'Адрес семьи в городе Б не подтвержден', version: 1 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'refused', overdue: false });
    const app = (await call(specA, 'GET', `/preschool-applications/${a.id}`)).json();
    expect(app.municipalityId).toBe(munA);
    expect(app.events.at(-1)).toMatchObject({ kind: 'transfer_refused', status: 'queued' });
    expect(app.events.at(-1).reason).toContain('Адрес семьи в городе Б не подтвержден');
    expect((await call(specB, 'GET', `/preschool-applications/${a.id}`)).statusCode).toBe(404);
    // Decided once: accepting afterwards is a conflict.
    const late = await call(specB, 'POST', `/preschool-application-transfers/${t.id}/accept`, {
      preferences: [kb[0]],
      version: 2,
    });
    expect(late.statusCode).toBe(409);

    // A new request may follow; closing the application cancels it.
    const second = await request(specA, app);
    expect(second.statusCode, second.body).toBe(201);
    const closed = await call(specA, 'POST', `/preschool-applications/${a.id}/status`, {
      status: 'withdrawn',
      reason: 'Заявитель отозвал заявление',
      version: app.version,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const cancelled = (await list(specB, 'direction=incoming')).find((x) => x.id === second.json().id)!;
    expect(cancelled.status).toBe('cancelled');
    const withdrawn = closed.json();
    expect((await request(specA, withdrawn)).statusCode).toBe(422);
  });

  it('pages the list by a cursor', async () => {
    for (let i = 0; i < 3; i++) {
      const { app } = await queuedInA(`2023-0${i + 1}-20`);
      expect((await request(specA, app, { toMunicipalityId: munC })).statusCode).toBe(201);
    }
    const first = (
      await call(specC, 'GET', '/preschool-application-transfers?direction=incoming&limit=2')
    ).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await call(
        specC,
        'GET',
        `/preschool-application-transfers?direction=incoming&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
      )
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(3);
    const bad = await call(specC, 'GET', '/preschool-application-transfers?cursor=abc');
    expect(bad.statusCode).toBe(400);
  });
});
