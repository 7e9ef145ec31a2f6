import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
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
let dir: string;
let keyFile: string;
let regional: TestUser;
let analyst: TestUser;
let munAnalyst: TestUser;
let operator: TestUser;
let munA: string;
let munB: string;
let school: string;
let kindergarten: string;
let oktmoA: string;
let oktmoB: string;
let fixture: { id: string; snils: string; docNumber: string };
const personIds: string[] = [];
const FIXTURE = {
  lastName: 'Засекреченная',
  firstName: 'Пелагея',
  middleName: 'Всеволодовна',
  birthDate: '2013-07-19',
  sex: 'female',
  address: 'Иркутская обл., г. Иркутск, ул. Неприметная, д. 13, кв. 31',
  phone: '+7 914 555-01-99',
};

/** The machine-readable file (format=csv-en): its columns and codes are what these tests check. */
const exportCsv = (u: TestUser | null, query = '') =>
  s.app.inject({
    method: 'GET',
    url: `/api/v1/exports/persons.csv?format=csv-en${query.replace(/^\?/, '&')}`,
    headers: u ? u.headers : {},
  });
const exportFile = (u: TestUser, path: string) =>
  s.app.inject({ method: 'GET', url: `/api/v1/exports/${path}`, headers: u.headers });
/** The file for Excel: a BOM, then `;`-separated lines, values with `;` in quotes. */
const parseExcelCsv = (raw: Buffer) => {
  expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [head, ...lines] = raw.subarray(3).toString('utf8').trimEnd().split('\r\n');
  const cells = (l: string) =>
    [...l.matchAll(/(?:^|;)("(?:[^"]|"")*"|[^;]*)/g)].map((m) =>
      m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!,
    );
  return { head: cells(head!), rows: lines.map(cells) };
};
const RUSSIAN_HEAD = [
  'Псевдоним',
  'Пол',
  'Месяц рождения',
  'Гражданство (ОКСМ)',
  'ОКТМО адреса регистрации',
  'Организация (ID)',
  'Вид организации',
  'ОКТМО организации',
  'Месяц зачисления',
  'Месяц выбытия',
  'Законный представитель',
  'Трудная жизненная ситуация',
];
const parse = (body: string) => {
  const [head, ...lines] = body.trimEnd().split('\r\n');
  const cols = head!.split(',');
  return lines.map(
    (l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as Record<string, string>,
  );
};
const hmac = (key: Buffer, id: string) => createHmac('sha256', key).update(id).digest('hex').slice(0, 32);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-pseudonym-'));
  keyFile = join(dir, 'keys', 'pseudonym.key');
  s = await startTestServer({ PSEUDONYM_KEY_FILE: keyFile });
  const region = await buildRegion(s);
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  const oktmo = async (id: string) =>
    (await s.owner.query('SELECT oktmo FROM territories WHERE id = $1', [id])).rows[0].oktmo as string;
  oktmoA = await oktmo(munA);
  oktmoB = await oktmo(munB);
  school = (await buildOrganization(s, { territoryId: munA })).id;
  kindergarten = (await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  analyst = await buildUser(s, 'analyst', region);
  munAnalyst = await buildUser(s, 'analyst', munB);
  operator = await buildUser(s, 'org_operator', school);
  const snils = makeSnils('577215664');
  const docNumber = '918273';
  const { address, phone, ...person } = FIXTURE;
  const f = await createLearner(s, regional, school, {
    ...person,
    snils,
    documents: [{ type: '03', series: 'III-СТ', number: docNumber, issuedOn: '2013-08-01' }],
    addresses: [{ kind: 'registration', text: address, oktmo: `${oktmoA}123` }],
    contacts: [{ kind: 'phone', value: phone }],
    hardships: [{ category: 'low_income', startedOn: '2022-01-10' }],
    citizenship: { codes: ['643', '112'], stateless: false },
    birthPlace: 'г. Ангарск',
  });
  fixture = { id: f.id, snils, docNumber };
  personIds.push(f.id);
  // Also in the kindergarten's municipality: a second enrollment of the same person.
  await s.owner.query(
    `INSERT INTO enrollments (person_id, organization_id, started_on, ended_on) VALUES ($1, $2, '2016-09-01', '2020-05-31')`,
    [f.id, kindergarten],
  );
  for (let i = 0; i < 3; i++) personIds.push((await createLearner(s, regional, school)).id);
  const stateless = await createLearner(s, regional, kindergarten, {
    citizenship: { codes: [], stateless: true },
  });
  personIds.push(stateless.id);
  // A learner who is also a representative (an adult student with a child).
  const child = await createLearner(s, regional, kindergarten);
  personIds.push(child.id);
  const link = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${child.id}/representatives`,
    headers: regional.headers,
    payload: { relation: 'mother', representativeId: stateless.id },
  });
  if (link.statusCode !== 201) throw new Error(link.body);
  // A representative with no enrollment is no learner: not in the export.
  const rep = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${child.id}/representatives`,
    headers: regional.headers,
    payload: {
      relation: 'father',
      representative: learnerInput(null, { documents: [], birthDate: '1985-01-01' }),
    },
  });
  if (rep.statusCode !== 201) throw new Error(rep.body);
});
afterAll(async () => {
  await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pseudonymised export: access and input', () => {
  it('answers 401 anonymously and 403 to an organization operator, audited as denied', async () => {
    expect((await exportCsv(null)).statusCode).toBe(401);
    const res = await exportCsv(operator);
    expect(res.statusCode).toBe(403);
    expect(
      await auditRows(s, `actor_user_id = $1 AND action = 'person.export' AND outcome = 'denied'`, [
        operator.id,
      ]),
    ).toHaveLength(1);
  });

  it('rejects bad filters with field paths, an unknown territory with 404, a foreign one with 403', async () => {
    const kind = await exportCsv(analyst, '?organizationKind=university');
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors[0].path).toBe('query.organizationKind');
    const id = await exportCsv(analyst, '?territoryId=not-a-uuid');
    expect(id.statusCode).toBe(400);
    expect(id.json().errors[0].path).toBe('query.territoryId');
    expect((await exportCsv(analyst, '?extra=1')).statusCode).toBe(400);
    expect((await exportCsv(analyst, '?territoryId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    const foreign = await exportCsv(munAnalyst, `?territoryId=${munA}`);
    expect(foreign.statusCode).toBe(403);
    expect(
      await auditRows(s, `actor_user_id = $1 AND action = 'person.export' AND outcome = 'denied'`, [
        munAnalyst.id,
      ]),
    ).toHaveLength(1);
  });
});

describe('pseudonymised export: content', () => {
  it('streams one generalised row per enrollment with a keyed pseudonym and no direct identifier', async () => {
    const res = await exportCsv(analyst);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="persons-pseudonymised-.+\.csv"$/,
    );
    expect(res.body.split('\r\n')[0]).toBe(
      'pseudonym,sex,birth_month,citizenship,address_oktmo,organization_id,organization_kind,' +
        'organization_oktmo,enrolled_on,left_on,is_representative,hardship',
    );
    const rows = parse(res.body);
    const enrollments = await s.owner.query('SELECT count(*)::int AS n FROM enrollments');
    expect(rows).toHaveLength(enrollments.rows[0].n);
    expect(res.headers['x-total-count']).toBe(String(rows.length));

    const key = readFileSync(keyFile);
    expect(key.length).toBe(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const mine = rows.filter((r) => r.pseudonym === hmac(key, fixture.id));
    expect(mine).toHaveLength(2);
    const atSchool = mine.find((r) => r.organization_id === school)!;
    expect(atSchool).toEqual({
      pseudonym: hmac(key, fixture.id),
      sex: 'female',
      birth_month: '2013-07',
      citizenship: '643;112',
      address_oktmo: oktmoA,
      organization_id: school,
      organization_kind: 'school',
      organization_oktmo: oktmoA,
      enrolled_on: '2023-09',
      left_on: '',
      is_representative: 'false',
      hardship: 'true',
    });
    expect(mine.find((r) => r.organization_id === kindergarten)).toMatchObject({
      organization_kind: 'preschool',
      organization_oktmo: oktmoB,
      enrolled_on: '2016-09',
      left_on: '2020-05',
    });
    const pseudonyms = new Set(rows.map((r) => r.pseudonym));
    expect([...pseudonyms].sort()).toEqual(personIds.map((id) => hmac(key, id)).sort());
    const stateless = rows.find((r) => r.citizenship === 'stateless');
    expect(stateless?.is_representative).toBe('true');

    for (const secret of [
      FIXTURE.lastName,
      FIXTURE.firstName,
      FIXTURE.middleName,
      FIXTURE.birthDate,
      '19.07.2013',
      FIXTURE.address,
      'Неприметная',
      FIXTURE.phone,
      'Ангарск',
      fixture.snils,
      fixture.docNumber,
      fixture.id,
      ...personIds,
    ]) {
      expect(res.body, secret).not.toContain(secret);
    }
    expect(res.body).not.toMatch(/[А-Яа-яЁё]/);
    expect(res.body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('gives the same pseudonyms in a second export and different ones under another key', async () => {
    const first = parse((await exportCsv(analyst)).body).map((r) => r.pseudonym);
    const again = parse((await exportCsv(regional)).body).map((r) => r.pseudonym);
    expect(new Set(again)).toEqual(new Set(first));
    const before = readFileSync(keyFile);
    // Longer than the hash block: HMAC hashes such a key first.
    writeFileSync(keyFile, randomBytes(100), { mode: 0o600 });
    try {
      const rotated = parse((await exportCsv(analyst)).body).map((r) => r.pseudonym);
      expect(rotated).toHaveLength(first.length);
      for (const p of rotated) expect(first).not.toContain(p);
      expect(rotated).toContain(hmac(readFileSync(keyFile), fixture.id));
    } finally {
      writeFileSync(keyFile, before, { mode: 0o600 });
    }
  });

  it('filters by territory and kind and keeps a municipal analyst inside the municipality', async () => {
    const inA = parse((await exportCsv(analyst, `?territoryId=${munA}`)).body);
    expect(inA.length).toBe(4);
    expect(new Set(inA.map((r) => r.organization_id))).toEqual(new Set([school]));
    const preschool = parse((await exportCsv(analyst, '?organizationKind=preschool')).body);
    expect(preschool.length).toBe(3);
    expect(new Set(preschool.map((r) => r.organization_kind))).toEqual(new Set(['preschool']));
    const none = await exportCsv(analyst, `?territoryId=${munA}&organizationKind=preschool`);
    expect(none.body).toBe(`${none.body.split('\r\n')[0]}\r\n`);
    const municipal = parse((await exportCsv(munAnalyst)).body);
    expect(new Set(municipal.map((r) => r.organization_oktmo))).toEqual(new Set([oktmoB]));
  });

  it('leaves out destroyed persons', async () => {
    await s.owner.query(
      `UPDATE persons SET status = 'destroyed', last_name = 'Удалено', first_name = 'Удалено' WHERE id = $1`,
      [personIds[1]],
    );
    const key = readFileSync(keyFile);
    const rows = parse((await exportCsv(analyst)).body);
    expect(rows.some((r) => r.pseudonym === hmac(key, personIds[1]!))).toBe(false);
    await s.owner.query(`UPDATE persons SET status = 'active' WHERE id = $1`, [personIds[1]]);
  });

  it('audits each export with the row count and filters but no subject list', async () => {
    const res = await exportCsv(munAnalyst, '?organizationKind=preschool');
    const rows = parse(res.body).length;
    const audit = await auditRows(
      s,
      `actor_user_id = $1 AND action = 'person.export' AND outcome = 'success'`,
      [munAnalyst.id],
    );
    expect(audit.at(-1)).toMatchObject({
      subject_ids: null,
      actor_role: 'analyst',
      scope_node_id: munB,
      details: { rows, filters: { territoryId: null, kind: 'preschool' } },
    });
  });
});

describe('pseudonymised export: files for Excel', () => {
  it('gives by default a CSV Russian Excel splits: BOM, «;», Russian headers and words', async () => {
    const res = await exportFile(analyst, 'persons.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const { head, rows } = parseExcelCsv(res.rawPayload);
    expect(head).toEqual(RUSSIAN_HEAD);
    const machine = parse((await exportCsv(analyst)).body);
    expect(rows).toHaveLength(machine.length);
    expect(res.headers['x-total-count']).toBe(String(rows.length));
    const key = readFileSync(keyFile);
    const atSchool = rows.find((r) => r[0] === hmac(key, fixture.id) && r[5] === school);
    expect(atSchool).toEqual([
      hmac(key, fixture.id),
      'Женский',
      '2013-07',
      '643;112',
      oktmoA,
      school,
      'ОО',
      oktmoA,
      '2023-09',
      '',
      'нет',
      'да',
    ]);
    for (const r of rows) expect(r).toHaveLength(RUSSIAN_HEAD.length);
    expect(res.rawPayload.toString('utf8')).not.toContain(FIXTURE.lastName);
  });

  it('keeps the machine-readable CSV on format=csv-en and refuses an unknown format', async () => {
    const res = await exportCsv(analyst);
    expect(res.rawPayload[0]).not.toBe(0xef);
    expect(res.body.split('\r\n')[0]).toBe(
      'pseudonym,sex,birth_month,citizenship,address_oktmo,organization_id,organization_kind,' +
        'organization_oktmo,enrolled_on,left_on,is_representative,hardship',
    );
    // The comma file quotes nothing it does not have to: the citizenship list keeps its «;».
    expect(res.body).toContain(',643;112,');
    const bad = await exportFile(analyst, 'persons.csv?format=xls');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.format');
  });

  it('gives the same rows as an XLSX workbook of text cells, filtered and audited alike', async () => {
    const res = await exportFile(analyst, `persons.xlsx?territoryId=${munA}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="persons-pseudonymised-.+\.xlsx"$/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(RUSSIAN_HEAD);
    expect(ws.rowCount).toBe(1 + 4);
    const csv = parseExcelCsv((await exportFile(analyst, `persons.csv?territoryId=${munA}`)).rawPayload);
    const sheet = Array.from({ length: ws.rowCount - 1 }, (_, i) =>
      values(i + 2).map((v) => (v === undefined ? '' : v)),
    );
    expect(sheet.map((r) => r.join('|')).sort()).toEqual(csv.rows.map((r) => r.join('|')).sort());
    // Text cells: an ОКТМО keeps its leading zeros when the sheet is opened.
    expect(ws.getRow(2).getCell(5).numFmt).toBe('@');
    expect(typeof ws.getRow(2).getCell(5).value).toBe('string');
    const audit = await auditRows(
      s,
      `actor_user_id = $1 AND action = 'person.export' AND outcome = 'success'`,
      [analyst.id],
    );
    expect(audit.at(-2)).toMatchObject({ details: { rows: 4, format: 'xlsx' } });
  });
});
