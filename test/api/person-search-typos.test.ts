import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Search forgives one slip per name part: an adjacent swap, a wrong letter or a dropped one. Each case
// is a real slip that trigrams alone missed (the issue's «Оелг», «Криилл», «Насыов»).
let s: TestServer;
let org: string;
let operator: TestUser;
const ids: Record<string, string> = {};

const search = async (q: string) => {
  const res = await s.app.inject({
    method: 'GET',
    url: `/api/v1/persons?q=${encodeURIComponent(q)}&limit=20`,
    headers: operator.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: string; birthDate: string }[];
};

beforeAll(async () => {
  s = await startTestServer();
  org = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  operator = await buildUser(s, 'org_operator', org);
  const people = [
    ['oleg', 'Ветров', 'Олег', 'Ильич', '2014-02-03'],
    ['kirill', 'Сомов', 'Кирилл', 'Андреевич', '2013-05-06'],
    ['nasyrov', 'Насыров', 'Тимур', 'Рустамович', '2012-07-08'],
    ['lev', 'Ким', 'Лев', 'Олегович', '2015-09-10'],
    ['vera', 'Ермолаева', 'Вера', 'Николаевна', '2011-11-12'],
    ['vlada', 'Ермолаева', 'Влада', 'Петровна', '2011-12-13'],
    ['zhanna', 'Ермолаева', 'Жанна', 'Николаевна', '2012-01-14'],
  ] as const;
  for (const [tag, lastName, firstName, middleName, birthDate] of people) {
    ids[tag] = (await createLearner(s, operator, org, { lastName, firstName, middleName, birthDate })).id;
  }
  // A very common name: twelve namesakes, told apart only by birth date.
  for (let i = 0; i < 12; i++) {
    const birthDate = `2010-01-${String(i + 10)}`;
    ids[`ivanova-${i}`] = (
      await createLearner(s, operator, org, {
        lastName: 'Иванова',
        firstName: 'Мария',
        middleName: 'Петровна',
        birthDate,
        sex: 'female',
      })
    ).id;
  }
});
afterAll(() => s.stop());

describe('search that forgives a slip', () => {
  it.each([
    ['an adjacent swap in a short first name', 'Ветров Оелг', 'oleg'],
    ['an adjacent swap in the first name', 'Сомов Криилл', 'kirill'],
    ['an adjacent swap in the last name', 'Вертов Олег', 'oleg'],
    ['a dropped letter leaving «ыо»', 'Насыов Тимур', 'nasyrov'],
    ['a wrong letter', 'Насыров Тимкр', 'nasyrov'],
    ['a dropped letter in a four-letter name', 'Сомов Кирил', 'kirill'],
    ['a swap in a three-letter surname with the patronymic', 'Ким Лве Олегович', 'lev'],
    ['the full name with a slip in the patronymic', 'Ветров Олег Илбич', 'oleg'],
  ])('finds the person despite %s («%s»)', async (_case, q, tag) => {
    const items = await search(q);
    expect(items.map((i) => i.id)).toContain(ids[tag]);
  });

  it('ranks the exact spelling above a slip of it', async () => {
    const items = await search('Ветров Олег');
    expect(items[0]?.id).toBe(ids.oleg);
  });

  it('narrows a common name by a birth date or year typed in the same box', async () => {
    const byDate = await search('Иванова Мария 15.01.2010');
    expect(byDate.map((i) => i.id)).toEqual([ids['ivanova-5']]);
    const byYear = await search('Иванова Мария 2010');
    expect(byYear).toHaveLength(12);
    expect(await search('Иванова Мария 2011')).toHaveLength(0);
  });

  it('finds a surname with initials, the way clerks write it («Ермолаева В.Н.»)', async () => {
    expect((await search('Ермолаева В.Н.')).map((i) => i.id)).toEqual([ids.vera]);
    expect((await search('Ермолаева В. П.')).map((i) => i.id)).toEqual([ids.vlada]);
    expect((await search('Ермолаева Ж.Н.')).map((i) => i.id)).toEqual([ids.zhanna]);
    expect((await search('Ермолаева В.')).map((i) => i.id).sort()).toEqual([ids.vera, ids.vlada].sort());
  });

  it('says how many match, and filters by organization and role', async () => {
    const get = async (query: string) => {
      const res = await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons?${query}`,
        headers: operator.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const q = `q=${encodeURIComponent('Иванова Мария')}`;
    const all = await get(`${q}&limit=5`);
    expect(all.items).toHaveLength(5);
    expect(all.totalCount).toBe(12);
    const next = await get(`${q}&limit=5&cursor=${all.nextCursor}`);
    expect(next.totalCount).toBeNull();
    // Pages of five through namesakes of equal score give the one-page order, each person once.
    const whole = (await get(`${q}&limit=50`)).items.map((i: { id: string }) => i.id);
    const paged: string[] = [];
    for (let page = all; ; ) {
      paged.push(...page.items.map((i: { id: string }) => i.id));
      if (!page.nextCursor) break;
      page = await get(`${q}&limit=5&cursor=${page.nextCursor}`);
    }
    expect(paged).toEqual(whole);
    expect(new Set(whole).size).toBe(12);
    expect((await get(`${q}&role=learner`)).totalCount).toBe(12);
    expect((await get(`${q}&role=representative`)).totalCount).toBe(0);
    expect((await get(`${q}&organizationId=${org}`)).totalCount).toBe(12);
    const elsewhere = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
    expect((await get(`${q}&organizationId=${elsewhere}`)).items).toEqual([]);
    expect((await get(`organizationId=${org}&limit=1`)).totalCount).toBe(19);
  });

  it('with an organization, «representatives» are the parents of its learners', async () => {
    const school = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
    const clerk = await buildUser(s, 'org_operator', school);
    const { learner, parentId } = await createLearnerWithParent(s, clerk, school, {
      learner: { lastName: 'Сорокина', firstName: 'Ева', sex: 'female' },
      parent: { lastName: 'Сорокина', firstName: 'Ирина' },
    });
    const get = async (query: string) => {
      const res = await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons?${query}`,
        headers: clerk.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string }[]; totalCount: number };
    };
    const parents = await get(`organizationId=${school}&role=representative`);
    expect(parents.items.map((i) => i.id)).toEqual([parentId]);
    const learners = await get(`organizationId=${school}&role=learner`);
    expect(learners.items.map((i) => i.id)).toEqual([learner.id]);
    expect((await get(`organizationId=${school}`)).totalCount).toBe(2);
  });

  it('orders by relevance, then by name as a list is read, page after page', async () => {
    // Created out of alphabetical order, so neither creation nor id order passes for the name order.
    const named: Record<string, string> = {};
    for (const [lastName, firstName] of [
      ['Орлова', 'Юлия'],
      ['Арлова', 'Анна'],
      ['Орлова', 'Анна'],
      ['Орлова', 'Алёна'],
      ['Орлова', 'Елена'],
    ] as const) {
      named[`${lastName} ${firstName}`] = (
        await createLearner(s, operator, org, { lastName, firstName, middleName: 'Ивановна', sex: 'female' })
      ).id;
    }
    const order = ['Орлова Алёна', 'Орлова Анна', 'Орлова Елена', 'Орлова Юлия', 'Арлова Анна'];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; body: string; json: () => unknown } = await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons?q=${encodeURIComponent('Орлова')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: operator.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    // The exact surname first, «Арлова» (one slip) after every «Орлова» though «А» comes before «О».
    expect(seen).toEqual(order.map((n) => named[n]));
    const first = (await search('Орлова Юлия'))[0] as unknown as Record<string, unknown>;
    expect(first.organizationTerritory).toEqual(expect.any(String));
  });

  it('refuses a date that does not exist, naming the field', async () => {
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons?q=${encodeURIComponent('Иванова 31.02.2010')}`,
      headers: operator.headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('query.q');
  });
});
