import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, api } from '../support/order-factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { fileQueueApplication, kindergartenGroup } from '../support/queue-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let region: TestUser;
let specialist: TestUser;
let otherSpecialist: TestUser;
let analyst: TestUser;
let mun: string;
let oktmo: string;
let kg: string;

const now = new Date().toISOString().slice(0, 10);
const firstSeptember = `${Number(now.slice(0, 4)) + (now.slice(5) > '09-01' ? 1 : 0)}-09-01`;
/** A birth date giving `age` full years on the first forecast date. */
const bornFor = (age: number) => `${Number(firstSeptember.slice(0, 4)) - age}-03-10`;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  mun = await buildMunicipality(s);
  oktmo = (await s.owner.query('SELECT oktmo FROM territories WHERE id = $1', [mun])).rows[0].oktmo;
  const other = await buildMunicipality(s);
  kg = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  const year = await academicYear(s, `${Number(now.slice(0, 4)) - (now.slice(5) >= '09-01' ? 0 : 1)}-09-01`);
  await kindergartenGroup(s, kg, year, { name: 'Младшая', ageFrom: 3, ageTo: 4, capacity: 20 });
  await kindergartenGroup(s, kg, year, { name: 'Подготовительная', ageFrom: 5, ageTo: 8, capacity: 12 });
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  specialist = await buildUser(s, 'municipal_specialist', mun);
  otherSpecialist = await buildUser(s, 'municipal_specialist', other);
  analyst = await buildUser(s, 'analyst', await buildRegion(s));
});
afterAll(() => s.stop());

const living = () => ({ addresses: [{ kind: 'registration', text: 'ул. Садовая, д. 3', oktmo }] });

describe('the preschool forecast', () => {
  it('sets the waiting applications and the children living there against the places, per age and year', async () => {
    // One child attends and will be 3; two are in the queue for age 3; one lives there, 2 years old, in no queue.
    await createLearner(s, region, kg, { birthDate: bornFor(3), documents: [], ...living() });
    for (let i = 0; i < 2; i++)
      await fileQueueApplication(s, region, {
        municipalityId: mun,
        preferences: [kg],
        birthDate: bornFor(3),
        desiredOn: firstSeptember,
        learner: living(),
      });
    await createLearner(s, region, null as unknown as string, {
      birthDate: bornFor(2),
      documents: [],
      ...living(),
    });

    const res = await call(specialist, 'GET', `/preschool-forecast?territoryId=${mun}&years=2`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as Record<string, number | string>[];
    expect(rows).toHaveLength(2 * 6);
    const at = (on: string, age: number) => rows.find((r) => r.on === on && r.age === age)!;
    expect(at(firstSeptember, 3)).toMatchObject({
      capacity: 20,
      continuing: 1,
      free: 19,
      queue: 2,
      notInQueue: 0,
      shortage: -17,
    });
    expect(at(firstSeptember, 2)).toMatchObject({ capacity: 0, queue: 0, notInQueue: 1 });
    // The 5–8 group's places are shared between the kindergarten ages it spans, 5 and 6.
    expect(at(firstSeptember, 5)).toMatchObject({ capacity: 6 });
    expect(at(firstSeptember, 6)).toMatchObject({ capacity: 6 });
    // A year later the queued children are 4 and the attending one too.
    const next = `${Number(firstSeptember.slice(0, 4)) + 1}-09-01`;
    expect(at(next, 4)).toMatchObject({ continuing: 1, queue: 2 });
    expect(at(next, 3)).toMatchObject({ notInQueue: 1 });
    expect(res.body).not.toMatch(/Сергеевич/);

    // The region and its analyst read it; another municipality does not.
    expect((await call(analyst, 'GET', `/preschool-forecast?territoryId=${mun}`)).statusCode).toBe(200);
    expect((await call(otherSpecialist, 'GET', `/preschool-forecast?territoryId=${mun}`)).statusCode).toBe(
      403,
    );

    const xlsx = await s.app.inject({
      method: 'GET',
      url: `/api/v1/preschool-forecast.xlsx?territoryId=${mun}&years=1`,
      headers: specialist.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Прогноз')!.rowCount).toBe(2 + 6);
  });

  it('answers bad parameters with a field path', async () => {
    const bad = await call(specialist, 'GET', `/preschool-forecast?territoryId=${mun}&years=9`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.years');
    const missing = await call(specialist, 'GET', '/preschool-forecast');
    expect(missing.json().errors[0].path).toBe('query.territoryId');
  });
});
