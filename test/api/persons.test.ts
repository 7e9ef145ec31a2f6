import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let orgB: string;
let operatorA: TestUser;
let operatorB: TestUser;
let regional: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  orgB = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  operatorA = await buildUser(s, 'org_operator', orgA);
  operatorB = await buildUser(s, 'org_operator', orgB);
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
});
afterAll(() => s.stop());

const post = (u: TestUser, payload: unknown) =>
  s.app.inject({ method: 'POST', url: '/api/v1/persons', headers: u.headers, payload: payload as object });
const paths = (res: { json: () => { errors: { path: string }[] } }) => res.json().errors.map((e) => e.path);

describe('person record', () => {
  it('creates a learner with documents and addresses, versioned and audited', async () => {
    const res = await post(operatorA, learnerInput(orgA));
    expect(res.statusCode, res.body).toBe(201);
    const card = res.json();
    expect(card).toMatchObject({ version: 1, status: 'active', sex: 'male' });
    expect(card.documents[0]).toMatchObject({ type: '03', series: 'IV-СТ' });
    expect(card.enrollments[0].organizationId).toBe(orgA);
    expect(await auditRows(s, `action = 'person.create' AND object_id = $1`, [card.id])).toHaveLength(1);
    const versions = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${card.id}/versions`,
      headers: operatorA.headers,
    });
    expect(versions.json().items).toHaveLength(1);
  });

  it('rejects bad СНИЛС, future birth date, document issued before birth and unknown ОКСМ with field paths', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ snils: '11223344596' }, 'body.snils'],
      [{ birthDate: '2999-01-01' }, 'body.birthDate'],
      [{ citizenship: { codes: ['999'], stateless: false } }, 'body.citizenship.codes.0'],
    ];
    for (const [over, path] of cases) {
      const res = await post(operatorA, learnerInput(orgA, over));
      expect(res.statusCode, path).toBe(400);
      expect(paths(res)).toContain(path);
      expect(res.json().errors.find((e: { path: string }) => e.path === path).message).toMatch(/[А-Яа-я]/);
    }
    const early = learnerInput(orgA, { birthDate: '2016-04-12' });
    (early.documents[0] as { issuedOn: string }).issuedOn = '2015-01-01';
    const res = await post(operatorA, early);
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toContain('body.documents.0.issuedOn');
  });

  it('refuses an exact duplicate by СНИЛС or document; points to the existing record only within scope', async () => {
    const first = await createLearner(s, operatorA, orgA);
    const bySnils = await post(operatorB, learnerInput(orgB, { snils: first.snils, lastName: 'Другой' }));
    expect(bySnils.statusCode).toBe(409);
    expect(bySnils.json()).toMatchObject({ code: 'duplicate_person', inScope: false });
    expect(bySnils.body).not.toContain(first.id);
    const inScope = await post(regional, learnerInput(orgA, { snils: first.snils, lastName: 'Другой' }));
    expect(inScope.json()).toMatchObject({ code: 'duplicate_person', existingPersonId: first.id });
    const doc = (first.documents as { series: string; number: string }[])[0]!;
    const byDoc = await post(
      operatorB,
      learnerInput(orgB, {
        lastName: 'Третий',
        documents: [{ type: '03', series: doc.series, number: doc.number }],
      }),
    );
    expect(byDoc.statusCode).toBe(409);
    expect(byDoc.json().existingPersonId).toBeUndefined();
    expect(byDoc.json().matchToken).toEqual(expect.any(String));
    expect(paths(byDoc)).toContain('body.documents.0.number');
  });

  it('offers fuzzy candidates for a typo, ё/е, swapped names and Latin spelling; a stated reason lets it through', async () => {
    const base = await createLearner(s, operatorA, orgA, {
      lastName: 'Ёлкина',
      firstName: 'Юлия',
      middleName: 'Андреевна',
      sex: 'female',
      birthDate: '2015-02-03',
    });
    const twins = [
      { lastName: 'Елкина', firstName: 'Юлия' },
      { lastName: 'Ёлкмна', firstName: 'Юлия' },
      { lastName: 'Юлия', firstName: 'Ёлкина' },
      { lastName: 'Yolkina', firstName: 'Yuliya' },
    ];
    for (const t of twins) {
      const res = await post(
        operatorB,
        learnerInput(orgB, {
          ...t,
          middleName: 'Андреевна',
          sex: 'female',
          birthDate: '2015-02-03',
          documents: [],
        }),
      );
      expect(res.statusCode, JSON.stringify(t)).toBe(409);
      expect(res.json().code).toBe('duplicate_candidates');
      // Outside the caller's scope: that a match exists, nothing about whom.
      expect(res.json().candidates, JSON.stringify(t)).toEqual([
        { inScope: false, matchToken: expect.any(String) },
      ]);
      expect(res.body).not.toContain(base.id);
      expect(res.body).not.toContain('Андреевна');
    }
    const sister = learnerInput(orgB, {
      lastName: 'Ёлкина',
      firstName: 'Мария',
      middleName: 'Андреевна',
      sex: 'female',
      birthDate: '2015-02-03',
      documents: [],
    });
    expect((await post(operatorB, sister)).statusCode).toBe(201);
    const twin = learnerInput(orgB, {
      lastName: 'Елкина',
      firstName: 'Юлия',
      middleName: 'Андреевна',
      sex: 'female',
      birthDate: '2015-02-03',
      documents: [],
    });
    const answer = (await post(operatorB, twin)).json();
    const resolved = await post(operatorB, {
      ...twin,
      duplicateResolution: {
        matchTokens: answer.candidates.map((c: { matchToken: string }) => c.matchToken),
        reason: 'Разные дети: сверено по свидетельству о рождении',
      },
    });
    expect(resolved.statusCode, resolved.body).toBe(201);
    const decided = await s.owner.query(
      'SELECT count(*)::int AS n FROM person_distinctions WHERE $1 IN (person_a, person_b) AND $2 IN (person_a, person_b)',
      [base.id, resolved.json().id],
    );
    expect(decided.rows[0].n).toBe(1);
  });

  it('out-of-scope reads answer 404, are audited, and leak nothing', async () => {
    const learner = await createLearner(s, operatorA, orgA);
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${learner.id}`,
      headers: operatorB.headers,
    });
    expect(res.statusCode).toBe(404);
    const absent = await s.app.inject({
      method: 'GET',
      url: '/api/v1/persons/00000000-0000-4000-8000-000000000000',
      headers: operatorB.headers,
    });
    expect(absent.statusCode).toBe(404);
    expect(res.json().detail).toBe(absent.json().detail);
    expect(
      await auditRows(s, `action = 'person.read' AND outcome = 'denied' AND object_id = $1`, [learner.id]),
    ).toHaveLength(1);
    const mine = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${learner.id}`,
      headers: operatorA.headers,
    });
    expect(mine.statusCode).toBe(200);
    const read = await auditRows(s, `action = 'person.read' AND outcome = 'success' AND object_id = $1`, [
      learner.id,
    ]);
    expect(read).toHaveLength(1);
    expect(read[0].subject_ids).toContain(learner.id);
  });

  it('searches by fuzzy ФИО within scope, by СНИЛС and by birth date', async () => {
    const l = await createLearner(s, operatorA, orgA, {
      lastName: 'Прохоренко',
      firstName: 'Арсений',
      birthDate: '2014-09-09',
    });
    const q = async (u: TestUser, query: string) =>
      (await s.app.inject({ method: 'GET', url: `/api/v1/persons?${query}`, headers: u.headers })).json();
    expect(
      (await q(operatorA, `q=${encodeURIComponent('Прохоренка Арсений')}`)).items.map(
        (i: { id: string }) => i.id,
      ),
    ).toContain(l.id);
    expect((await q(operatorA, `q=${encodeURIComponent('Арсений Прохоренко')}`)).items[0].id).toBe(l.id);
    expect(
      (await q(operatorB, `q=${encodeURIComponent('Прохоренко Арсений')}`)).items.map(
        (i: { id: string }) => i.id,
      ),
    ).not.toContain(l.id);
    expect((await q(operatorA, `snils=${l.snils}`)).items.map((i: { id: string }) => i.id)).toEqual([l.id]);
    const byDate = await q(regional, 'birthDate=2014-09-09');
    expect(byDate.items[0]).toMatchObject({ id: l.id, organization: expect.any(String), roles: ['learner'] });
    expect(byDate.items[0].age).toBeGreaterThanOrEqual(12);
  });

  it('pages through fuzzy results with a cursor, without overlap or loss', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await createLearner(s, operatorA, orgA, {
          lastName: 'Курсорова',
          firstName: 'Страница',
          birthDate: `2011-01-0${i + 1}`,
          sex: 'female',
        }),
      );
    }
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5 && cursor !== null; page++) {
      const res = await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons?q=${encodeURIComponent('Курсарова Страница')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: operatorA.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(made.map((m) => m.id).sort());
  });

  it('a stale update gets 409; 20 concurrent editors lose no change', async () => {
    const l = await createLearner(s, operatorA, orgA);
    const ok = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${l.id}`,
      headers: operatorA.headers,
      payload: { version: 1, birthPlace: 'г. Иркутск' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${l.id}`,
      headers: operatorA.headers,
      payload: { version: 1, birthPlace: 'г. Ангарск' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict_version');

    // 20 editors each append their own contact, retrying on 409 with the fresh version.
    const editors = Array.from({ length: 20 }, (_, i) => `+7 900 000-00-${String(i).padStart(2, '0')}`);
    await Promise.all(
      editors.map(async (phone) => {
        for (;;) {
          const cur = (
            await s.app.inject({ method: 'GET', url: `/api/v1/persons/${l.id}`, headers: operatorA.headers })
          ).json();
          const res = await s.app.inject({
            method: 'PATCH',
            url: `/api/v1/persons/${l.id}`,
            headers: operatorA.headers,
            payload: {
              version: cur.version,
              contacts: [
                ...cur.contacts.map(({ kind, value }: { kind: string; value: string }) => ({ kind, value })),
                { kind: 'phone', value: phone },
              ],
            },
          });
          if (res.statusCode === 200) return;
          expect(res.statusCode, res.body).toBe(409);
        }
      }),
    );
    const final = (
      await s.app.inject({ method: 'GET', url: `/api/v1/persons/${l.id}`, headers: operatorA.headers })
    ).json();
    expect(final.contacts.map((c: { value: string }) => c.value).sort()).toEqual([...editors].sort());
    expect(final.version).toBe(22);
    const versions = (
      await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons/${l.id}/versions`,
        headers: operatorA.headers,
      })
    ).json();
    expect(versions.items).toHaveLength(22);
  });

  it('links a new parent; the parent is visible through the child and shows past versions', async () => {
    const l = await createLearner(s, operatorA, orgA);
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${l.id}/representatives`,
      headers: operatorA.headers,
      payload: {
        relation: 'mother',
        representative: {
          lastName: 'Иванова',
          firstName: 'Ольга',
          middleName: 'Павловна',
          birthDate: '1988-01-20',
          sex: 'female',
          citizenship: { codes: ['643'], stateless: false },
          documents: [
            {
              type: '21',
              series: '25 08',
              number: String(100000 + Math.floor(Math.random() * 899999)),
              issuedOn: '2008-02-01',
              issuerCode: '380-001',
            },
          ],
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const mother = res.json().representatives[0];
    expect(mother.relation).toBe('mother');
    const card = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${mother.person.id}`,
      headers: operatorA.headers,
    });
    expect(card.statusCode).toBe(200);
    expect(card.json().represents[0].person.id).toBe(l.id);
    expect(card.json().documents[0].series).toBe('2508');
    const guardianWithoutDocument = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${l.id}/representatives`,
      headers: operatorA.headers,
      payload: { relation: 'guardian', representativeId: mother.person.id },
    });
    expect(guardianWithoutDocument.statusCode).toBe(400);
    expect(paths(guardianWithoutDocument)).toContain('body.authorityDocument');
    const v1 = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${l.id}/versions/1`,
      headers: operatorA.headers,
    });
    expect(v1.json().snapshot.lastName).toBe(l.lastName);
  });
});
