import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../src/common/dates/format-instant.ts';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  signIn,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let org: { id: string; shortName: string };
let operator: TestUser;
let mother: TestUser;
let stranger: TestUser;
let childId: string;
let motherId: string;
let fatherId: string;
const MOTHER_SNILS = makeSnils('271828182');
const FATHER_SNILS = makeSnils('314159265');

/** A citizen account with a СНИЛС, as ЕСИА sign-in creates it; signed in afresh so the session sees it. */
async function buildCitizen(snils: string | null) {
  const u = await buildUser(s, 'citizen', null);
  await s.owner.query('UPDATE users SET snils = $1 WHERE id = $2', [snils, u.id]);
  return { id: u.id, ...(await signIn(s, u.login)) };
}

const get = (u: TestUser | null, url: string) =>
  s.app.inject({ method: 'GET', url, headers: u ? u.headers : {} });

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  org = await buildOrganization(s, { territoryId: mun });
  operator = await buildUser(s, 'org_operator', org.id);
  const child = await createLearner(s, operator, org.id, {
    lastName: 'Ромашкина',
    firstName: 'Вера',
    middleName: 'Андреевна',
    sex: 'female',
    birthDate: '2016-06-12',
  });
  childId = child.id;
  const link = async (relation: string, over: Record<string, unknown>) => {
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${childId}/representatives`,
      headers: operator.headers,
      payload: { relation, representative: learnerInput(null, { documents: [], ...over }) },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().representatives.at(-1).person.id as string;
  };
  motherId = await link('mother', {
    lastName: 'Ромашкина',
    firstName: 'Анна',
    middleName: 'Сергеевна',
    sex: 'female',
    birthDate: '1989-02-03',
    snils: MOTHER_SNILS,
  });
  fatherId = await link('father', {
    lastName: 'Ромашкин',
    firstName: 'Андрей',
    middleName: 'Петрович',
    birthDate: '1987-11-30',
    snils: FATHER_SNILS,
  });
  await s.owner.query(
    `INSERT INTO person_health (person_id, health_group, pe_group) VALUES ($1, 2, 'preparatory')`,
    [childId],
  );
  await s.owner.query(
    `INSERT INTO person_disabilities (person_id, category, valid_from) VALUES ($1, 'child', '2020-01-10')`,
    [childId],
  );
  await s.owner.query(
    `INSERT INTO consents (subject_id, representative_id, purpose, scope, given_on, document)
     VALUES ($1, $2, 'health_data', '{health_group}', '2023-08-20', 'Заявление от 20.08.2023')`,
    [childId, motherId],
  );
  mother = await buildCitizen(MOTHER_SNILS);
  stranger = await buildCitizen(makeSnils('161803398'));
});
afterAll(() => s.stop());

const ROUTES = [
  '/api/v1/citizen/me',
  '/api/v1/citizen/me/access-log',
  '/api/v1/citizen/me/export.json',
  '/api/v1/citizen/me/export.pdf',
];

describe('citizen view: access', () => {
  it('answers 401 without a session and 403 to staff, leaving a denied audit row', async () => {
    for (const url of ROUTES) {
      expect((await get(null, url)).statusCode, url).toBe(401);
      const res = await get(operator, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const denied = await auditRows(
      s,
      `actor_user_id = $1 AND action = 'citizen.self' AND outcome = 'denied'`,
      [operator.id],
    );
    expect(denied.length).toBe(ROUTES.length);
  });

  it('a citizen with no record in the registry sees nothing, and that read is audited', async () => {
    const res = await get(stranger, '/api/v1/citizen/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      person: null,
      health: null,
      consents: [],
      trajectory: null,
      children: [],
      adultChildren: 0,
      timeZone: 'Asia/Irkutsk',
    });
    const log = await get(stranger, '/api/v1/citizen/me/access-log');
    expect(log.json()).toEqual({ items: [], nextCursor: null });
    expect(await auditRows(s, `actor_user_id = $1 AND action = 'citizen.read'`, [stranger.id])).toHaveLength(
      1,
    );
    const none = await buildCitizen(null);
    expect((await get(none, '/api/v1/citizen/me')).json().person).toBeNull();
  });
});

describe('citizen view: data', () => {
  it('shows the citizen, the child with health data and consents, and hides the other parent’s identifiers', async () => {
    const res = await get(mother, '/api/v1/citizen/me');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.person).toMatchObject({ id: motherId, snils: MOTHER_SNILS, lastName: 'Ромашкина' });
    expect(body.person.represents.map((r: { person: { id: string } }) => r.person.id)).toEqual([childId]);
    expect(body.children).toHaveLength(1);
    const child = body.children[0];
    expect(child.card).toMatchObject({ id: childId, firstName: 'Вера', birthDate: '2016-06-12' });
    expect(child.card.documents[0]).toMatchObject({ type: '03' });
    expect(child.card.enrollments[0]).toMatchObject({ organizationId: org.id });
    // The learner's path is the parent's to see too: enrollments with their dated statuses.
    expect(child.trajectory.enrollments).toEqual([
      expect.objectContaining({ organization: expect.objectContaining({ id: org.id }), endedOn: null }),
    ]);
    expect(child.trajectory.enrollments[0].periods).toEqual([
      expect.objectContaining({ status: 'enrolled', to: null }),
    ]);
    expect(child.health).toMatchObject({
      healthGroup: 2,
      peGroup: 'preparatory',
      needsAdaptedProgram: false,
    });
    expect(child.health.disabilities).toEqual([expect.objectContaining({ category: 'child' })]);
    expect(child.consents).toEqual([
      expect.objectContaining({
        purpose: 'health_data',
        givenOn: '2023-08-20',
        representative: { id: motherId, fullName: 'Ромашкина Анна Сергеевна' },
      }),
    ]);
    const reps = child.card.representatives as { person: { id: string; snils: string | null } }[];
    const father = reps.find((r) => r.person.id === fatherId)!;
    expect(father.person).toMatchObject({ lastName: 'Ромашкин', snils: null, birthDate: null });
    expect(reps.find((r) => r.person.id === motherId)!.person.snils).toBe(MOTHER_SNILS);
    expect(res.body).not.toContain(FATHER_SNILS);
    const [row] = await auditRows(s, `actor_user_id = $1 AND action = 'citizen.read'`, [mother.id]);
    expect(row.object_id).toBe(motherId);
    expect([...row.subject_ids].sort()).toEqual([childId, fatherId, motherId].sort());
  });

  it('shows no child once the representation is revoked', async () => {
    const other = await createLearner(s, operator, org.id);
    const link = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${other.id}/representatives`,
      headers: operator.headers,
      payload: { relation: 'mother', representativeId: motherId },
    });
    expect(link.statusCode, link.body).toBe(201);
    const ids = async () =>
      (await get(mother, '/api/v1/citizen/me'))
        .json()
        .children.map((c: { card: { id: string } }) => c.card.id);
    expect(await ids()).toContain(other.id);
    const linkId = link
      .json()
      .representatives.find((r: { person: { id: string } }) => r.person.id === motherId).linkId as string;
    const del = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/persons/${other.id}/representatives/${linkId}`,
      headers: operator.headers,
    });
    expect(del.statusCode).toBe(204);
    expect(await ids()).toEqual([childId]);
  });
});

/** 'YYYY-MM-DD' of today in Irkutsk, shifted by years and days. */
function irkutskDate(years: number, days = 0) {
  const [y, m, d] = dateIn('Asia/Irkutsk').split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y + years, m - 1, d + days));
  return at.toISOString().slice(0, 10);
}

describe('a child who has come of age', () => {
  it('is no longer shown to the parent, in the view, the export or the access log; a child of 17 still is', async () => {
    const linkMother = async (birthDate: string, firstName: string) => {
      const p = await createLearner(s, operator, org.id, { birthDate, firstName, sex: 'male' });
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/v1/persons/${p.id}/representatives`,
        headers: operator.headers,
        payload: { relation: 'mother', representativeId: motherId },
      });
      expect(res.statusCode, res.body).toBe(201);
      const linkId = res
        .json()
        .representatives.find((r: { person: { id: string } }) => r.person.id === motherId).linkId as string;
      return {
        id: p.id as string,
        unlink: () =>
          s.app.inject({
            method: 'DELETE',
            url: `/api/v1/persons/${p.id}/representatives/${linkId}`,
            headers: operator.headers,
          }),
      };
    };
    const adultLink = await linkMother(irkutskDate(-18), 'Иван');
    const minorLink = await linkMother(irkutskDate(-18, 1), 'Петр');
    const [adult, minor] = [adultLink.id, minorLink.id];
    expect((await get(operator, `/api/v1/persons/${adult}`)).statusCode).toBe(200);

    const view = (await get(mother, '/api/v1/citizen/me')).json();
    const shown = view.children.map((c: { card: { id: string } }) => c.card.id);
    expect(shown).toContain(minor);
    expect(shown).not.toContain(adult);
    expect(view.adultChildren).toBe(1);
    // On the parent's own card the link stays (it is the parent's data), without the adult's identifiers.
    const link = view.person.represents.find((r: { person: { id: string } }) => r.person.id === adult);
    expect(link.person).toMatchObject({ snils: null, birthDate: null });

    const x = (await get(mother, '/api/v1/citizen/me/export.json')).json();
    expect(x.children.map((c: { card: { id: string } }) => c.card.id)).not.toContain(adult);
    expect(x.adultChildren).toBe(1);
    const log = (await get(mother, '/api/v1/citizen/me/access-log?limit=200')).json().items;
    expect(log.some((i: { subject: { id: string } }) => i.subject.id === adult)).toBe(false);
    expect(log.some((i: { subject: { id: string } }) => i.subject.id === childId)).toBe(true);

    const read = (await auditRows(s, `actor_user_id = $1 AND action = 'citizen.read'`, [mother.id])).at(-1);
    expect(read.subject_ids).toContain(minor);
    expect(read.details).toEqual({ children: shown.length });
    // Unlink them again, so the other tests see the one child they expect.
    for (const l of [adultLink, minorLink]) expect((await l.unlink()).statusCode).toBe(204);
  });
});

describe('access log', () => {
  it('lists a school operator reading the child’s card by role and organization, never by name', async () => {
    const read = await get(operator, `/api/v1/persons/${childId}`);
    expect(read.statusCode).toBe(200);
    const res = await get(mother, '/api/v1/citizen/me/access-log');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    const entry = items.find(
      (i) => i.actionCode === 'person.read' && (i.subject as { id: string }).id === childId,
    );
    expect(entry).toMatchObject({
      actorRole: 'Оператор организации',
      organization: org.shortName,
      action: 'Просмотр карточки',
      subject: { id: childId, fullName: 'Ромашкина Вера Андреевна' },
    });
    expect(Object.keys(entry!).sort()).toEqual([
      'action',
      'actionCode',
      'actorRole',
      'at',
      'organization',
      'subject',
    ]);
    expect(res.body).not.toContain(operator.id);
    expect(res.body).not.toContain('Тестовый');
    // The same read also showed the mother (a linked person on the card): one item per subject.
    expect(
      items.some((i) => i.actionCode === 'person.read' && (i.subject as { id: string }).id === motherId),
    ).toBe(true);
    // Her own actions and reads of the log are left out.
    expect(items.some((i) => String(i.actionCode).startsWith('citizen.'))).toBe(false);
    const logged = await auditRows(s, `actor_user_id = $1 AND action = 'citizen.access_log'`, [mother.id]);
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.at(-1).subject_ids).toContain(childId);
  });

  it('another parent viewing the child appears as a citizen; the log pages with a cursor', async () => {
    const father = await buildCitizen(FATHER_SNILS);
    expect((await get(father, '/api/v1/citizen/me')).statusCode).toBe(200);
    await get(father, '/api/v1/citizen/me/access-log');
    const all = (await get(mother, '/api/v1/citizen/me/access-log?limit=200')).json().items as {
      actionCode: string;
      actorRole: string;
      organization: string | null;
    }[];
    expect(all.find((i) => i.actionCode === 'citizen.read')).toMatchObject({
      actorRole: 'Гражданин',
      organization: null,
    });
    expect(all.some((i) => i.actionCode === 'citizen.access_log')).toBe(false);
    const first = (await get(mother, '/api/v1/citizen/me/access-log?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await get(
        mother,
        `/api/v1/citizen/me/access-log?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
      )
    ).json();
    expect(second.items[0]).toEqual(all[2]);
    const bad = await get(mother, '/api/v1/citizen/me/access-log?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.cursor');
    expect((await get(mother, '/api/v1/citizen/me/access-log?limit=0')).statusCode).toBe(400);
  });
});

describe('export', () => {
  it('downloads everything with the access log as JSON', async () => {
    const res = await get(mother, '/api/v1/citizen/me/export.json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="kontingent-my-data-.+\.json"$/,
    );
    const x = res.json();
    expect(x.person.id).toBe(motherId);
    expect(x.children[0].health.healthGroup).toBe(2);
    expect(x.accessLog.some((i: { actionCode: string }) => i.actionCode === 'person.read')).toBe(true);
    expect(x.accessLogTruncated).toBe(false);
    expect(x.legalNote).toMatch(/152-ФЗ/);
    const row = (await auditRows(s, `actor_user_id = $1 AND action = 'citizen.export'`, [mother.id])).at(-1);
    expect(row.details).toMatchObject({ format: 'json', children: 1 });
    expect(row.subject_ids).toContain(childId);
  });

  it('downloads a real PDF', async () => {
    const res = await get(mother, '/api/v1/citizen/me/export.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"$/);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    // The citizen, one child on its own page, the access log on its own page.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+Roboto/);
    expect(
      await auditRows(s, `actor_user_id = $1 AND action = 'citizen.export' AND details->>'format' = 'pdf'`, [
        mother.id,
      ]),
    ).toHaveLength(1);
  });

  it('keeps the OpenAPI document valid with the file routes', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/v1/citizen/me/export.pdf');
  });
});
