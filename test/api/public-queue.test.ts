import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, api } from '../support/order-factories.ts';
import { fileQueueApplication, kindergartenGroup } from '../support/queue-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let region: TestUser;
let specialist: TestUser;
let mun: string;
let kg: string[];

const anonymous = (url: string) => s.app.inject({ method: 'GET', url: `/api/v1${url}` });

/** The next 1 September as the public pages count ages on it. */
const nextSeptember = () => {
  const t = new Date().toISOString().slice(0, 10);
  return `${Number(t.slice(0, 4)) + (t.slice(5) > '09-01' ? 1 : 0)}-09-01`;
};

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  mun = await buildMunicipality(s);
  kg = [];
  for (let i = 0; i < 2; i++)
    kg.push((await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id);
  const now = new Date();
  const start = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const year = await academicYear(s, `${start}-09-01`);
  await kindergartenGroup(s, kg[0]!, year, {
    name: 'Младшая',
    ageFrom: 3,
    ageTo: 4,
    capacity: 20,
    focus: 'general',
  });
  await kindergartenGroup(s, kg[0]!, year, {
    name: 'Логопедическая',
    ageFrom: 5,
    ageTo: 7,
    capacity: 12,
    focus: 'compensating',
  });
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  specialist = await buildUser(s, 'municipal_specialist', mun);
});
afterAll(() => s.stop());

const apply = (preferences: string[], birthDate: string, right = false) =>
  fileQueueApplication(s, region, {
    municipalityId: mun,
    preferences,
    birthDate,
    desiredOn: nextSeptember(),
    ...(right ? { confirmRightBy: specialist } : {}),
  });

describe('public kindergarten cards and the queue by age band', () => {
  it('anyone sees groups, places and the queue by age and right, recomputed as the queue moves, with no names', async () => {
    const three = `${Number(nextSeptember().slice(0, 4)) - 3}-03-15`;
    const four = `${Number(nextSeptember().slice(0, 4)) - 4}-05-20`;
    const a = await apply([kg[0]!, kg[1]!], three);
    await apply([kg[1]!, kg[0]!], three, true);
    await apply([kg[0]!], four);

    const list = await anonymous('/public/municipalities');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual(expect.objectContaining({ id: mun, kindergartens: 2 }));

    const page = await anonymous(`/public/preschool-queue?municipalityId=${mun.toUpperCase()}`);
    expect(page.statusCode, page.body).toBe(200);
    const q = page.json();
    expect(q.referenceDate).toBe(nextSeptember());
    expect(q.queue).toEqual([
      { age: 3, outOfTurn: 1, first: 0, general: 1, total: 2 },
      { age: 4, outOfTurn: 0, first: 0, general: 1, total: 1 },
    ]);
    const card = q.kindergartens.find((k: { id: string }) => k.id === kg[0]);
    expect(card).toMatchObject({ capacity: 32, enrolled: 0, free: 32 });
    expect(card.groups.map((g: { name: string; groupFocus: string }) => [g.name, g.groupFocus])).toEqual([
      ['Младшая', 'general'],
      ['Логопедическая', 'compensating'],
    ]);
    expect(card.queue).toEqual([
      { age: 3, outOfTurn: 1, first: 0, general: 1, total: 2, firstChoice: 1 },
      { age: 4, outOfTurn: 0, first: 0, general: 1, total: 1, firstChoice: 1 },
    ]);
    expect(page.body).not.toContain(a.lastName);
    expect(page.body).not.toContain(a.number);

    // A withdrawn application leaves the figures at once.
    const withdrawn = await call(specialist, 'POST', `/preschool-applications/${a.id}/status`, {
      status: 'withdrawn',
      reason: 'Семья отозвала заявление',
      version: a.version,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const again = (await anonymous(`/public/kindergartens/${kg[0]}`)).json();
    expect(again.queue[0]).toMatchObject({ age: 3, total: 1, firstChoice: 0 });
  });

  it('answers unknown or malformed ids with problem+json, never a 500', async () => {
    expect((await anonymous('/public/kindergartens/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await anonymous(`/public/preschool-queue?municipalityId=${kg[0]}`)).statusCode).toBe(404);
    const bad = await anonymous('/public/preschool-queue?municipalityId=%00');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.municipalityId');
  });
});
