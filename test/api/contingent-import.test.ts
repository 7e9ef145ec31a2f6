import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import { csv, HEADER, noteText, row, XLSX } from '../support/contingent-import-files.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, programme, unit } from '../support/order-factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let operator: TestUser;
let municipal: TestUser;
let otherMunicipal: TestUser;
let analyst: TestUser;
let org: string;
let otherOrg: string;
let existing: { id: string; snils: string };
let neighbour: { id: string; snils: string };
let existingWithParent: string;

async function xlsx(rows: ExcelJS.CellValue[][], header: string[] = HEADER) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Контингент');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (u: TestUser | null, body: Buffer, opts: { type?: string; organizationId?: string } = {}) =>
  s.app.inject({
    method: 'POST',
    url: `/api/v1/contingent-imports?fileName=spisok.csv${opts.organizationId ? `&organizationId=${opts.organizationId}` : ''}`,
    headers: { ...(u?.headers ?? {}), 'content-type': opts.type ?? 'text/csv' },
    payload: body,
  });

type View = {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  created: number;
  linked: number;
  unchanged: number;
  rejected: number;
  held: number;
  rejectedRows: { rowNumber: number; errors: { column: string; title: string; message: string }[] }[];
  heldRows: { rowIndex: number; decided: string | null; candidate: { inScope: boolean } | null }[];
};

async function finished(u: TestUser, id: string): Promise<View> {
  for (let i = 0; i < 600; i++) {
    const r = await s.app.inject({
      method: 'GET',
      url: `/api/v1/contingent-imports/${id}`,
      headers: u.headers,
    });
    expect(r.statusCode).toBe(200);
    const v = r.json() as View;
    if (v.status === 'completed' || v.status === 'failed') return v;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('import did not finish');
}

async function importFile(u: TestUser, body: Buffer, opts: { type?: string; organizationId?: string } = {}) {
  const res = await upload(u, body, opts);
  expect(res.statusCode, res.body).toBe(202);
  return finished(u, (res.json() as View).id);
}

const count = async (q: string, p: unknown[]) => Number((await s.owner.query(q, p)).rows[0].n);

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  const otherMun = await buildMunicipality(s);
  org = (await buildOrganization(s, { territoryId: mun })).id;
  otherOrg = (await buildOrganization(s, { territoryId: otherMun })).id;
  operator = await buildUser(s, 'org_operator', org);
  municipal = await buildUser(s, 'municipal_specialist', mun);
  otherMunicipal = await buildUser(s, 'municipal_specialist', otherMun);
  analyst = await buildUser(s, 'analyst', region);
  const regional = await buildUser(s, 'regional_operator', region);
  const year = await academicYear(s, '2026-09-01');
  await programme(s, org, 'ooo');
  await unit(s, org, year, '5А');
  const p = await createLearner(s, regional, otherOrg);
  existing = { id: p.id, snils: p.snils as string };
  existingWithParent = (
    await createLearnerWithParent(s, regional, otherOrg, { parent: { snils: makeSnils('471118000') } })
  ).learner.id;
  const org2 = (await buildOrganization(s, { territoryId: mun })).id;
  const n = await createLearner(s, regional, org2);
  neighbour = { id: n.id, snils: n.snils as string };
});
afterAll(() => s?.stop());

describe('contingent import', () => {
  it('the template has the columns and the «Справка» sheet in Russian', async () => {
    const r = await s.app.inject({
      method: 'GET',
      url: '/api/v1/contingent-imports/template.xlsx',
      headers: operator.headers,
    });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Контингент', 'Справка']);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(HEADER));
    expect(String(wb.getWorksheet('Справка')!.getRow(2).getCell(1).value)).toBe('Идентификатор в системе ОО');
  });

  it('a valid file creates learners, representatives, enrollments with programme and unit; re-upload creates nothing', async () => {
    const rows = [row(), row(), row()];
    const v = await importFile(operator, csv(rows));
    expect(v.rejectedRows).toEqual([]);
    expect(v).toMatchObject({ status: 'completed', totalRows: 3, processedRows: 3, created: 3, rejected: 0 });
    const snils = rows.map((r) => r[6]!);
    const learners = await s.owner.query(
      `SELECT p.id, e.programme_id, pl.unit_id, e.started_on::text,
              (SELECT count(*)::int FROM representations r WHERE r.learner_id = p.id) AS reps
         FROM persons p JOIN enrollments e ON e.person_id = p.id AND e.organization_id = $2
         JOIN placements pl ON pl.enrollment_id = e.id WHERE p.snils = ANY($1)`,
      [snils, org],
    );
    expect(learners.rows).toHaveLength(3);
    for (const l of learners.rows) {
      expect(l.programme_id).not.toBeNull();
      expect(l.started_on).toBe('2021-09-01');
      expect(l.reps).toBe(1);
    }
    const audit = await auditRows(s, `action = 'contingent_import.upload' AND actor_user_id = $1`, [
      operator.id,
    ]);
    expect(audit.length).toBeGreaterThan(0);

    const persons = await count('SELECT count(*) AS n FROM persons', []);
    const enrollments = await count('SELECT count(*) AS n FROM enrollments', []);
    const again = await importFile(operator, csv(rows));
    expect(again).toMatchObject({ status: 'completed', unchanged: 3, created: 0, linked: 0 });
    expect(await count('SELECT count(*) AS n FROM persons', [])).toBe(persons);
    expect(await count('SELECT count(*) AS n FROM enrollments', [])).toBe(enrollments);
  });

  it('every kind of bad row is rejected with its reason per column, and no valid row is lost', async () => {
    const good = [row(), row()];
    const bad = [
      row({ СНИЛС: '123-456-789 00' }),
      row({ 'Дата рождения': '31.02.2014' }),
      row({ 'Гражданство (код ОКСМ)': '999' }),
      row({ 'Серия документа': 'ЖЖ' }),
      row({ Фамилия: '' }),
      row({ 'Класс (группа)': '11Я' }),
      row({ 'Образовательная программа': 'Нет такой' }),
      row({ 'Представитель: кем приходится': 'Опекун' }),
      row({ Пол: 'X' }),
    ];
    const v = await importFile(operator, csv([good[0]!, ...bad, good[1]!]));
    expect(v).toMatchObject({ totalRows: 11, created: 2, rejected: 9 });
    const byRow = new Map(v.rejectedRows.map((r) => [r.rowNumber, r.errors.map((e) => e.title)]));
    expect(byRow.get(3)).toContain('СНИЛС');
    expect(byRow.get(4)).toContain('Дата рождения');
    expect(byRow.get(5)).toContain('Гражданство (код ОКСМ)');
    expect(byRow.get(6)).toContain('Серия документа');
    expect(byRow.get(7)).toContain('Фамилия');
    expect(byRow.get(8)).toContain('Класс (группа)');
    expect(byRow.get(9)).toContain('Образовательная программа');
    expect(byRow.get(10)).toContain('Представитель: документ о полномочиях');
    expect(byRow.get(11)).toContain('Пол');
    for (const r of v.rejectedRows) for (const e of r.errors) expect(e.message).toMatch(/[А-Яа-я]/);

    const rep = await s.app.inject({
      method: 'GET',
      url: `/api/v1/contingent-imports/${v.id}/rejects.xlsx`,
      headers: operator.headers,
    });
    expect(rep.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rep.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(10);
    const snilsCol = HEADER.indexOf('СНИЛС') + 1;
    expect(ws.getRow(2).getCell(snilsCol).value).toBe('123-456-789 00');
    expect(noteText(ws.getRow(2).getCell(snilsCol).note)).toMatch(/[А-Яа-я]/);
    expect(String(ws.getRow(2).getCell(ws.columnCount).value)).toContain('СНИЛС');
  });

  it('a row with the СНИЛС of a person already in the uploader’s scope links to that person', async () => {
    // A learner of another school of the municipality: the municipal specialist sees them, and imports
    // them into this school's list.
    const r = row({ СНИЛС: neighbour.snils });
    const v = await importFile(municipal, csv([r]), { organizationId: org });
    expect(v).toMatchObject({ linked: 1, created: 0 });
    expect(await count('SELECT count(*) AS n FROM persons WHERE snils = $1', [neighbour.snils])).toBe(1);
    expect(
      await count('SELECT count(*) AS n FROM enrollments WHERE person_id = $1 AND organization_id = $2', [
        neighbour.id,
        org,
      ]),
    ).toBe(1);
  });

  it('a person the region has outside the uploader’s scope is neither linked nor created again', async () => {
    const before = await count('SELECT count(*) AS n FROM persons', []);
    const v = await importFile(operator, csv([row({ СНИЛС: existing.snils })]));
    expect(v).toMatchObject({ linked: 0, created: 0, rejected: 1 });
    expect(JSON.stringify(v)).toContain('вне вашей области доступа');
    expect(await count('SELECT count(*) AS n FROM persons', [])).toBe(before);
    expect(
      await count('SELECT count(*) AS n FROM enrollments WHERE person_id = $1 AND organization_id = $2', [
        existing.id,
        org,
      ]),
    ).toBe(0);
    // Nor through the representative: a parent the region has elsewhere is not linked to a new child.
    const parent = (
      await s.owner.query(
        `SELECT p.snils FROM representations r JOIN persons p ON p.id = r.representative_id
          WHERE r.learner_id = $1 AND p.snils IS NOT NULL`,
        [existingWithParent],
      )
    ).rows[0].snils as string;
    const withParent = await importFile(
      operator,
      csv([[...row(), parent]], [...HEADER, 'Представитель: СНИЛС']),
    );
    expect(withParent).toMatchObject({ created: 0, rejected: 1 });
    expect(await count('SELECT count(*) AS n FROM persons', [])).toBe(before);
  });

  it('a strong near-match (same name and birth date, other spelling) links without identifiers', async () => {
    const first = row({ СНИЛС: '', 'Идентификатор в системе ОО': '' });
    await importFile(operator, csv([first]));
    const same = row({
      СНИЛС: '',
      'Идентификатор в системе ОО': '',
      Фамилия: first[1]!.toUpperCase(),
      Имя: first[2]!,
      'Дата рождения': first[4]!,
    });
    const persons = await count('SELECT count(*) AS n FROM persons', []);
    const v = await importFile(operator, csv([same]));
    expect(v).toMatchObject({ linked: 1, created: 0, held: 0 });
    // Only the representative is new: the mother of this row has another birth date and document.
    expect(await count('SELECT count(*) AS n FROM persons', [])).toBe(persons + 1);
  });

  it('a weak near-match is held; the decision «another person» creates a new record', async () => {
    const first = row({ СНИЛС: '', 'Идентификатор в системе ОО': '' });
    await importFile(operator, csv([first]));
    // The same birth date, a typo in the name, no identifiers in common.
    const near = row({
      СНИЛС: '',
      'Идентификатор в системе ОО': '',
      Фамилия: 'Загрузкен',
      Имя: first[2]!,
      'Дата рождения': first[4]!,
    });
    const v = await importFile(operator, csv([near]));
    expect(v).toMatchObject({ held: 1, created: 0 });
    const held = v.heldRows[0]!;
    expect(held.candidate?.inScope).toBe(true);
    const d = await s.app.inject({
      method: 'POST',
      url: `/api/v1/contingent-imports/${v.id}/rows/${held.rowIndex}/decision`,
      headers: operator.headers,
      payload: { decision: 'create' },
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ held: 0, created: 1 });
    // The pair is recorded as two persons: the duplicate report does not raise it again.
    const written = await s.owner.query(
      `SELECT person_id FROM contingent_import_rows WHERE import_id = $1 AND row_index = $2`,
      [v.id, held.rowIndex],
    );
    expect(
      await count(`SELECT count(*) AS n FROM person_distinctions WHERE $1 IN (person_a, person_b)`, [
        written.rows[0].person_id,
      ]),
    ).toBe(1);
    const again = await s.app.inject({
      method: 'POST',
      url: `/api/v1/contingent-imports/${v.id}/rows/${held.rowIndex}/decision`,
      headers: operator.headers,
      payload: { decision: 'link' },
    });
    expect(again.statusCode).toBe(404);
  });

  it('scope: a municipal specialist imports for an organization of the municipality; another one gets 404', async () => {
    const v = await importFile(municipal, csv([row()]), { organizationId: org });
    expect(v.created).toBe(1);
    expect((await upload(otherMunicipal, csv([row()]), { organizationId: org })).statusCode).toBe(404);
    expect(
      (await upload(otherMunicipal, csv([row()]), { organizationId: org.toUpperCase() })).statusCode,
    ).toBe(404);
    const read = await s.app.inject({
      method: 'GET',
      url: `/api/v1/contingent-imports/${v.id}`,
      headers: otherMunicipal.headers,
    });
    expect(read.statusCode).toBe(404);
    expect((await upload(analyst, csv([row()]))).statusCode).toBe(403);
    expect((await upload(null, csv([row()]))).statusCode).toBe(401);
    expect((await upload(municipal, csv([row()]))).statusCode).toBe(400);
  });

  it('twenty identical uploads at once: one import runs, the rest are conflicts; nothing is written twice', async () => {
    const rows = [row(), row()];
    const body = csv(rows);
    const answers = await Promise.all(Array.from({ length: 20 }, () => upload(operator, body)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.every((c) => c === 202 || c === 409)).toBe(true);
    const started = answers.filter((a) => a.statusCode === 202);
    expect(started.length).toBeGreaterThanOrEqual(1);
    for (const a of answers.filter((x) => x.statusCode === 409))
      expect(a.headers['content-type']).toMatch(/problem\+json/);
    for (const a of started) await finished(operator, (a.json() as View).id);
    const snils = rows.map((r) => r[6]!.replace(/\D/g, ''));
    expect(await count('SELECT count(*) AS n FROM persons WHERE snils = ANY($1)', [snils])).toBe(2);
    expect(
      await count(
        `SELECT count(*) AS n FROM enrollments e JOIN persons p ON p.id = e.person_id
          WHERE p.snils = ANY($1) AND e.organization_id = $2`,
        [snils, org],
      ),
    ).toBe(2);
  });

  it('bad files are refused with problem+json, never a 500', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'application/octet-stream', 'bad_file'],
      [Buffer.from('just text without columns'), 'text/csv', 'not_a_table'],
      [csv([row()], HEADER.slice(1, 5)), 'text/csv', 'missing_columns'],
      [csv([]), 'text/csv', 'no_rows'],
      [Buffer.from('PK\u0003\u0004garbage'), XLSX, 'not_xlsx'],
    ];
    for (const [body, type, code] of cases) {
      const r = await upload(operator, body, { type });
      expect(r.statusCode, code).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(r.json())).toContain(code);
    }
    expect((await upload(operator, Buffer.from('{}'), { type: 'application/json' })).statusCode).toBe(415);
    const many = Buffer.from(`${HEADER.join(';')}\n${'a;b\n'.repeat(100_001)}`);
    const tooMany = await upload(operator, many);
    expect(tooMany.statusCode).toBe(400);
    expect(JSON.stringify(tooMany.json())).toContain('too_many_rows');
  });

  it('a formula cell and a 10 MB cell reject their rows only', async () => {
    const good = row();
    const formula: ExcelJS.CellValue[] = row();
    formula[1] = { formula: 'CONCATENATE("А","Б")', result: 'АБ' } as ExcelJS.CellValue;
    const huge = row({ 'Адрес регистрации': 'д'.repeat(10 * 1024 * 1024) });
    const v = await importFile(operator, await xlsx([good, formula, huge]), { type: XLSX });
    expect(v).toMatchObject({ created: 1, rejected: 2 });
    expect(v.rejectedRows.map((r) => r.errors[0]!.message).join(' ')).toMatch(/формула.*длиннее 500/s);
  });

  it('new learners written together decide as one by one: a СНИЛС or a near-match of an earlier row in the chunk, a known person', async () => {
    const alone = { 'Представитель: фамилия': '' };
    const a = row(alone);
    const b = row(alone);
    // C has A's СНИЛС (another document): A's person, linked. D is B with a typo: held for the operator.
    const c = row({ ...alone, СНИЛС: a[6]! });
    const d = row({
      ...alone,
      СНИЛС: '',
      'Идентификатор в системе ОО': '',
      Фамилия: 'Загрузкен',
      Имя: b[2]!,
      'Дата рождения': b[4]!,
    });
    const e = row({ ...alone, СНИЛС: neighbour.snils });
    const f = row();
    const v = await importFile(municipal, csv([a, b, c, d, e, f]), { organizationId: org });
    expect(v).toMatchObject({ created: 3, linked: 2, held: 1, rejected: 0 });
    const decided = (
      await s.owner.query(
        `SELECT row_index, outcome, person_id FROM contingent_import_rows WHERE import_id = $1 ORDER BY row_index`,
        [v.id],
      )
    ).rows;
    expect(decided.map((r) => r.outcome)).toEqual([
      'created',
      'created',
      'linked',
      'held',
      'linked',
      'created',
    ]);
    expect(decided[2].person_id).toBe(decided[0].person_id);
    expect(decided[4].person_id).toBe(neighbour.id);
    for (const created of [decided[0], decided[1]]) {
      const id = created.person_id as string;
      const history = await s.owner.query(
        `SELECT version, action, snapshot FROM change_history WHERE entity_type = 'person' AND entity_id = $1`,
        [id],
      );
      expect(history.rows).toHaveLength(1);
      expect(history.rows[0]).toMatchObject({ version: 1, action: 'create' });
      expect(history.rows[0].snapshot.lastName).toBe('Загрузкин');
      expect(history.rows[0].snapshot.documents).toHaveLength(1);
      const audit = await auditRows(s, `object_id = $1 AND actor_user_id = $2`, [id, municipal.id]);
      expect(audit.map((x) => x.action).sort()).toEqual(['person.create', 'person.enroll']);
      const card = await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons/${id}`,
        headers: municipal.headers,
      });
      expect(card.statusCode).toBe(200);
      expect(card.json()).toMatchObject({ id, version: 1 });
      expect(
        await count('SELECT count(*) AS n FROM enrollments WHERE person_id = $1 AND organization_id = $2', [
          id,
          org,
        ]),
      ).toBe(1);
    }
    // F's mother: a new person, linked; the learner's second version is the link, as the card form writes it.
    const withRep = (
      await s.owner.query(
        `SELECT person_id, representative_id FROM contingent_import_rows WHERE import_id = $1 AND row_index = 5`,
        [v.id],
      )
    ).rows[0];
    const versions = await s.owner.query(
      `SELECT entity_id, version, action, changes FROM change_history
        WHERE entity_type = 'person' AND entity_id = ANY($1) ORDER BY entity_id = $2 DESC, version`,
      [[withRep.person_id, withRep.representative_id], withRep.person_id],
    );
    expect(versions.rows.map((r) => [r.entity_id, r.version, r.action])).toEqual([
      [withRep.person_id, 1, 'create'],
      [withRep.person_id, 2, 'link_representative'],
      [withRep.representative_id, 1, 'create'],
    ]);
    expect(versions.rows[1].changes[0].after).toMatchObject({
      representativeId: withRep.representative_id,
      relation: 'mother',
    });
    const learnerCard = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${withRep.person_id}`,
      headers: municipal.headers,
    });
    const cardBody = learnerCard.json() as { version: number; representatives: { linkId: string }[] };
    expect(cardBody.version).toBe(2);
    expect(cardBody.representatives).toHaveLength(1);
    expect(JSON.stringify(cardBody.representatives[0])).toContain(withRep.representative_id);
    const linkAudit = await auditRows(s, `action = 'person.link_representative' AND object_id = $1`, [
      withRep.person_id,
    ]);
    expect(linkAudit).toHaveLength(1);
    expect(linkAudit[0].subject_ids).toEqual([withRep.person_id, withRep.representative_id]);
  });
});
