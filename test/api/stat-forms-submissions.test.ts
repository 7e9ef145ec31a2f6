import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPdfDocument } from '../../src/server/modules/stat-forms/report-pdf.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { programme } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Signing off a form: a college signs СПО-1 as computed, a later correction changes the computed form
 * but not the signed figures, the municipality sees who signed, consolidates the signed figures, and
 * returns a form for correction; the college signs again at the version it saw.
 */

const FORM = '/api/v1/stat-forms/spo-1/editions/2022';
const AS_OF = '2024-10-01';

let s: TestServer;
let mun: string;
let otherMun: string;
let collegeA: string;
let collegeB: string;
let school: string;
let adminA: TestUser;
let adminB: TestUser;
let operatorA: TestUser;
let schoolAdmin: TestUser;
let municipal: TestUser;
let otherMunicipal: TestUser;
let analyst: TestUser;
let programmeA: string;

type Cells = Record<string, Record<string, number>>;

async function student(org: string, prog: string, from: string, form = 'full_time') {
  const p = await s.owner.query(
    `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
     VALUES ('Студентова', 'Анна', 'Петровна', '2007-02-02', 'female') RETURNING id`,
  );
  const e = await s.owner.query(
    `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, education_form, funding)
     VALUES ($1, $2, $3, $4, $5, 'budget') RETURNING id`,
    [p.rows[0].id, org, prog, from, form],
  );
  return e.rows[0].id as string;
}

const post = (u: TestUser, url: string, payload: unknown) =>
  s.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });
const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });

async function computed(org: string) {
  const res = await get(municipal, `${FORM}/report?organizationId=${org}&asOf=${AS_OF}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as {
    sections: { code: string; cells: { row: string; column: string; value: number }[] }[];
  };
  return Object.fromEntries(
    body.sections.map((x) => [
      x.code,
      Object.fromEntries(x.cells.map((c) => [`${c.row}|${c.column}`, c.value])),
    ]),
  ) as Cells;
}

async function progress(u: TestUser = municipal, territory = mun) {
  const res = await get(u, `${FORM}/submissions?territoryId=${territory}&asOf=${AS_OF}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    summary: { expected: number; signed: number; returned: number; missing: number };
    items: { organizationId: string; status: string; submissionId: string | null; version: number | null }[];
  };
}

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  mun = await buildMunicipality(s);
  otherMun = await buildMunicipality(s);
  collegeA = (await buildOrganization(s, { territoryId: mun, kind: 'vocational' })).id;
  collegeB = (await buildOrganization(s, { territoryId: mun, kind: 'vocational' })).id;
  school = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  adminA = await buildUser(s, 'org_admin', collegeA);
  adminB = await buildUser(s, 'org_admin', collegeB);
  operatorA = await buildUser(s, 'org_operator', collegeA);
  schoolAdmin = await buildUser(s, 'org_admin', school);
  municipal = await buildUser(s, 'municipal_specialist', mun);
  otherMunicipal = await buildUser(s, 'municipal_specialist', otherMun);
  analyst = await buildUser(s, 'analyst', region);
  const spo = async (org: string, okso: string) => {
    const id = await programme(s, org, 'spo');
    await s.owner.query(
      `UPDATE education_programmes SET spo_type = 'specialist', okso_code = $2, base_grade = 9 WHERE id = $1`,
      [id, okso],
    );
    return id;
  };
  programmeA = await spo(collegeA, '09.02.07');
  const programmeB = await spo(collegeB, '38.02.01');
  await student(collegeA, programmeA, '2023-09-01');
  await student(collegeA, programmeA, '2024-09-01');
  await student(collegeB, programmeB, '2024-09-01');
});
afterAll(() => s.stop());

describe('signing off a statistical form', () => {
  it('keeps the figures computed when signed; a later correction changes the form, not the signed figures', async () => {
    const want = await computed(collegeA);
    expect(want['2.1']?.['01|11']).toBe(2);
    const res = await post(adminA, `${FORM}/submissions`, {
      organizationId: collegeA.toUpperCase(),
      asOf: AS_OF,
    });
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json();
    expect(signed).toMatchObject({ organizationId: collegeA, status: 'signed', version: 1, asOf: AS_OF });
    expect(signed.cells).toEqual(want);
    const audit = await auditRows(s, `action = 'statForm.sign' AND actor_user_id = $1`, [adminA.id]);
    expect(audit.at(-1)).toMatchObject({
      object_type: 'organization',
      object_id: collegeA,
      outcome: 'success',
    });

    await student(collegeA, programmeA, '2024-09-15');
    expect((await computed(collegeA))['2.1']?.['01|11']).toBe(3);
    const stored = await s.owner.query(`SELECT cells FROM stat_form_submissions WHERE id = $1`, [signed.id]);
    expect(stored.rows[0].cells).toEqual(want);

    const again = await post(adminA, `${FORM}/submissions`, { organizationId: collegeA, asOf: AS_OF });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().errors[0].code).toBe('already_signed');
  });

  it('twenty identical signatures at once leave one signed form and nineteen conflicts', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(adminB, `${FORM}/submissions`, { organizationId: collegeB, asOf: AS_OF }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, ...Array(19).fill(409)]);
    expect(answers.every((a) => a.statusCode !== 500)).toBe(true);
    const rows = await s.owner.query(
      `SELECT count(*)::int AS n FROM stat_form_submissions WHERE organization_id = $1`,
      [collegeB],
    );
    expect(rows.rows[0].n).toBe(1);
  });

  it('refuses another organization, the role without the permission, a non-respondent and a future date', async () => {
    const foreign = await post(adminA, `${FORM}/submissions`, {
      organizationId: collegeB,
      asOf: '2023-10-01',
    });
    expect(foreign.statusCode, foreign.body).toBe(404);
    const denied = await auditRows(
      s,
      `action = 'statForm.sign' AND actor_user_id = $1 AND outcome = 'denied'`,
      [adminA.id],
    );
    expect(denied.at(-1)).toMatchObject({ object_id: collegeB });

    const operator = await post(operatorA, `${FORM}/submissions`, {
      organizationId: collegeA,
      asOf: '2023-10-01',
    });
    expect(operator.statusCode, operator.body).toBe(403);

    const notRespondent = await post(schoolAdmin, `${FORM}/submissions`, {
      organizationId: school,
      asOf: AS_OF,
    });
    expect(notRespondent.statusCode, notRespondent.body).toBe(422);
    expect(notRespondent.json().errors[0]).toMatchObject({
      path: 'body.organizationId',
      code: 'not_respondent',
    });

    const future = await post(adminA, `${FORM}/submissions`, {
      organizationId: collegeA,
      asOf: '2099-10-01',
    });
    expect(future.statusCode, future.body).toBe(400);
    expect(future.json().errors[0].path).toBe('body.asOf');

    const unknown = await post(adminA, '/api/v1/stat-forms/spo-1/editions/1999/submissions', {
      organizationId: collegeA,
    });
    expect(unknown.statusCode).toBe(404);
    const nul = await post(adminA, `${FORM}/submissions`, { organizationId: `${collegeA}\u0000` });
    expect(nul.statusCode).toBe(400);
  });

  it('does not sign a form that breaks a control ratio, and names the ratio', async () => {
    const enrollment = await student(collegeA, programmeA, '2022-09-01', 'family');
    try {
      const res = await post(adminA, `${FORM}/submissions`, { organizationId: collegeA, asOf: '2023-10-01' });
      expect(res.statusCode, res.body).toBe(422);
      const paths = res.json().errors.map((e: { path: string }) => e.path);
      expect(paths).toContain('sections.2.1.controls.k5');
      const none = await s.owner.query(
        `SELECT count(*)::int AS n FROM stat_form_submissions WHERE organization_id = $1 AND as_of = '2023-10-01'`,
        [collegeA],
      );
      expect(none.rows[0].n).toBe(0);
    } finally {
      await s.owner.query(`DELETE FROM enrollment_status_periods WHERE enrollment_id = $1`, [enrollment]);
      await s.owner.query(`DELETE FROM enrollments WHERE id = $1`, [enrollment]);
    }
  });

  it('the municipality sees who signed, consolidates the signed figures and returns a form for correction', async () => {
    const before = await progress();
    expect(before.summary).toEqual({ expected: 2, signed: 2, returned: 0, missing: 0 });
    expect(before.items.map((i) => i.organizationId).sort()).toEqual([collegeA, collegeB].sort());
    // The analyst sees the progress (no personal data); another municipality does not see this one.
    expect((await progress(analyst)).summary.signed).toBe(2);
    const hidden = await get(otherMunicipal, `${FORM}/submissions?territoryId=${mun}&asOf=${AS_OF}`);
    expect(hidden.statusCode).toBe(404);

    const consolidated = await get(municipal, `${FORM}/consolidated?territoryId=${mun}&asOf=${AS_OF}`);
    expect(consolidated.statusCode, consolidated.body).toBe(200);
    const c = consolidated.json();
    expect([c.signed, c.expected]).toEqual([2, 2]);
    const total = c.sections[0].cells.find(
      (x: { row: string; column: string }) => x.row === '01' && x.column === '11',
    );
    // As signed: two students of A (the third came after the signature) and one of B.
    expect(total.value).toBe(3);
    expect(c.sections[0].rows.map((r: { code: string }) => r.code)).toEqual([
      '01',
      '02',
      '03',
      '09.02.07',
      '38.02.01',
    ]);
    expect(c.controlFailures).toEqual([]);

    const a = before.items.find((i) => i.organizationId === collegeA)!;
    const url = `/api/v1/stat-form-submissions/${a.submissionId}/return`;
    const byOther = await post(otherMunicipal, url, { version: a.version, reason: 'Проверьте прием' });
    expect(byOther.statusCode, byOther.body).toBe(404);
    const byCollege = await post(adminA, url, { version: a.version, reason: 'Сам себе' });
    expect(byCollege.statusCode).toBe(403);
    const noReason = await post(municipal, url, { version: a.version, reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    const stale = await post(municipal, url, { version: a.version! + 5, reason: 'Проверьте прием' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict_version');
    const returned = await post(municipal, url, {
      version: a.version,
      reason: 'Проверьте прием на 1 октября',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({
      status: 'returned',
      returnReason: 'Проверьте прием на 1 октября',
    });

    const mid = await progress();
    expect(mid.summary).toEqual({ expected: 2, signed: 1, returned: 1, missing: 0 });
    const without = (await get(municipal, `${FORM}/consolidated?territoryId=${mun}&asOf=${AS_OF}`)).json();
    expect(without.signed).toBe(1);

    const noVersion = await post(adminA, `${FORM}/submissions`, { organizationId: collegeA, asOf: AS_OF });
    expect(noVersion.statusCode).toBe(409);
    expect(noVersion.json().code).toBe('conflict_version');
    const resigned = await post(adminA, `${FORM}/submissions`, {
      organizationId: collegeA,
      asOf: AS_OF,
      version: returned.json().version,
    });
    expect(resigned.statusCode, resigned.body).toBe(201);
    expect(resigned.json()).toMatchObject({ status: 'signed', returnReason: null });
    expect(resigned.json().cells['2.1']['01|11']).toBe(3);
    const after = (await get(municipal, `${FORM}/consolidated?territoryId=${mun}&asOf=${AS_OF}`)).json();
    expect(
      after.sections[0].cells.find(
        (x: { row: string; column: string }) => x.row === '01' && x.column === '11',
      ).value,
    ).toBe(4);
    const audit = await auditRows(s, `action = 'statForm.return' AND actor_user_id = $1`, [municipal.id]);
    expect(audit.at(-1)).toMatchObject({ object_id: a.submissionId, outcome: 'success' });
  });

  it('the PDF for signing carries the signed figures once signed, the computed ones marked as a draft before', async () => {
    const url = `${FORM}/report.pdf?organizationId=${collegeA}&asOf=${AS_OF}`;
    const res = await get(adminA, url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await get(adminB, url)).statusCode).toBe(404);
    const audit = await auditRows(s, `action = 'statForm.exported' AND actor_user_id = $1`, [adminA.id]);
    expect(audit.at(-1)?.details).toMatchObject({ format: 'pdf', signed: true });

    const computedNow = await get(municipal, `${FORM}/report?organizationId=${collegeA}&asOf=${AS_OF}`);
    const report = computedNow.json();
    const text = (doc: unknown) => JSON.stringify(doc);
    const draft = reportPdfDocument(report, null);
    expect(text(draft)).toContain('Черновик');
    const signedCells = { '2.1': { '01|11': 41 } };
    const signed = reportPdfDocument(report, {
      signedAt: new Date(),
      signedBy: 'Иванова И. И.',
      cells: signedCells,
    });
    expect(text(signed)).toContain('Подписана в реестре');
    expect(text(signed)).toContain('Иванова И. И.');
    // The signed figure, not the computed one, stands in row 01, column 11.
    const table = (signed.content as { table?: { body: unknown[][] } }[]).find((c) => c.table)!.table!;
    const row01 = table.body.find((r) => (r[1] as { text?: string }).text === '01')!;
    const col11 = report.sections[0].columns.findIndex((c: { code: string }) => c.code === '11');
    expect((row01[2 + col11] as { text: string }).text).toBe('41');
  });
});
