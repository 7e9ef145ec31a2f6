import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAllocateCli } from '../../src/server/modules/queue/allocation/allocate-cli.ts';
import { referralExpiryJob } from '../../src/server/modules/queue/referrals/referral-expiry.job.ts';
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
let head: TestUser;
let mun: string;
let kg: string[];
let groupOf: Record<string, string>;

const REF = '2027-09-01';

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  mun = await buildMunicipality(s);
  const other = await buildMunicipality(s);
  kg = [];
  for (let i = 0; i < 3; i++)
    kg.push((await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id);
  const year = await academicYear(s, REF);
  groupOf = {};
  for (const [i, k] of kg.entries())
    groupOf[k] = await kindergartenGroup(s, k, year, {
      name: `Младшая ${i + 1}`,
      ageFrom: 3,
      ageTo: 4,
      capacity: 2,
    });
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  specialist = await buildUser(s, 'municipal_specialist', mun);
  otherSpecialist = await buildUser(s, 'municipal_specialist', other);
  head = await buildUser(s, 'org_admin', kg[0]!);
});
afterAll(() => s.stop());

/** Files an application for a new child born on birthDate ranking the given kindergartens. */
const apply = (preferences: string[], opts: { birthDate?: string; right?: boolean } = {}) =>
  fileQueueApplication(s, region, {
    municipalityId: mun,
    preferences,
    birthDate: opts.birthDate ?? '2024-03-15',
    desiredOn: REF,
    ...(opts.right ? { confirmRightBy: specialist } : {}),
  });

async function computed(runId: string) {
  for (let i = 0; i < 600; i++) {
    const r = await call(specialist, 'GET', `/allocation-runs/${runId}`);
    expect(r.statusCode, r.body).toBe(200);
    if (!['preparing', 'running'].includes(r.json().status)) return r.json();
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('the run never finished');
}

const download = async (u: TestUser, url: string) => {
  const r = await s.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: u.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r;
};

describe('an allocation run from the database', () => {
  it('prepares, computes in the background, explains, reproduces byte for byte, and issues referrals', async () => {
    // Five children want kg0 first; kg0 has two places, kg1 two, kg2 none that anyone ranks.
    const early = await apply([kg[0]!, kg[1]!]);
    const second = await apply([kg[0]!, kg[1]!]);
    const third = await apply([kg[0]!, kg[1]!]);
    const late = await apply([kg[0]!]);
    const privileged = await apply([kg[0]!], { right: true });
    const tooYoung = await apply([kg[0]!], { birthDate: '2025-06-01' });

    const prepared = await call(specialist, 'POST', '/allocation-runs', {
      municipalityId: mun,
      kind: 'main',
      referenceDate: REF,
    });
    expect(prepared.statusCode, prepared.body).toBe(201);
    const run = prepared.json();
    expect(run.status).toBe('preparing');
    expect(run.groups.map((g: { free: number }) => g.free)).toEqual([2, 2, 2]);
    // One unfinished run per municipality; another municipality's specialist sees nothing of it.
    const twice = await call(specialist, 'POST', '/allocation-runs', {
      municipalityId: mun,
      kind: 'main',
      referenceDate: REF,
    });
    expect(twice.statusCode).toBe(409);
    expect((await call(otherSpecialist, 'GET', `/allocation-runs/${run.id}`)).statusCode).toBe(404);
    expect((await call(otherSpecialist, 'GET', `/allocation-runs/${run.id}/snapshot.json`)).statusCode).toBe(
      404,
    );
    expect((await call(head, 'GET', `/allocation-runs/${run.id}`)).statusCode).toBe(403);
    expect(
      (
        await call(otherSpecialist, 'POST', '/allocation-runs', {
          municipalityId: mun,
          kind: 'main',
          referenceDate: REF,
        })
      ).statusCode,
    ).toBe(403);

    // kg2's group is closed for repairs: the specialist sets its free places to none; a stale version loses.
    const kg2Group = groupOf[kg[2]!]!;
    const edited = await call(specialist, 'PUT', `/allocation-runs/${run.id}/groups/${kg2Group}`, {
      free: 0,
      version: run.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const stale = await call(specialist, 'PUT', `/allocation-runs/${run.id}/groups/${kg2Group}`, {
      free: 1,
      version: run.version,
    });
    expect(stale.statusCode).toBe(409);
    const started = await call(specialist, 'POST', `/allocation-runs/${run.id}/start`, {
      version: edited.json().version,
    });
    expect(started.statusCode, started.body).toBe(200);
    const done = await computed(run.id);
    expect(done.status, done.failure).toBe('draft');
    expect(done.stats).toMatchObject({ applications: 6, placed: 4, offered: 0 });

    const outcomes = (await call(specialist, 'GET', `/allocation-runs/${run.id}/outcomes?limit=500`)).json()
      .items as {
      number: string;
      outcome: string;
      organizationId: string | null;
      rejected: { organizationId: string; reason: string; priority: string | null }[];
    }[];
    const of = (n: string) => outcomes.find((o) => o.number === n)!;
    // The confirmed внеочередное right and the earliest registration take kg0; the next two go to kg1.
    expect(of(privileged.number)).toMatchObject({ outcome: 'placed', organizationId: kg[0] });
    expect(of(early.number)).toMatchObject({ outcome: 'placed', organizationId: kg[0] });
    expect(of(second.number)).toMatchObject({ outcome: 'placed', organizationId: kg[1] });
    expect(of(third.number)).toMatchObject({ outcome: 'placed', organizationId: kg[1] });
    expect(of(second.number).rejected).toEqual([
      expect.objectContaining({ organizationId: kg[0], reason: 'outranked', priority: 'общая очередь' }),
    ]);
    expect(of(late.number)).toMatchObject({ outcome: 'outranked', organizationId: null });
    expect(of(tooYoung.number)).toMatchObject({ outcome: 'no_eligible_group' });
    expect(of(tooYoung.number).rejected).toEqual([
      expect.objectContaining({ organizationId: kg[0], reason: 'no_group' }),
    ]);
    const kg0 = done.groups.find((g: { organizationId: string }) => g.organizationId === kg[0]);
    expect(kg0).toMatchObject({ placed: 2, cutoff: { number: early.number, priority: 'none' } });

    // Anyone can recompute the run from its snapshot alone and get the stored result, byte for byte.
    const snapshot = (await download(specialist, `/allocation-runs/${run.id}/snapshot.json`)).body;
    const stored = (await download(specialist, `/allocation-runs/${run.id}/result.json`)).body;
    expect(createHash('sha256').update(snapshot).digest('hex')).toBe(done.inputSha256);
    expect(snapshot).not.toMatch(/Фамилия|lastName|snils/i);
    const dir = mkdtempSync(join(tmpdir(), 'kt-alloc-'));
    writeFileSync(join(dir, 'snapshot.json'), snapshot);
    const errors: string[] = [];
    const code = await runAllocateCli(
      ['--input', join(dir, 'snapshot.json'), '--out', join(dir, 'result.json')],
      { error: (l) => errors.push(l), out: () => {} },
    );
    expect(code, errors.join('\n')).toBe(0);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(stored);

    // The protocol: a real workbook with every application, and a real PDF.
    const xlsx = await download(specialist, `/allocation-runs/${run.id}/protocol.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const lines = wb.getWorksheet('Заявления')!;
    expect(lines.rowCount).toBe(1 + 6);
    expect(String(lines.getRow(2).getCell(1).value)).toBe(early.number);
    expect(wb.getWorksheet('Протокол')!.getCell('B12').value).toBe(done.inputSha256);
    const pdf = await download(region, `/allocation-runs/${run.id}/protocol.pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // A change in the queue after the snapshot makes the draft stale: approval is refused whole.
    await s.owner.query(`UPDATE preschool_applications SET updated_at = now() WHERE id = $1`, [late.id]);
    const refused = await call(specialist, 'POST', `/allocation-runs/${run.id}/approve`, {
      version: done.version,
    });
    expect(refused.statusCode).toBe(409);
    expect((await s.owner.query(`SELECT count(*)::int AS n FROM referrals`)).rows[0].n).toBe(0);
    await s.owner.query(`UPDATE preschool_applications SET updated_at = $2 WHERE id = $1`, [
      late.id,
      late.registeredAt,
    ]);
    const approved = await call(specialist, 'POST', `/allocation-runs/${run.id}/approve`, {
      version: done.version,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    const app = (await call(specialist, 'GET', `/preschool-applications/${early.id}`)).json();
    expect(app.status).toBe('referred');
    expect(app.events.at(-1)).toMatchObject({ kind: 'referral_issued', status: 'referred' });
    expect(app.events.at(-1).reason).toMatch(/Выдано направление/);
    // The public position page shows the referral's reason with no names.
    const pub = await s.app.inject({
      method: 'GET',
      url: `/api/v1/public/preschool-applications/${early.number}`,
    });
    expect(pub.json().status).toBe('referred');

    // The register: the municipality sees all four, the head of kg0 only its two.
    const all = (await call(specialist, 'GET', `/referrals?runId=${run.id}`)).json().items;
    expect(all).toHaveLength(4);
    const own = (await call(head, 'GET', '/referrals')).json().items as { id: string; version: number }[];
    expect(own).toHaveLength(2);
    expect(all.every((r: { expiresOn: string; issuedOn: string }) => r.expiresOn > r.issuedOn)).toBe(true);

    // The head enrolls one; the head cannot touch kg1's referral.
    const enrolled = await call(head, 'POST', `/referrals/${own[0]!.id}/close`, {
      decision: 'enrolled',
      reason: 'Приказ о зачислении № 12',
      version: own[0]!.version,
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const kg1Referral = all.find((r: { organizationId: string }) => r.organizationId === kg[1]);
    expect(
      (
        await call(head, 'POST', `/referrals/${kg1Referral.id}/close`, {
          decision: 'refused',
          reason: 'x',
          version: kg1Referral.version,
        })
      ).statusCode,
    ).toBe(404);

    // The family refuses kg1: back to the queue with the registration kept and the date moved a year.
    const refusedRef = await call(specialist, 'POST', `/referrals/${kg1Referral.id}/close`, {
      decision: 'refused',
      reason: 'Семья отказалась',
      version: kg1Referral.version,
    });
    expect(refusedRef.statusCode, refusedRef.body).toBe(200);
    const back = (
      await call(specialist, 'GET', `/preschool-applications/${kg1Referral.applicationId}`)
    ).json();
    expect(back).toMatchObject({ status: 'queued', desiredOn: '2027-09-01' });
    const original = [second, third].find((a) => a.id === kg1Referral.applicationId)!;
    expect(back.registeredAt).toBe(original.registeredAt);

    // A referral past its expiry lapses by the daily job, and its place is free for the next top-up.
    const lapsing = all.find(
      (r: { id: string; organizationId: string }) => r.organizationId === kg[1] && r.id !== kg1Referral.id,
    );
    await s.owner.query(
      `UPDATE referrals SET issued_on = '2020-01-01', expires_on = '2020-01-16' WHERE id = $1`,
      [lapsing.id],
    );
    const result = await referralExpiryJob.run({
      id: 'test',
      params: {},
      attempt: 1,
      db: s.app.services.db,
      log: s.app.log as never,
      config: s.app.services.config,
      progress: async () => {},
      checkpoint: async () => {},
    });
    expect(result).toEqual({ expired: 1 });
    const lapsed = (await call(specialist, 'GET', `/preschool-applications/${lapsing.applicationId}`)).json();
    expect(lapsed.status).toBe('queued');
    expect(lapsed.events.at(-1).reason).toMatch(/Истек срок направления/);

    // The top-up finds kg1's two places free again (refused and expired), kg0's taken by the held referral
    // and the enrollment is not counted twice.
    const topUp = await call(specialist, 'POST', '/allocation-runs', {
      municipalityId: mun,
      kind: 'top_up',
      referenceDate: REF,
    });
    expect(topUp.statusCode, topUp.body).toBe(201);
    const free = Object.fromEntries(
      topUp
        .json()
        .groups.map((g: { organizationId: string; free: number; held: number }) => [
          g.organizationId,
          [g.free, g.held],
        ]),
    );
    expect(free[kg[0]!]).toEqual([1, 1]);
    expect(free[kg[1]!]).toEqual([2, 0]);
    const discarded = await call(specialist, 'POST', `/allocation-runs/${topUp.json().id}/discard`, {
      version: topUp.json().version,
      reason: 'Проверка',
    });
    expect(discarded.json().status).toBe('discarded');
  });

  it('answers bad input with a field path and never a 500', async () => {
    const cases: [unknown, string][] = [
      [{ municipalityId: mun, kind: 'main' }, 'body.referenceDate'],
      [{ municipalityId: mun, kind: 'weekly', referenceDate: REF }, 'body.kind'],
      [{ municipalityId: 'not-a-uuid', kind: 'main', referenceDate: REF }, 'body.municipalityId'],
      [{ municipalityId: mun, kind: 'main', referenceDate: '2027-09-01\u0000' }, 'body.referenceDate'],
    ];
    for (const [body, path] of cases) {
      const res = await call(specialist, 'POST', '/allocation-runs', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const noGroups = await call(specialist, 'POST', '/allocation-runs', {
      municipalityId: mun,
      kind: 'main',
      referenceDate: '2031-09-01',
    });
    expect(noGroups.statusCode).toBe(422);
    expect(noGroups.json().errors[0].path).toBe('body.referenceDate');
  });

  it('counts the children who stay by the age they will have while next year has no placements yet', async () => {
    const town = await buildMunicipality(s);
    const k = (await buildOrganization(s, { territoryId: town, kind: 'preschool' })).id;
    const year = await academicYear(s, REF);
    const unit = await kindergartenGroup(s, k, year, { name: 'Младшая', ageFrom: 3, ageTo: 4, capacity: 5 });
    // Two attend now: one will be 3 on the reference date (stays, in the 3–4 group), one will be 5 (no group).
    await createLearner(s, region, k, { birthDate: '2024-02-01', documents: [] });
    await createLearner(s, region, k, { birthDate: '2022-02-01', documents: [] });
    const townSpecialist = await buildUser(s, 'municipal_specialist', town);
    const run = await call(townSpecialist, 'POST', '/allocation-runs', {
      municipalityId: town,
      kind: 'main',
      referenceDate: REF,
    });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json().groups).toEqual([
      expect.objectContaining({ unitId: unit, capacity: 5, enrolled: 1, held: 0, free: 4 }),
    ]);
  });

  it('twenty identical requests at once: one run, one start, one approval, one referral per placement', async () => {
    const town = await buildMunicipality(s);
    const k = (await buildOrganization(s, { territoryId: town, kind: 'preschool' })).id;
    const year = await academicYear(s, REF);
    await kindergartenGroup(s, k, year, { name: 'Младшая', ageFrom: 3, ageTo: 4, capacity: 2 });
    const townSpecialist = await buildUser(s, 'municipal_specialist', town);
    for (let i = 0; i < 3; i++)
      await fileQueueApplication(s, region, {
        municipalityId: town,
        preferences: [k],
        birthDate: '2024-04-01',
        desiredOn: REF,
      });
    const body = { municipalityId: town, kind: 'main', referenceDate: REF };
    const prepared = await Promise.all(
      Array.from({ length: 20 }, () => call(townSpecialist, 'POST', '/allocation-runs', body)),
    );
    expect(prepared.map((r) => r.statusCode).sort()).toEqual([201, ...Array(19).fill(409)]);
    const run = prepared.find((r) => r.statusCode === 201)!.json();
    const starts = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(townSpecialist, 'POST', `/allocation-runs/${run.id}/start`, { version: run.version }),
      ),
    );
    expect(starts.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(starts.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    let draft = run;
    for (let i = 0; i < 600 && draft.status !== 'draft'; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      draft = (await call(townSpecialist, 'GET', `/allocation-runs/${run.id}`)).json();
    }
    expect(draft.stats).toMatchObject({ applications: 3, placed: 2 });
    const approvals = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(townSpecialist, 'POST', `/allocation-runs/${run.id}/approve`, { version: draft.version }),
      ),
    );
    expect(approvals.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(approvals.every((r) => r.statusCode < 500)).toBe(true);
    const issued = await s.owner.query(`SELECT count(*)::int AS n FROM referrals WHERE run_id = $1`, [
      run.id,
    ]);
    expect(issued.rows[0].n).toBe(2);
  });
});
