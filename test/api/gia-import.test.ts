import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let regional: TestUser;
let municipal: TestUser;
let otherMunicipal: TestUser;
let operator: TestUser;
let org: string;
type Learner = { id: string; lastName: string; firstName: string; middleName: string; number: string };
const learners: Learner[] = [];
let outsider: Learner;

const HEADER = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Вид документа',
  'Серия документа',
  'Номер документа',
  'Вид экзамена',
  'Предмет',
  'Дата экзамена',
  'Первичный балл',
  'Тестовый балл',
  'Отметка',
  'Код ОО',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const csv = (rows: (string | number)[][], header = HEADER) =>
  Buffer.from(`\uFEFF${[header, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8');

async function xlsx(rows: ExcelJS.CellValue[][], header = HEADER) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Результаты');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (u: TestUser | null, body: Buffer | string, type = 'text/csv', fileName = 'ege.csv') =>
  s.app.inject({
    method: 'POST',
    url: `/api/v1/gia-imports?fileName=${encodeURIComponent(fileName)}`,
    headers: { ...(u?.headers ?? {}), 'content-type': type },
    payload: body,
  });

/** A row of the file for a learner (birth certificate IV-СТ, as the factory gives). */
const egeRow = (l: Learner, subject = 'Математика профильная', test = 72, date = '02.06.2025') => [
  l.lastName,
  l.firstName,
  l.middleName,
  'Свидетельство о рождении',
  'IV-СТ',
  l.number,
  'ЕГЭ',
  subject,
  date,
  15,
  test,
  '',
  '380101',
];

async function makeLearner(orgId: string, user: TestUser): Promise<Learner> {
  const p = await createLearner(s, user, orgId);
  const doc = (await s.owner.query('SELECT number FROM person_documents WHERE person_id = $1', [p.id]))
    .rows[0];
  return {
    id: p.id,
    lastName: p.lastName as string,
    firstName: p.firstName as string,
    middleName: p.middleName as string,
    number: doc.number,
  };
}

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  const otherMun = await buildMunicipality(s);
  org = (await buildOrganization(s, { territoryId: mun })).id;
  const otherOrg = (await buildOrganization(s, { territoryId: otherMun })).id;
  regional = await buildUser(s, 'regional_operator', region);
  municipal = await buildUser(s, 'municipal_specialist', mun);
  otherMunicipal = await buildUser(s, 'municipal_specialist', otherMun);
  operator = await buildUser(s, 'org_operator', org);
  for (let i = 0; i < 3; i++) learners.push(await makeLearner(org, operator));
  outsider = await makeLearner(otherOrg, regional);
});
afterAll(() => s.stop());

describe('POST /api/v1/gia-imports', () => {
  it('401 without a session, 403 for an organization operator (audited as denied)', async () => {
    expect((await upload(null, csv([egeRow(learners[0]!)]))).statusCode).toBe(401);
    const res = await upload(operator, csv([egeRow(learners[0]!)]));
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const denied = await auditRows(s, `actor_user_id = $1 AND action = 'gia.import' AND outcome = 'denied'`, [
      operator.id,
    ]);
    expect(denied.length).toBe(1);
  });

  it('writes matched rows, reports unmatched and invalid ones with a reason each, and audits the write', async () => {
    const [a, b, c] = learners as [Learner, Learner, Learner];
    const rows = [
      egeRow(a),
      // Spelled with ё and in other case: the name keys meet.
      [
        b.lastName.toUpperCase(),
        b.firstName.replace('е', 'ё'),
        '',
        '03',
        'iv ст',
        b.number,
        'егэ',
        'математика профильная',
        '2025-06-02',
        '',
        80,
        '',
        '',
      ],
      egeRow(c, 'Русский язык', 91),
      // Nobody has this document.
      egeRow({ ...a, number: '999999' }),
      // The document is b's, the name another's.
      egeRow({ ...b, lastName: 'Посторонний' }, 'Физика'),
      // Score out of range, a future date, an ОГЭ without a mark.
      egeRow(c, 'Химия', 101),
      egeRow(c, 'Биология', 60, '01.01.2999'),
      [
        c.lastName,
        c.firstName,
        c.middleName,
        '03',
        'IV-СТ',
        c.number,
        'ОГЭ',
        'Математика',
        '20.05.2025',
        20,
        '',
        '',
        '',
      ],
      // A repeat of the first row.
      egeRow(a),
    ];
    const res = await upload(regional, csv(rows));
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({
      fileName: 'ege.csv',
      format: 'csv',
      totalRows: 9,
      matched: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 6,
      examKinds: ['ege'],
    });
    expect(imp.rejectedRows.map((r: { row: number; reason: string }) => [r.row, r.reason])).toEqual([
      [5, 'Участник с таким документом не найден в реестре'],
      [6, 'ФИО в файле не совпадает с ФИО владельца документа в реестре'],
      [7, 'Тестовый балл 101 вне допустимого диапазона 0–100'],
      [8, 'Дата экзамена еще не наступила'],
      [9, 'Для ОГЭ укажите отметку от 2 до 5'],
      [10, 'Повторяет строку 2: тот же документ, вид экзамена, предмет и дата'],
    ]);
    const written = await s.owner.query(
      'SELECT person_id, subject, test_score, source_row FROM gia_results WHERE import_id = $1 ORDER BY source_row',
      [imp.id],
    );
    expect(written.rows).toEqual([
      { person_id: a.id, subject: 'Математика профильная', test_score: 72, source_row: 2 },
      { person_id: b.id, subject: 'Математика профильная', test_score: 80, source_row: 3 },
      { person_id: c.id, subject: 'Русский язык', test_score: 91, source_row: 4 },
    ]);
    const audit = await auditRows(s, `action = 'gia.import' AND object_id = $1`, [imp.id]);
    expect(audit.length).toBe(1);
    expect([...audit[0].subject_ids].sort()).toEqual([a.id, b.id, c.id].sort());
    expect(audit[0].details).toMatchObject({ rows: 9, inserted: 3, rejected: 6 });
  });

  it('a re-import of the same file updates nothing and duplicates nothing; a changed score updates with history', async () => {
    const [a] = learners as [Learner];
    const file = csv([egeRow(a, 'Информатика', 55)]);
    const first = (await upload(regional, file)).json();
    expect(first).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    const again = (await upload(regional, file)).json();
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, rejected: 0 });
    const changed = (await upload(regional, csv([egeRow(a, 'Информатика', 58)]))).json();
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const rows = await s.owner.query(
      `SELECT id, test_score, version, import_id FROM gia_results WHERE person_id = $1 AND subject = 'Информатика'`,
      [a.id],
    );
    expect(rows.rows.length).toBe(1);
    expect(rows.rows[0]).toMatchObject({ test_score: 58, version: 2, import_id: changed.id });
    const history = await s.owner.query(
      `SELECT version, action, changes FROM change_history WHERE entity_type = 'gia_result' AND entity_id = $1
        ORDER BY version`,
      [rows.rows[0].id],
    );
    expect(history.rows.map((h) => h.action)).toEqual(['gia.imported', 'gia.reimported']);
    expect(history.rows[1].changes).toEqual([{ field: 'testScore', before: 55, after: 58 }]);
  });

  it('reads XLSX with date cells; a formula cell and a 10 MB cell are reasons of their rows, not a 500', async () => {
    const [a, b, c] = learners as [Learner, Learner, Learner];
    const big = 'я'.repeat(10 * 1024 * 1024);
    const file = await xlsx([
      [
        a.lastName,
        a.firstName,
        a.middleName,
        'Свидетельство о рождении',
        'IV-СТ',
        a.number,
        'ОГЭ',
        'Математика',
        new Date(Date.UTC(2025, 4, 21)),
        18,
        null,
        4,
        '380101',
      ],
      [
        b.lastName,
        b.firstName,
        b.middleName,
        '03',
        'IV-СТ',
        b.number,
        'ОГЭ',
        'Математика',
        '21.05.2025',
        { formula: '10+8', result: 18 },
        null,
        4,
        '',
      ],
      [
        c.lastName,
        big,
        c.middleName,
        '03',
        'IV-СТ',
        c.number,
        'ОГЭ',
        'Математика',
        '21.05.2025',
        18,
        null,
        4,
        '',
      ],
    ]);
    const res = await upload(regional, file, XLSX, 'oge.xlsx');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ format: 'xlsx', totalRows: 3, inserted: 1, rejected: 2, examKinds: ['oge'] });
    expect(imp.rejectedRows.map((r: { row: number; reason: string }) => [r.row, r.reason])).toEqual([
      [3, 'В ячейке «Первичный балл» формула: сохраните файл со значениями вместо формул'],
      [4, 'Значение «Имя» длиннее 500 символов'],
    ]);
    const result = await s.owner.query(
      `SELECT exam_date::text, mark, test_score FROM gia_results WHERE import_id = $1`,
      [imp.id],
    );
    expect(result.rows).toEqual([{ exam_date: '2025-05-21', mark: 4, test_score: null }]);

    // The report: every rejected row with its reason and its values under the file's own titles.
    const report = await s.app.inject({
      method: 'GET',
      url: `/api/v1/gia-imports/${imp.id}/unmatched.xlsx`,
      headers: regional.headers,
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(1).value).toBe('Строка файла');
    expect(ws.getRow(2).getCell(3).value).toBe('Фамилия');
    expect(ws.getRow(3).getCell(1).value).toBe(3);
    expect(ws.getRow(3).getCell(3).value).toBe(b.lastName);
    expect(String(ws.getRow(4).getCell(2).value)).toContain('длиннее 500 символов');
    expect(String(ws.getRow(4).getCell(4).value).length).toBe(500);
    const exported = await auditRows(s, `action = 'gia.unmatched_export' AND object_id = $1`, [imp.id]);
    expect(exported.length).toBe(1);
  });

  it('refuses whole-file faults with a problem and writes nothing', async () => {
    const before = (await s.owner.query('SELECT count(*)::int AS n FROM gia_imports')).rows[0].n;
    const cases: [string, Buffer | string, string, RegExp][] = [
      [
        'png',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        'application/octet-stream',
        /не является таблицей/,
      ],
      [
        'xls',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        'application/octet-stream',
        /XLS/,
      ],
      ['broken zip', Buffer.from('PK\u0003\u0004garbage'), XLSX, /не читается как XLSX/],
      ['empty', Buffer.alloc(0), 'text/csv', /пуст/],
      ['no rows', csv([]), 'text/csv', /нет строк/],
      [
        'missing columns',
        csv([['Иванов', 'Иван']], ['Фамилия', 'Имя']),
        'text/csv',
        /нет обязательных столбцов: «Вид документа»/,
      ],
      ['one column', Buffer.from('просто текст\nещё строка'), 'text/csv', /не похож на таблицу/],
      ['no result columns', csv([['a']], HEADER.slice(0, 9)), 'text/csv', /нет столбцов с результатом/],
    ];
    for (const [name, body, type, detail] of cases) {
      const res = await upload(regional, body, type);
      expect(res.statusCode, name).toBe(400);
      expect(res.headers['content-type'], name).toMatch(/problem\+json/);
      expect(res.json().detail, name).toMatch(detail);
    }
    const json = await s.app.inject({
      method: 'POST',
      url: '/api/v1/gia-imports',
      headers: regional.headers,
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    expect((await s.owner.query('SELECT count(*)::int AS n FROM gia_imports')).rows[0].n).toBe(before);
  });

  it('a municipality matches only learners it holds and sees only its own imports', async () => {
    const [a] = learners as [Learner];
    const res = await upload(municipal, csv([egeRow(a, 'История', 70), egeRow(outsider, 'История', 70)]));
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ inserted: 1, rejected: 1 });
    expect(imp.rejectedRows[0].reason).toBe(
      'Участник с таким документом не найден среди обучающихся вашей территории',
    );
    const other = await s.app.inject({
      method: 'GET',
      url: `/api/v1/gia-imports/${imp.id}`,
      headers: otherMunicipal.headers,
    });
    expect(other.statusCode).toBe(404);
    const list = await s.app.inject({
      method: 'GET',
      url: '/api/v1/gia-imports',
      headers: otherMunicipal.headers,
    });
    expect(list.json().items).toEqual([]);
    const mine = await s.app.inject({
      method: 'GET',
      url: '/api/v1/gia-imports',
      headers: municipal.headers,
    });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toEqual([imp.id]);
    const regionalList = await s.app.inject({
      method: 'GET',
      url: '/api/v1/gia-imports?limit=2',
      headers: regional.headers,
    });
    expect(regionalList.json().items.length).toBe(2);
    expect(regionalList.json().nextCursor).toEqual(expect.any(String));
  });
});

describe('GET /api/v1/persons/:id/gia-results', () => {
  it('shows a learner’s results to whoever may read the learner, audited; out of scope answers 404', async () => {
    const [a] = learners as [Learner];
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${a.id}/gia-results`,
      headers: operator.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const subjects = res.json().items.map((i: { subject: string }) => i.subject);
    expect(subjects).toEqual(
      expect.arrayContaining(['Математика профильная', 'Информатика', 'Математика', 'История']),
    );
    const audit = await auditRows(s, `action = 'gia.read' AND actor_user_id = $1`, [operator.id]);
    expect(audit.length).toBe(1);
    expect(audit[0].subject_ids).toEqual([a.id]);
    const outside = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${outsider.id}/gia-results`,
      headers: operator.headers,
    });
    expect(outside.statusCode).toBe(404);
  });
});

describe('a region’s whole subject', () => {
  it('imports 10,000 rows in one file: every matched row written, every unmatched one reported', async () => {
    const N = 10_000;
    const UNMATCHED = 25;
    // 10,000 learners with birth certificates, written directly: the API would take minutes to enroll them.
    const people = await s.owner.query(
      `WITH p AS (
         INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, snils)
         SELECT 'Выпускник' || g, 'Имя' || (g % 97), 'Отчество', date '2007-01-01' + (g % 365), 'male', NULL
           FROM generate_series(1, ${N}) g
         RETURNING id, last_name, first_name)
       INSERT INTO person_documents (person_id, type, series, number)
       SELECT id, '03', 'II-БЖ', lpad(substr(last_name, 10), 6, '0') FROM p
       RETURNING person_id, number`,
    );
    expect(people.rows.length).toBe(N);
    const rows: (string | number)[][] = [];
    for (let g = 1; g <= N; g++) {
      const number = String(g).padStart(6, '0');
      const unmatched = g % (N / UNMATCHED) === 0;
      rows.push([
        unmatched ? 'Неизвестный' : `Выпускник${g}`,
        `Имя${g % 97}`,
        'Отчество',
        '03',
        'II-БЖ',
        number,
        'ЕГЭ',
        'Обществознание',
        '11.06.2025',
        g % 60,
        g % 100,
        '',
        '',
      ]);
    }
    const file = csv(rows);
    const started = performance.now();
    const res = await upload(regional, file, 'text/csv', 'ege-obshchestvo.csv');
    const ms = performance.now() - started;
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ totalRows: N, inserted: N - UNMATCHED, rejected: UNMATCHED, unchanged: 0 });
    const written = await s.owner.query(
      `SELECT count(*)::int AS n, count(DISTINCT person_id)::int AS persons FROM gia_results WHERE import_id = $1`,
      [imp.id],
    );
    expect(written.rows[0]).toEqual({ n: N - UNMATCHED, persons: N - UNMATCHED });
    const wrong = await s.owner.query(
      `SELECT count(*)::int AS n FROM gia_results r JOIN persons p ON p.id = r.person_id
        WHERE r.import_id = $1 AND (p.last_name <> 'Выпускник' || (r.source_row - 1) OR r.test_score <> (r.source_row - 1) % 100)`,
      [imp.id],
    );
    expect(wrong.rows[0].n).toBe(0);
    const rejects = await s.owner.query(
      'SELECT row_number, reason FROM gia_import_rejects WHERE import_id = $1 ORDER BY row_number',
      [imp.id],
    );
    expect(rejects.rows.map((r) => r.row_number)).toEqual(
      Array.from({ length: UNMATCHED }, (_, i) => ((i + 1) * N) / UNMATCHED + 1),
    );
    expect(new Set(rejects.rows.map((r) => r.reason))).toEqual(
      new Set(['ФИО в файле не совпадает с ФИО владельца документа в реестре']),
    );
    // Measured, not asserted: speed is the benchmark's business.
    console.warn(`gia import: ${N} rows in ${Math.round(ms)} ms`);
    const again = await upload(regional, file, 'text/csv', 'ege-obshchestvo.csv');
    expect(again.json()).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: N - UNMATCHED,
      rejected: UNMATCHED,
    });
    console.warn(`gia re-import: ${N} rows in ${Math.round(performance.now() - started - ms)} ms`);
  }, 120_000);
});
