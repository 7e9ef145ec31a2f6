import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import {
  ARCHIVE_REASON,
  archiveReferenceDate,
  bornOnOrBefore,
  queueArchiveJob,
} from '../../src/server/modules/queue/applications/archive-school-age.job.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { api } from '../support/order-factories.ts';
import { createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let region: TestUser;
let spec: TestUser;
let specB: TestUser;
let mun: string;
let munB: string;
let kg: string;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  mun = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  kg = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  await buildOrganization(s, { territoryId: munB, kind: 'preschool' });
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  spec = await buildUser(s, 'municipal_specialist', mun);
  specB = await buildUser(s, 'municipal_specialist', munB);
});
afterAll(() => s.stop());

const runJob = () =>
  queueArchiveJob.run({
    id: 'test',
    params: {},
    attempt: 1,
    db: s.app.services.db,
    log: s.app.log as never,
    config: s.app.services.config,
    progress: async () => {},
    checkpoint: async () => {},
  });

const dayBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};
const dayAfter = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

async function filed(birthDate: string) {
  const { learner, parentId } = await createLearnerWithParent(s, region, null as unknown as string, {
    learner: { birthDate, documents: [] },
  });
  const res = await call(region, 'POST', '/preschool-applications', {
    municipalityId: mun,
    childId: learner.id,
    applicantId: parentId,
    desiredOn: dayAfter(birthDate),
    preferences: [kg],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; status: string };
}

const setStatus = (id: string, status: string, closed = false) =>
  s.owner.query(
    `UPDATE preschool_applications SET status = $2, closed_on = CASE WHEN $3 THEN current_date END WHERE id = $1`,
    [id, status, closed],
  );

describe('the age of school: reference date and cut-off', () => {
  it('counts on the 1 September that began the school year by default, or as configured', () => {
    expect(archiveReferenceDate('2026-08-31', 'school_year')).toBe('2025-09-01');
    expect(archiveReferenceDate('2026-09-01', 'school_year')).toBe('2026-09-01');
    expect(archiveReferenceDate('2026-01-15', 'next_september')).toBe('2026-09-01');
    expect(archiveReferenceDate('2026-09-01', 'next_september')).toBe('2027-09-01');
    expect(archiveReferenceDate('2026-03-04', 'today')).toBe('2026-03-04');
    // A birthday on the date counts; 29 February comes of age on 1 March in a common year.
    expect(bornOnOrBefore('2026-09-01', 7)).toBe('2019-09-01');
    expect(bornOnOrBefore('2027-02-28', 7)).toBe('2020-02-28');
    expect(bornOnOrBefore('2027-03-01', 7)).toBe('2020-03-01');
    expect(bornOnOrBefore('2028-02-29', 7)).toBe('2021-02-28');
    expect(bornOnOrBefore('2028-02-29', 8)).toBe('2020-02-29');
  });

  it('is configured with defaults and refuses bad values', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      queueArchiveCron: '40 0 * * *',
      queueArchiveAge: 7,
      queueArchiveReference: 'school_year',
      queueTransferAcceptWorkingDays: 3,
    });
    expect(loadConfig({ QUEUE_ARCHIVE_CRON: '' }).queueArchiveCron).toBeNull();
    expect(() => loadConfig({ QUEUE_ARCHIVE_AGE: '12' })).toThrow(/QUEUE_ARCHIVE_AGE/);
    expect(() => loadConfig({ QUEUE_ARCHIVE_REFERENCE: 'tomorrow' })).toThrow(/QUEUE_ARCHIVE_REFERENCE/);
    expect(() => loadConfig({ QUEUE_ARCHIVE_CRON: 'nightly' })).toThrow(/QUEUE_ARCHIVE_CRON/);
  });
});

describe('the nightly archiving of applications at school age', () => {
  it('archives waiting applications of children of school age, once, with the reason the parent reads', async () => {
    const today = dateInZone(new Date(), s.app.services.config.timeZone);
    const reference = archiveReferenceDate(today, s.app.services.config.queueArchiveReference);
    const cutoff = bornOnOrBefore(reference, 7);

    const ofAge = await filed(cutoff); // seven on the reference date, birthday included
    const older = await filed('2018-05-10');
    const younger = await filed(dayAfter(cutoff)); // six on the reference date
    const underReview = await filed(dayBefore(cutoff));
    await setStatus(underReview.id, 'under_review');
    const wantsChange = await filed('2018-11-30');
    await setStatus(wantsChange.id, 'wants_change');
    const referred = await filed('2018-06-01');
    await setStatus(referred.id, 'referred');
    const enrolled = await filed('2018-07-01');
    await setStatus(enrolled.id, 'enrolled', true);
    // An open transfer request of an archived application is cancelled with it.
    const moving = await call(spec, 'POST', `/preschool-applications/${older.id}/transfers`, {
      toMunicipalityId: munB,
      reason: 'Переезд',
      version: older.version,
    });
    expect(moving.statusCode, moving.body).toBe(201);

    const result = await runJob();
    expect(result).toEqual({ archived: 4, reference, cutoff });
    const state = async (id: string) =>
      (await s.owner.query('SELECT status, closed_on::text FROM preschool_applications WHERE id = $1', [id]))
        .rows[0];
    for (const a of [ofAge, older, underReview, wantsChange])
      expect(await state(a.id), a.id).toEqual({ status: 'archived', closed_on: today });
    expect(await state(younger.id)).toEqual({ status: 'queued', closed_on: null });
    expect(await state(referred.id)).toEqual({ status: 'referred', closed_on: null });
    expect((await state(enrolled.id)).status).toBe('enrolled');

    const card = (await call(spec, 'GET', `/preschool-applications/${ofAge.id}`)).json();
    expect(card).toMatchObject({ status: 'archived', epguCode: 10 });
    expect(card.events.at(-1)).toMatchObject({
      kind: 'archived_by_age',
      status: 'archived',
      reason: ARCHIVE_REASON,
    });
    const transfer = (await call(specB, 'GET', '/preschool-application-transfers?direction=incoming')).json();
    expect(transfer.items.find((t: { id: string }) => t.id === moving.json().id).status).toBe('cancelled');

    // Idempotent: nothing is left to archive, and no event is written twice.
    expect(await runJob()).toEqual({ archived: 0, reference, cutoff });
    const events = await s.owner.query(
      `SELECT count(*)::int AS n FROM preschool_application_events WHERE kind = 'archived_by_age'`,
    );
    expect(events.rows[0].n).toBe(4);
    // The jobs screen reads the count.
    expect(queueArchiveJob.summarize({ archived: 4, reference })).toContain('4');
  });
});
