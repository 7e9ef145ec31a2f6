import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 7, findings 1, 2, 6 and part of 8: no action widens scope by itself.
let s: TestServer;
let mun: string;
let school: string;
let kindergarten: string;
let thirdSchool: string;
let schoolOp: TestUser;
let schoolAdmin: TestUser;
let kgOp: TestUser;
let thirdAdmin: TestUser;
let munSpec: TestUser;
let regional: TestUser;
let bearer: Record<string, string>;

type Headers = Record<string, string>;
const call = (h: Headers | TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  s.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: 'headers' in h ? (h as TestUser).headers : (h as Headers),
    ...(payload ? { payload: payload as object } : {}),
  });
const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;
const activeEnrollments = async (personId: string, orgId: string) =>
  (
    await q(
      'SELECT count(*)::int AS n FROM enrollments WHERE person_id = $1 AND organization_id = $2 AND ended_on IS NULL',
      [personId, orgId],
    )
  )[0].n as number;

let girls = 0;
/** A fifteen-year-old girl at the school, with her mother; each one born on another day. */
async function schoolGirl() {
  girls++;
  const birthDate = `2011-03-${String(girls).padStart(2, '0')}`;
  const r = await createLearnerWithParent(s, schoolOp, school, {
    learner: { sex: 'female', firstName: 'Анна', birthDate, middleName: 'Олеговна' },
  });
  return { ...r, birthDate };
}

/** The duplicate answer a kindergarten gets when it registers the girl again by her СНИЛС. */
async function tokenBySnils(u: TestUser, learner: Record<string, unknown>) {
  const res = await call(
    u,
    'POST',
    '/persons',
    learnerInput(kindergarten, { snils: learner.snils, lastName: 'Другая' }),
  );
  expect(res.statusCode, res.body).toBe(409);
  return res.json() as { code: string; matchToken?: string; existingPersonId?: string };
}

beforeAll(async () => {
  s = await startTestServer();
  mun = await buildMunicipality(s);
  school = (await buildOrganization(s, { territoryId: mun })).id;
  kindergarten = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  thirdSchool = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  schoolOp = await buildUser(s, 'org_operator', school);
  schoolAdmin = await buildUser(s, 'org_admin', school);
  kgOp = await buildUser(s, 'org_operator', kindergarten);
  thirdAdmin = await buildUser(s, 'org_admin', thirdSchool);
  munSpec = await buildUser(s, 'municipal_specialist', mun);
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  const token = await call(munSpec, 'POST', '/api-tokens', {
    name: 'Электронный журнал детского сада',
    organizationIds: [kindergarten],
  });
  expect(token.statusCode, token.body).toBe(201);
  bearer = { authorization: `Bearer ${token.json().token}` };
});
afterAll(() => s.stop());

describe('enrolling an existing person needs the person in scope', () => {
  it('a kindergarten cannot enroll a schoolchild by the id of an error answer, a merged alias or an integration token', async () => {
    const { learner } = await schoolGirl();
    // The duplicate answer no longer hands out the id; the attacker is assumed to know it anyway.
    const answer = await tokenBySnils(kgOp, learner);
    expect(answer.code).toBe('duplicate_person');
    expect(answer.existingPersonId).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(learner.id);

    const byId = await call(kgOp, 'POST', `/persons/${learner.id}/enrollments`, {
      organizationId: kindergarten,
      startedOn: '2026-09-01',
    });
    expect(byId.statusCode, byId.body).toBe(404);
    expect(byId.json().code).toBe('not_found');

    const alias = await createLearner(s, schoolOp, school, { snils: undefined, documents: [] });
    await q(`UPDATE persons SET status = 'merged', merged_into_id = $1 WHERE id = $2`, [
      learner.id,
      alias.id,
    ]);
    const byAlias = await call(kgOp, 'POST', `/persons/${alias.id}/enrollments`, {
      organizationId: kindergarten,
      startedOn: '2026-09-01',
    });
    expect(byAlias.statusCode, byAlias.body).toBe(404);

    const byToken = await call(bearer, 'POST', `/persons/${learner.id}/enrollments`, {
      organizationId: kindergarten,
      startedOn: '2026-09-01',
    });
    expect(byToken.statusCode, byToken.body).toBe(404);

    expect(await activeEnrollments(learner.id, kindergarten)).toBe(0);
    expect((await call(kgOp, 'GET', `/persons/${learner.id}`)).statusCode).toBe(404);
    expect((await call(bearer, 'GET', `/persons/${learner.id}`)).statusCode).toBe(404);
    const denied = await auditRows(
      s,
      `action = 'person.enroll' AND outcome = 'denied' AND object_id = ANY($1::text[])`,
      [[learner.id, alias.id]],
    );
    expect(denied.length).toBe(3);
  });

  it('the municipality enrolls a learner of its school into its kindergarten; a second identical request is 409 with the id', async () => {
    const learner = await createLearner(s, schoolOp, school);
    const body = { organizationId: kindergarten, startedOn: '2026-09-01' };
    const first = await call(munSpec, 'POST', `/persons/${learner.id}/enrollments`, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(munSpec, 'POST', `/persons/${learner.id}/enrollments`, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().existingEnrollmentId).toBe(first.json().enrollmentId);
  });
});

describe('linking a representative needs the representative in scope', () => {
  it('a school cannot link a citizen outside its scope, nor another school’s learner, as guardian', async () => {
    const { learner } = await schoolGirl();
    const citizen = await call(regional, 'POST', '/persons', {
      ...learnerInput(null, { documents: [], birthDate: '1980-05-05', sex: 'female', firstName: 'Ольга' }),
    });
    expect(citizen.statusCode, citizen.body).toBe(201);
    const stranger = await createLearner(s, thirdAdmin, thirdSchool);
    for (const representativeId of [citizen.json().id, stranger.id]) {
      const res = await call(schoolOp, 'POST', `/persons/${learner.id}/representatives`, {
        relation: 'guardian',
        representativeId,
        authorityDocument: 'Распоряжение органа опеки № 15 от 01.02.2026',
      });
      expect(res.statusCode, res.body).toBe(404);
      expect(JSON.stringify(res.json())).not.toContain(representativeId);
      expect((await call(schoolOp, 'GET', `/persons/${representativeId}`)).statusCode).toBe(404);
    }
    const links = await q('SELECT count(*)::int AS n FROM representations WHERE learner_id = $1', [
      learner.id,
    ]);
    expect(links[0].n).toBe(1); // the mother only
  });
});

describe('access requests', () => {
  it('request → the holder approves → enrolled and visible; the token is single-use; a third organization cannot decide', async () => {
    const { learner } = await schoolGirl();
    const answer = await tokenBySnils(kgOp, learner);
    const request = {
      kind: 'enroll',
      matchToken: answer.matchToken,
      organizationId: kindergarten,
      startedOn: '2026-09-01',
    };
    const created = await call(kgOp, 'POST', '/access-requests', {
      ...request,
      comment: 'Перевод по заявлению матери',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(JSON.stringify(created.json())).not.toContain(learner.id);
    const reused = await call(kgOp, 'POST', '/access-requests', request);
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors[0].path).toBe('body.matchToken');
    // Bound to the caller: another user cannot spend it either (it is spent already, but also not theirs).
    const { id } = created.json();

    const outgoing = await call(kgOp, 'GET', '/access-requests?box=outgoing');
    const mine = outgoing.json().items.find((i: { id: string }) => i.id === id);
    expect(mine).toMatchObject({ status: 'pending', person: null, allowedActions: ['cancel'] });

    const incoming = await call(schoolAdmin, 'GET', '/access-requests?box=incoming');
    const item = incoming.json().items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({
      kind: 'enroll',
      person: { id: learner.id },
      allowedActions: ['approve', 'reject'],
    });
    expect((await call(thirdAdmin, 'GET', '/access-requests?box=incoming')).json().items).toHaveLength(0);

    const third = await call(thirdAdmin, 'POST', `/access-requests/${id}/approve`, {});
    expect(third.statusCode).toBe(404);
    const requesterApproves = await call(kgOp, 'POST', `/access-requests/${id}/approve`, {});
    expect(requesterApproves.statusCode).toBe(403);
    expect(await activeEnrollments(learner.id, kindergarten)).toBe(0);

    const approved = await call(schoolAdmin, 'POST', `/access-requests/${id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await activeEnrollments(learner.id, kindergarten)).toBe(1);
    expect((await call(kgOp, 'GET', `/persons/${learner.id}`)).statusCode).toBe(200);
    expect((await call(schoolAdmin, 'POST', `/access-requests/${id}/approve`, {})).statusCode).toBe(409);
    for (const action of ['access_request.create', 'access_request.approve', 'person.enroll']) {
      const rows = await auditRows(s, `action = $1 AND $2 = ANY(subject_ids) AND outcome = 'success'`, [
        action,
        learner.id,
      ]);
      expect(rows, action).toHaveLength(1);
    }
    expect(
      await auditRows(s, `action = 'access_request.decide' AND outcome = 'denied' AND object_id = $1`, [id]),
    ).toHaveLength(1);
  });

  it('the holder rejects: nothing changes for the requester', async () => {
    const { learner } = await schoolGirl();
    const answer = await tokenBySnils(kgOp, learner);
    const created = await call(kgOp, 'POST', '/access-requests', {
      kind: 'enroll',
      matchToken: answer.matchToken,
      organizationId: kindergarten,
      startedOn: '2026-09-01',
    });
    const { id } = created.json();
    const rejected = await call(schoolAdmin, 'POST', `/access-requests/${id}/reject`, {
      reason: 'Заявление родителя о переводе не поступало',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await activeEnrollments(learner.id, kindergarten)).toBe(0);
    expect((await call(kgOp, 'GET', `/persons/${learner.id}`)).statusCode).toBe(404);
    const out = (await call(kgOp, 'GET', '/access-requests?box=outgoing&status=all')).json().items;
    expect(out.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'rejected', person: null });
    expect(
      await auditRows(s, `action = 'access_request.reject' AND $1 = ANY(subject_ids)`, [learner.id]),
    ).toHaveLength(1);
  });

  it('a representative found by a fuzzy match is linked once the school holding the parent approves', async () => {
    const { learner, parentId } = await schoolGirl();
    const mother = (
      await q('SELECT last_name, first_name, middle_name, birth_date::text FROM persons WHERE id = $1', [
        parentId,
      ])
    )[0];
    const kid = await createLearner(s, kgOp, kindergarten);
    const link = await call(kgOp, 'POST', `/persons/${kid.id}/representatives`, {
      relation: 'mother',
      representative: {
        ...learnerInput(null, { documents: [], snils: undefined }),
        sex: 'female',
        lastName: mother.last_name,
        firstName: mother.first_name,
        middleName: mother.middle_name,
        birthDate: mother.birth_date,
      },
    });
    expect(link.statusCode, link.body).toBe(409);
    const candidate = link.json().candidates.find((c: { inScope: boolean }) => !c.inScope);
    expect(Object.keys(candidate).sort()).toEqual(['inScope', 'matchToken']);
    const created = await call(kgOp, 'POST', '/access-requests', {
      kind: 'link_representative',
      matchToken: candidate.matchToken,
      learnerId: kid.id,
      relation: 'mother',
    });
    expect(created.statusCode, created.body).toBe(201);
    const incoming = (await call(schoolAdmin, 'GET', '/access-requests')).json().items;
    expect(incoming.find((i: { id: string }) => i.id === created.json().id)).toMatchObject({
      person: { id: parentId },
      learner: { id: kid.id },
    });
    const approved = await call(schoolAdmin, 'POST', `/access-requests/${created.json().id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const card = (await call(kgOp, 'GET', `/persons/${kid.id}`)).json();
    expect(card.representatives.map((r: { person: { id: string } }) => r.person.id)).toEqual([parentId]);
    // The kindergarten sees the mother, not the mother's other child.
    expect((await call(kgOp, 'GET', `/persons/${learner.id}`)).statusCode).toBe(404);
  });
});

describe('duplicate answers', () => {
  it('out of scope: that a match exists and where to turn, no ids, names, birth dates or organizations; the municipality sees it in full', async () => {
    const { learner, birthDate } = await schoolGirl();
    const same = learnerInput(kindergarten, {
      lastName: learner.lastName,
      firstName: 'Анна',
      middleName: 'Олеговна',
      sex: 'female',
      birthDate,
      snils: undefined,
      documents: [],
    });
    const outside = await call(kgOp, 'POST', '/persons', same);
    expect(outside.statusCode).toBe(409);
    const body = outside.json();
    expect(body.code).toBe('duplicate_candidates');
    expect(body.detail).toMatch(/запрос доступа/);
    expect(body.detail).toMatch(/муниципальн/);
    for (const c of body.candidates) expect(Object.keys(c).sort()).toEqual(['inScope', 'matchToken']);
    const text = JSON.stringify(body);
    for (const leak of [learner.id, learner.lastName as string, birthDate, 'МБОУ'])
      expect(text).not.toContain(leak);

    for (const u of [munSpec, regional]) {
      const full = await call(u, 'POST', '/persons', {
        ...same,
        enrollment: { organizationId: school, startedOn: '2026-09-01' },
      });
      expect(full.statusCode).toBe(409);
      const c = full.json().candidates.find((x: { id?: string }) => x.id === learner.id);
      expect(c).toMatchObject({
        inScope: true,
        birthDate,
        displayName: `${learner.lastName} Анна Олеговна`,
      });
      expect(c.organization).toBeTruthy();
    }

    const exactOutside = await tokenBySnils(kgOp, learner);
    expect(exactOutside).not.toHaveProperty('existingPersonId');
    expect(exactOutside.matchToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const exactInside = await call(
      munSpec,
      'POST',
      '/persons',
      learnerInput(school, { snils: learner.snils }),
    );
    expect(exactInside.json()).toMatchObject({ code: 'duplicate_person', existingPersonId: learner.id });
  });

  it('both codes leave an audit row with the person as subject, and the citizen view of PATCH covers linked persons', async () => {
    const { learner, parentId, birthDate } = await schoolGirl();
    await tokenBySnils(kgOp, learner);
    const exact = await auditRows(
      s,
      `action = 'person.duplicate_answer' AND $1 = ANY(subject_ids) AND actor_user_id = $2`,
      [learner.id, kgOp.id],
    );
    expect(exact).toHaveLength(1);
    expect(exact[0]).toMatchObject({
      outcome: 'success',
      details: { code: 'duplicate_person', outOfScope: 1 },
    });

    const fuzzy = await call(
      kgOp,
      'POST',
      '/persons',
      learnerInput(kindergarten, {
        lastName: learner.lastName,
        firstName: 'Анна',
        middleName: 'Олеговна',
        sex: 'female',
        birthDate,
        snils: undefined,
        documents: [],
      }),
    );
    expect(fuzzy.json().code).toBe('duplicate_candidates');
    const rows = await auditRows(
      s,
      `action = 'person.duplicate_answer' AND $1 = ANY(subject_ids) AND details->>'code' = 'duplicate_candidates'`,
      [learner.id],
    );
    expect(rows).toHaveLength(1);

    // Linking the parent was a version of the learner: the edit starts from the card as it is now.
    const current = await call(schoolOp, 'GET', `/persons/${learner.id}`);
    const patched = await call(schoolOp, 'PATCH', `/persons/${learner.id}`, {
      version: current.json().version,
      birthPlace: 'г. Иркутск',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().representatives[0].person.id).toBe(parentId);
    const update = await auditRows(s, `action = 'person.update' AND object_id = $1`, [learner.id]);
    expect(update.at(-1).subject_ids).toEqual(expect.arrayContaining([learner.id, parentId]));
  });
});

describe('race-free writes', () => {
  it('six parallel creates with one new СНИЛС: one 201 and five 409 (five rounds)', async () => {
    // The race is a matter of timing: several rounds make a lost one (a 500 before) far likelier.
    for (let round = 0; round < 5; round++) {
      const base = learnerInput(school, { documents: [] });
      const names = ['Орлов', 'Соловьев', 'Воронов', 'Галкин', 'Зябликов', 'Чайкин'];
      const results = await Promise.all(
        names.map((lastName) => call(schoolOp, 'POST', '/persons', { ...base, lastName })),
      );
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes, results.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409, 409, 409]);
      const winner = results.find((r) => r.statusCode === 201)!.json().id;
      for (const r of results.filter((x) => x.statusCode === 409))
        expect(r.json()).toMatchObject({ code: 'duplicate_person', existingPersonId: winner });
    }
  });

  it('eight parallel enrollments into one organization leave one active enrollment', async () => {
    const learner = await createLearner(s, schoolOp, school);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(munSpec, 'POST', `/persons/${learner.id}/enrollments`, {
          organizationId: kindergarten,
          startedOn: '2026-09-01',
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes, results.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await activeEnrollments(learner.id, kindergarten)).toBe(1);
  });
});
