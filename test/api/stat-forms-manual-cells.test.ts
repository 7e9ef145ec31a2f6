import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFINITIONS_DIR,
  loadDefinitions,
  readDefinitionFiles,
} from '../../src/server/modules/stat-forms/definitions.ts';
import { reportPdfDocument } from '../../src/server/modules/stat-forms/report-pdf.ts';
import { problemBody } from '../../src/server/platform/errors.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Cells the registry cannot know: 85-К 2.3 row 05, the days the kindergarten worked. The head enters
 * them at a version, the report shows them (empty ones as null, their controls as not checked), signing
 * refuses an empty one and keeps the entered values, the municipality's consolidated form sums them.
 */

const FORM = '/api/v1/stat-forms/85-k/editions/2024';
const AS_OF = '2024-12-31';

let s: TestServer;
let mun: string;
let kA: string;
let kB: string;
let school: string;
let adminA: TestUser;
let adminB: TestUser;
let operatorA: TestUser;
let schoolAdmin: TestUser;
let municipal: TestUser;
let analyst: TestUser;

type Cell = { row: string; column: string; value: number | null; manual: boolean };
type Report = {
  sections: { code: string; rows: { code: string; manual: boolean }[]; cells: Cell[] }[];
  controlFailures: { section: string; control: string; left: { row: string; column: string }[] }[];
  controlsNotChecked: { section: string; control: string; emptyCells: { row: string; column: string }[] }[];
  manualEntry: { version: number; updatedBy: string | null } | null;
};

const inject = (u: TestUser, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  s.app.inject({ method, url, headers: u.headers, ...(payload ? { payload: payload as object } : {}) });
const put = (u: TestUser, payload: unknown) => inject(u, 'PUT', `${FORM}/manual-cells`, payload);
const sign = (u: TestUser, org: string, version?: number) =>
  inject(u, 'POST', `${FORM}/submissions`, { organizationId: org, asOf: AS_OF, version });

async function report(u: TestUser, query: string): Promise<Report> {
  const res = await inject(u, 'GET', `${FORM}/report?${query}&asOf=${AS_OF}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const manualOf = (r: Report) =>
  r.sections
    .find((x) => x.code === '2.3')!
    .cells.filter((c) => c.manual)
    .map((c) => `${c.row}:${c.column}=${c.value}`);

const days = (v3: number | null, v4: number | null) => [
  { section: '2.3', row: '05', column: '3', value: v3 },
  { section: '2.3', row: '05', column: '4', value: v4 },
];

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  mun = await buildMunicipality(s);
  kA = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  kB = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  school = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  adminA = await buildUser(s, 'org_admin', kA);
  adminB = await buildUser(s, 'org_admin', kB);
  operatorA = await buildUser(s, 'org_operator', kA);
  schoolAdmin = await buildUser(s, 'org_admin', school);
  municipal = await buildUser(s, 'municipal_specialist', mun);
  analyst = await buildUser(s, 'analyst', region);
});
afterAll(() => s.stop());

describe('cells entered by hand', () => {
  it('are marked in the report, empty until entered; their control is not checked; signing is refused', async () => {
    const r = await report(adminA, `organizationId=${kA}`);
    const section = r.sections.find((x) => x.code === '2.3')!;
    expect(section.rows.filter((x) => x.manual).map((x) => x.code)).toEqual(['05']);
    expect(manualOf(r)).toEqual(['05:3=null', '05:4=null']);
    // Computed cells are never manual nor null.
    expect(r.sections.flatMap((x) => x.cells).filter((c) => !c.manual && c.value === null)).toEqual([]);
    expect(r.manualEntry).toBeNull();
    // «Графа 4 ≤ графы 3» over row 05 cannot be checked while it is empty; no other comparison is affected.
    expect(r.controlsNotChecked).toEqual([
      {
        section: '2.3',
        control: '2.3.2',
        label: expect.any(String),
        emptyCells: [
          { row: '05', column: '4' },
          { row: '05', column: '3' },
        ],
      },
    ]);
    expect(r.controlFailures).toEqual([]);

    const refused = await sign(adminA, kA);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().errors).toEqual([
      { path: 'sections.2.3.rows.05.columns.3', code: 'manual_cell_empty', message: expect.any(String) },
      { path: 'sections.2.3.rows.05.columns.4', code: 'manual_cell_empty', message: expect.any(String) },
    ]);
    const rows = await s.owner.query(`SELECT 1 FROM stat_form_submissions WHERE organization_id = $1`, [kA]);
    expect(rows.rowCount).toBe(0);
  });

  it('are saved at a version: the report carries them, a broken ratio over them is reported, the save audited', async () => {
    const first = await put(adminA, {
      organizationId: kA.toUpperCase(),
      asOf: AS_OF,
      version: 0,
      cells: days(247, 250),
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      organizationId: kA,
      asOf: AS_OF,
      version: 1,
      cells: [
        { section: '2.3', row: '05', column: '3', value: 247, enteredBy: 'Тестовый org_admin' },
        { section: '2.3', row: '05', column: '4', value: 250, enteredBy: 'Тестовый org_admin' },
      ],
    });
    const r = await report(adminA, `organizationId=${kA}`);
    expect(manualOf(r)).toEqual(['05:3=247', '05:4=250']);
    expect(r.manualEntry).toMatchObject({ version: 1, updatedBy: 'Тестовый org_admin' });
    expect(r.controlsNotChecked).toEqual([]);
    // 250 days of the groups for 3 and older > 247 of the kindergarten: the ratio names row 05.
    expect(r.controlFailures.map((f) => `${f.control} ${f.left[0]!.row}:${f.left[0]!.column}`)).toEqual([
      '2.3.2 05:4',
    ]);
    expect((await sign(adminA, kA)).json().errors[0].code).toBe('control_failed');

    const audit = await auditRows(s, `action = 'statForm.manualCells.saved' AND object_id = $1`, [kA]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: adminA.id, outcome: 'success' });
    expect(audit[0].details).toMatchObject({
      form: '85-k',
      asOf: AS_OF,
      version: 1,
      cells: ['2.3/05:3', '2.3/05:4'],
    });

    // A save at the version seen before is refused; the current one wins. An unchanged cell keeps
    // who entered it and when; a null clears a cell.
    const stale = await put(adminA, { organizationId: kA, asOf: AS_OF, version: 0, cells: days(248, 240) });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'conflict_version']);
    const before = first.json().cells[0].enteredAt;
    const second = await put(adminA, { organizationId: kA, asOf: AS_OF, version: 1, cells: days(247, 240) });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().version).toBe(2);
    expect(second.json().cells.map((c: { value: number }) => c.value)).toEqual([247, 240]);
    expect(second.json().cells[0].enteredAt).toBe(before);
    const cleared = await put(adminA, {
      organizationId: kA,
      asOf: AS_OF,
      version: 2,
      cells: days(247, null),
    });
    expect(cleared.json().cells.map((c: { column: string }) => c.column)).toEqual(['3']);
    expect(manualOf(await report(adminA, `organizationId=${kA}`))).toEqual(['05:3=247', '05:4=null']);
    const back = await put(adminA, { organizationId: kA, asOf: AS_OF, version: 3, cells: days(null, 240) });
    expect(back.json().version).toBe(4);
    expect(back.json().cells.map((c: { column: string }) => c.column)).toEqual(['4']);
    const again = await put(adminA, { organizationId: kA, asOf: AS_OF, version: 4, cells: days(247, 240) });
    expect(again.json().version).toBe(5);

    // Read back: the head, the municipality; another kindergarten's head does not see them.
    const read = await inject(municipal, 'GET', `${FORM}/manual-cells?organizationId=${kA}&asOf=${AS_OF}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ version: 5, cells: [{ value: 247 }, { value: 240 }] });
    const foreign = await inject(adminB, 'GET', `${FORM}/manual-cells?organizationId=${kA}&asOf=${AS_OF}`);
    expect(foreign.statusCode).toBe(404);
  });

  it('twenty saves at once at the same version: one wins, nineteen are told the form changed', async () => {
    const version = (await report(adminA, `organizationId=${kA}`)).manualEntry!.version;
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        put(adminA, { organizationId: kA, asOf: AS_OF, version, cells: days(200 + i, 200) }),
      ),
    );
    const codes = all.map((x) => x.statusCode).sort();
    expect(codes).toEqual([200, ...Array(19).fill(409)]);
    for (const x of all.filter((y) => y.statusCode === 409)) expect(x.json().code).toBe('conflict_version');
    const winner = all.find((x) => x.statusCode === 200)!.json();
    const r = await report(adminA, `organizationId=${kA}`);
    expect(r.manualEntry!.version).toBe(version + 1);
    expect(manualOf(r)).toEqual([`05:3=${winner.cells[0].value}`, '05:4=200']);
    // The first save of another kindergarten, twenty at once at version 0.
    const firsts = await Promise.all(
      Array.from({ length: 20 }, () =>
        put(adminB, { organizationId: kB, asOf: AS_OF, version: 0, cells: days(1, 1) }),
      ),
    );
    expect(firsts.map((x) => x.statusCode).sort()).toEqual([200, ...Array(19).fill(409)]);
    const entries = await s.owner.query(
      `SELECT version FROM stat_form_manual_entries WHERE organization_id = $1`,
      [kB],
    );
    expect(entries.rows).toEqual([{ version: 1 }]);
  });

  it('bad input, another organization, the role without the permission: problem+json, nothing written', async () => {
    const ok = { organizationId: kA, asOf: AS_OF };
    const version = (await report(adminA, `organizationId=${kA}`)).manualEntry!.version;
    const cell = (over: object) => [{ section: '2.3', row: '05', column: '3', value: 1, ...over }];
    const cases: [TestUser, unknown, number, string, string?][] = [
      [
        adminA,
        { ...ok, version, cells: cell({ value: -1 }) },
        400,
        'validation_failed',
        'body.cells.0.value',
      ],
      [
        adminA,
        { ...ok, version, cells: cell({ value: 1.5 }) },
        400,
        'validation_failed',
        'body.cells.0.value',
      ],
      [
        adminA,
        { ...ok, version, cells: cell({ value: 1e12 }) },
        400,
        'validation_failed',
        'body.cells.0.value',
      ],
      [
        adminA,
        { ...ok, version, cells: cell({ value: '5' }) },
        400,
        'validation_failed',
        'body.cells.0.value',
      ],
      [
        adminA,
        { ...ok, version, cells: cell({ row: '05\u0000' }) },
        400,
        'validation_failed',
        'body.cells.0.row',
      ],
      [adminA, { ...ok, version, cells: [] }, 400, 'validation_failed', 'body.cells'],
      [adminA, { ...ok, version: -1, cells: cell({}) }, 400, 'validation_failed', 'body.version'],
      [
        adminA,
        { ...ok, version, cells: [...cell({}), ...cell({})] },
        400,
        'validation_failed',
        'body.cells.1',
      ],
      [adminA, { ...ok, version, cells: cell({ row: '01' }) }, 422, 'business_rule', 'body.cells.0'],
      [adminA, { ...ok, version, cells: cell({ row: '06' }) }, 422, 'business_rule', 'body.cells.0'],
      [
        adminA,
        { ...ok, version, cells: cell({ section: '9' }) },
        422,
        'business_rule',
        'body.cells.0.section',
      ],
      [
        adminA,
        { ...ok, asOf: '2099-12-31', version, cells: cell({}) },
        400,
        'validation_failed',
        'body.asOf',
      ],
      [adminA, { ...ok, organizationId: kB, version: 1, cells: cell({}) }, 404, 'not_found'],
      [adminA, { ...ok, organizationId: `${kA}\u0000`, version, cells: cell({}) }, 400, 'validation_failed'],
      [
        schoolAdmin,
        { ...ok, organizationId: school, version: 0, cells: cell({}) },
        422,
        'business_rule',
        'body.organizationId',
      ],
      [operatorA, { ...ok, version, cells: cell({}) }, 403, 'forbidden'],
      [municipal, { ...ok, version, cells: cell({}) }, 403, 'forbidden'],
      [analyst, { ...ok, version, cells: cell({}) }, 403, 'forbidden'],
    ];
    for (const [u, payload, status, code, path] of cases) {
      const res = await put(u, payload);
      const what = JSON.stringify(payload);
      expect(res.statusCode, `${what} ${res.body}`).toBe(status);
      expect(res.headers['content-type'], what).toMatch(/problem\+json/);
      expect(res.json().code, what).toBe(code);
      if (path)
        expect(
          res.json().errors.map((e: { path: string }) => e.path),
          what,
        ).toContain(path);
    }
    const codes = async (payload: unknown) => (await put(adminA, payload)).json().errors[0].code;
    expect(await codes({ ...ok, version, cells: cell({ row: '01' }) })).toBe('computed_cell');
    expect(await codes({ ...ok, version, cells: cell({ row: '06' }) })).toBe('unknown_cell');
    expect(await codes({ ...ok, version, cells: [...cell({}), ...cell({})] })).toBe('duplicate_cell');
    const unknownForm = await inject(adminA, 'PUT', '/api/v1/stat-forms/85-k/editions/1999/manual-cells', {
      ...ok,
      version,
      cells: cell({}),
    });
    expect(unknownForm.statusCode).toBe(404);
    // Nothing of the above was written.
    expect((await report(adminA, `organizationId=${kA}`)).manualEntry!.version).toBe(version);
    const drill = await inject(
      adminA,
      'GET',
      `${FORM}/cells/05/3/learners?organizationId=${kA}&asOf=${AS_OF}`,
    );
    expect([drill.statusCode, drill.json().errors[0].code]).toEqual([422, 'manual_cell']);
  });

  it('signing keeps the entered values; a signed form takes no change; the consolidated form sums them', async () => {
    const version = (await report(adminA, `organizationId=${kA}`)).manualEntry!.version;
    const set = await put(adminA, { organizationId: kA, asOf: AS_OF, version, cells: days(247, 240) });
    expect(set.statusCode, set.body).toBe(200);
    const signed = await sign(adminA, kA);
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json().cells['2.3']).toMatchObject({ '05|3': 247, '05|4': 240, '01|3': 0 });

    const late = await put(adminA, {
      organizationId: kA,
      asOf: AS_OF,
      version: version + 1,
      cells: days(300, 1),
    });
    expect([late.statusCode, late.json().errors[0].code]).toEqual([409, 'already_signed']);

    // The territory's computed form cannot know row 05; its control over it is not checked.
    const computed = await report(municipal, `territoryId=${mun}`);
    expect(manualOf(computed)).toEqual(['05:3=null', '05:4=null']);
    expect(computed.controlsNotChecked.map((c) => c.control)).toEqual(['2.3.2']);
    expect(computed.manualEntry).toBeNull();
    // B signs too (1 and 1 days): the consolidated form sums what both signed.
    const v = (await report(adminB, `organizationId=${kB}`)).manualEntry!.version;
    expect(
      (await put(adminB, { organizationId: kB, asOf: AS_OF, version: v, cells: days(200, 150) })).statusCode,
    ).toBe(200);
    expect((await sign(adminB, kB)).statusCode).toBe(201);
    const consolidated = await inject(
      municipal,
      'GET',
      `${FORM}/consolidated?territoryId=${mun}&asOf=${AS_OF}`,
    );
    expect(consolidated.statusCode, consolidated.body).toBe(200);
    expect(manualOf(consolidated.json())).toEqual(['05:3=447', '05:4=390']);

    // Returned, corrected, signed again: the new values are the signed ones.
    const sub = (
      await inject(municipal, 'GET', `${FORM}/submissions?organizationId=${kA}&asOf=${AS_OF}`)
    ).json().items[0];
    const ret = await inject(municipal, 'POST', `/api/v1/stat-form-submissions/${sub.submissionId}/return`, {
      version: sub.version,
      reason: 'Сверьте число дней работы',
    });
    expect(ret.statusCode, ret.body).toBe(200);
    const fixed = await put(adminA, {
      organizationId: kA,
      asOf: AS_OF,
      version: version + 1,
      cells: days(246, 240),
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const resigned = await sign(adminA, kA, ret.json().version);
    expect(resigned.statusCode, resigned.body).toBe(201);
    expect(resigned.json().cells['2.3']).toMatchObject({ '05|3': 246, '05|4': 240 });
    const after = await inject(municipal, 'GET', `${FORM}/consolidated?territoryId=${mun}&asOf=${AS_OF}`);
    expect(manualOf(after.json())).toEqual(['05:3=446', '05:4=390']);
  });

  it('the XLSX and the PDF carry the entered values in the manual colour, with a legend', async () => {
    const query = `organizationId=${kA}&asOf=${AS_OF}`;
    const res = await inject(adminA, 'GET', `${FORM}/report.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Форма')!;
    let legend = false;
    const row05: { value: unknown; fill: unknown }[] = [];
    const row01: { fill: unknown }[] = [];
    let inDays = false;
    ws.eachRow((row) => {
      const first = String(row.getCell(1).value ?? '');
      if (first.startsWith('Ячейки, выделенные желтым')) legend = true;
      if (first.startsWith('Раздел ')) inDays = first.startsWith('Раздел 2.3.');
      if (inDays && row.getCell(2).value === '05')
        for (const k of [3, 4]) row05.push({ value: row.getCell(k).value, fill: row.getCell(k).fill });
      if (inDays && row.getCell(2).value === '01') row01.push({ fill: row.getCell(3).fill });
    });
    expect(legend).toBe(true);
    expect(row05.map((c) => c.value)).toEqual([246, 240]);
    for (const c of row05) expect(c.fill).toMatchObject({ fgColor: { argb: 'FFFFF3CD' } });
    expect(row01[0]!.fill).not.toMatchObject({ fgColor: { argb: 'FFFFF3CD' } });

    // The PDF of a signed form: the signed value, in the manual colour.
    const r = await report(adminA, `organizationId=${kA}`);
    const doc = reportPdfDocument(
      {
        ...(r as object),
        form: {
          code: '85-k',
          edition: '2024',
          title: '85-К',
          approvedBy: { title: 'приказ' },
          referenceDate: { label: '31 декабря' },
        },
        asOf: AS_OF,
        scope: { kind: 'organization', id: kA, name: 'ДОО' },
      } as never,
      { signedAt: new Date(), signedBy: 'Заведующий', cells: { '2.3': { '05|3': 246, '05|4': 240 } } },
    );
    const text = JSON.stringify(doc.content);
    expect(text).toContain('"text":"246","alignment":"center","fillColor":"#fff3cd"');
    expect(text).toContain('Ячейки, выделенные желтым');
  });
});

describe('saving and signing at once', () => {
  it('a signed form holds exactly the values entered last: saves racing the signature never slip past it', async () => {
    const kC = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
    const adminC = await buildUser(s, 'org_admin', kC);
    const first = await put(adminC, { organizationId: kC, asOf: AS_OF, version: 0, cells: days(100, 90) });
    expect(first.statusCode, first.body).toBe(200);
    // Ten saves, each at the version it read, and a signature, all at once.
    const saves = Array.from({ length: 10 }, (_, i) =>
      put(adminC, { organizationId: kC, asOf: AS_OF, version: 1, cells: days(101 + i, 90) }),
    );
    const [signed, ...saved] = await Promise.all([sign(adminC, kC), ...saves]);
    expect(saved.map((x) => x.statusCode).every((c) => c === 200 || c === 409)).toBe(true);
    const entry = (
      await inject(adminC, 'GET', `${FORM}/manual-cells?organizationId=${kC}&asOf=${AS_OF}`)
    ).json();
    if (signed.statusCode === 201) {
      // Whatever won, the signed figures are the entered ones now, and no save landed after.
      expect(signed.json().cells['2.3']['05|3']).toBe(entry.cells[0].value);
      const late = await put(adminC, {
        organizationId: kC,
        asOf: AS_OF,
        version: entry.version,
        cells: days(1, 1),
      });
      expect([late.statusCode, late.json().errors[0].code]).toEqual([409, 'already_signed']);
    } else {
      // A save slipped in between the figures and the signature: refused, nothing signed.
      expect([signed.statusCode, signed.json().errors[0].code]).toEqual([409, 'manual_cells_changed']);
      const rows = await s.owner.query(`SELECT 1 FROM stat_form_submissions WHERE organization_id = $1`, [
        kC,
      ]);
      expect(rows.rowCount).toBe(0);
    }
  });
});

describe('the manual flag in a definition', () => {
  const form = (name: string) =>
    JSON.parse(readDefinitionFiles(DEFINITIONS_DIR).find((f) => f.name === name)!.text);
  function problemsOf(name: string, edit: (d: ReturnType<typeof form>) => void) {
    const d = form(name);
    edit(d);
    try {
      loadDefinitions([{ name: 'broken.json', text: JSON.stringify(d) }]);
    } catch (e) {
      return problemBody(e as Parameters<typeof problemBody>[0]).errors.map((x) => x.message);
    }
    throw new Error('the broken definition was accepted');
  }

  it('a manual row with filters, a manual column with a measure or in a listing section is refused', () => {
    expect(
      problemsOf('85-k.2024.json', (d) => {
        d.sections[0].rows[0].manual = true;
      }),
    ).toContainEqual(expect.stringMatching(/строка 01 вводится вручную — фильтры и возраст ей не задаются/));
    expect(
      problemsOf('85-k.2024.json', (d) => {
        d.sections[0].columns[0] = {
          code: '3',
          label: 'Всего',
          filters: [],
          measure: 'attendance',
          manual: true,
        };
      }),
    ).toContainEqual(expect.stringMatching(/графа 3 вводится вручную — мера ей не задается/));
    expect(
      problemsOf('spo-1.2022.json', (d) => {
        d.sections[0].columns.push({ code: '24', label: 'Подано заявлений', manual: true });
      }),
    ).toContainEqual(expect.stringMatching(/с перечисляемыми строками графы не вводятся вручную/));
    expect(
      problemsOf('85-k.2024.json', (d) => {
        d.sections[0].rows[4].manual = 'yes';
      }).length,
    ).toBeGreaterThan(0);
  });
});
