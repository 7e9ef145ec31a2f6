import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let orgB: string;
let operatorA: TestUser;
let operatorB: TestUser;
let analyst: TestUser;
const pupils: string[] = [];

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  orgB = (await buildOrganization(s, { territoryId: mun })).id;
  operatorA = await buildUser(s, 'org_operator', orgA);
  operatorB = await buildUser(s, 'org_operator', orgB);
  const region = (await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
  analyst = await buildUser(s, 'analyst', region);
  for (const [last, first] of [
    ['Яковлева', 'Анна'],
    ['Абрамов', 'Борис'],
    ['Ёлкина', 'Вера'],
    ['Миронов', 'Глеб'],
    ['Белова', 'Дарья'],
  ]) {
    pupils.push((await createLearner(s, operatorA, orgA, { lastName: last, firstName: first })).id);
  }
  await createLearner(s, operatorB, orgB, { lastName: 'Чужая', firstName: 'Ученица' });
  // One learner has left: the list of those studying no longer shows her.
  await s.owner.query(
    `UPDATE enrollments SET ended_on = current_date WHERE person_id = $1 AND organization_id = $2`,
    [pupils[3], orgA],
  );
});
afterAll(() => s.stop());

const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });

describe("an organization's own contingent", () => {
  it('lists the learners studying now in alphabetical order, with totals, and pages through them', async () => {
    const first = await get(operatorA, `/api/v1/organizations/${orgA}/contingent?limit=2`);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.totals).toEqual({ current: 4, left: 1 });
    expect(body.items.map((i: { lastName: string }) => i.lastName)).toEqual(['Абрамов', 'Белова']);
    const second = await get(
      operatorA,
      `/api/v1/organizations/${orgA}/contingent?limit=2&cursor=${body.nextCursor}`,
    );
    expect(second.json().items.map((i: { lastName: string }) => i.lastName)).toEqual(['Ёлкина', 'Яковлева']);
    expect(second.json().nextCursor).toBeNull();
    const left = await get(operatorA, `/api/v1/organizations/${orgA}/contingent?status=left`);
    expect(left.json().items.map((i: { lastName: string }) => i.lastName)).toEqual(['Миронов']);
    const found = await get(operatorA, `/api/v1/organizations/${orgA}/contingent?status=all&q=елкина`);
    expect(found.json().items.map((i: { lastName: string }) => i.lastName)).toEqual(['Ёлкина']);
  });

  it('another organization, an analyst and a broken cursor get no list', async () => {
    const other = await get(operatorB, `/api/v1/organizations/${orgA}/contingent`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Абрамов');
    expect((await get(analyst, `/api/v1/organizations/${orgA}/contingent`)).statusCode).toBe(403);
    const bad = await get(operatorA, `/api/v1/organizations/${orgA}/contingent?cursor=WyJhIiwieCJd`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });

  it('every listed learner is in the access log of the read', async () => {
    await get(operatorA, `/api/v1/organizations/${orgA}/contingent?status=all`);
    const row = await s.owner.query(
      `SELECT subject_ids FROM audit_log WHERE action = 'contingent.read' AND actor_user_id = $1
        ORDER BY id DESC LIMIT 1`,
      [operatorA.id],
    );
    expect([...row.rows[0].subject_ids].sort()).toEqual([...pupils].sort());
  });

  it('exports the list as a real XLSX with Russian headers', async () => {
    const res = await get(operatorA, `/api/v1/organizations/${orgA}/contingent.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Контингент')!;
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '№',
      'Фамилия',
      'Имя',
      'Отчество',
      'Дата рождения',
      'Пол',
      'Дата зачисления',
      'Дата выбытия',
    ]);
    expect(ws.rowCount).toBe(2 + 4);
    expect(ws.getRow(3).getCell(2).value).toBe('Абрамов');
    expect(String(ws.getRow(3).getCell(5).value)).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    const logged = await s.owner.query(
      `SELECT cardinality(subject_ids) AS n FROM audit_log WHERE action = 'contingent.export' AND actor_user_id = $1`,
      [operatorA.id],
    );
    expect(logged.rows[0].n).toBe(4);
  });
});
