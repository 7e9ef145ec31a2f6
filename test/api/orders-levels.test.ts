import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { academicYear, api, programme, signedOrder, unit } from '../support/order-factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// What differs by level of education: academic leave and reinstatement in СПО, many programmes at once in
// additional education, and the outcomes recorded at the end (ДО mastery, СПО employment).
let s: TestServer;
let call: ReturnType<typeof api>['call'];
let college: string;
let club: string;
let collegeOp: TestUser;
let clubOp: TestUser;
let spo: string;
let robotics: string;
let chess: string;
let studyGroup: string;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  const m = await buildMunicipality(s);
  college = (await buildOrganization(s, { territoryId: m, kind: 'vocational' })).id;
  club = (await buildOrganization(s, { territoryId: m, kind: 'additional' })).id;
  collegeOp = await buildUser(s, 'org_operator', college);
  clubOp = await buildUser(s, 'org_operator', club);
  const year = await academicYear(s, '2026-09-01');
  spo = await programme(s, college, 'spo');
  robotics = await programme(s, club, 'additional');
  chess = await programme(s, club, 'additional');
  studyGroup = await unit(s, college, year, 'ИС-21', { kind: 'study_group', grade: 0 });
});
afterAll(() => s.stop());

async function student() {
  const l = await createLearner(s, collegeOp, college);
  const o = await signedOrder(s, collegeOp, {
    organizationId: college,
    kind: 'enrollment',
    orderDate: '2026-09-01',
    movements: [
      { kind: 'enrollment', personId: l.id, effectiveOn: '2026-09-01', programmeId: spo, unitId: studyGroup },
    ],
  });
  return { personId: l.id, enrollmentId: o.movements[0]!.enrollmentId };
}

const status = async (enrollmentId: string) =>
  (
    await q(`SELECT status FROM enrollment_status_periods WHERE enrollment_id = $1 AND valid_to IS NULL`, [
      enrollmentId,
    ])
  )[0]?.status;

describe('СПО', () => {
  it('grants academic leave, counts the student during it, and returns them', async () => {
    const { personId, enrollmentId } = await student();
    await signedOrder(s, collegeOp, {
      organizationId: college,
      kind: 'academic_leave',
      orderDate: '2026-10-01',
      movements: [
        {
          kind: 'academic_leave',
          personId,
          enrollmentId,
          effectiveOn: '2026-10-01',
          leaveUntil: '2027-03-01',
        },
      ],
    });
    expect(await status(enrollmentId)).toBe('academic_leave');
    const twice = await call(collegeOp, 'POST', '/orders', {
      organizationId: college,
      kind: 'academic_leave',
      number: 'x',
      orderDate: '2026-10-02',
      movements: [{ kind: 'academic_leave', personId, enrollmentId, effectiveOn: '2026-10-02' }],
    });
    const refused = await call(collegeOp, 'POST', `/orders/${twice.json().id}/sign`, { version: 1 });
    expect(refused.statusCode).toBe(422);
    await signedOrder(s, collegeOp, {
      organizationId: college,
      kind: 'academic_leave',
      orderDate: '2026-11-02',
      movements: [{ kind: 'return', personId, enrollmentId, effectiveOn: '2026-11-02' }],
    });
    expect(await status(enrollmentId)).toBe('enrolled');
    const periods = await q(
      `SELECT status, valid_from, valid_to FROM enrollment_status_periods WHERE enrollment_id = $1 ORDER BY valid_from`,
      [enrollmentId],
    );
    expect(periods.map((p) => p.status)).toEqual(['enrolled', 'academic_leave', 'enrolled']);
  });

  it('graduates with a diploma and the employment, and reinstates an expelled student as a new enrollment', async () => {
    const a = await student();
    const grad = await signedOrder(s, collegeOp, {
      organizationId: college,
      kind: 'graduation',
      orderDate: '2026-11-30',
      movements: [
        {
          kind: 'graduation',
          personId: a.personId,
          enrollmentId: a.enrollmentId,
          effectiveOn: '2026-11-30',
          document: {
            kind: 'diploma_spo',
            series: '113824',
            number: '0012345',
            regNumber: '512',
            issuedOn: '2026-11-30',
            honours: true,
          },
          employment: { form: 'employed', employer: 'ООО «Иркутскэнерго»', quotaJob: false },
        },
      ],
    });
    expect(grad.movements[0]).toMatchObject({ exitReason: 'GRADUATED' });
    expect(
      await q(`SELECT employer, employment_form, honours FROM movements WHERE id = $1`, [
        grad.movements[0]!.id,
      ]),
    ).toEqual([{ employer: 'ООО «Иркутскэнерго»', employment_form: 'employed', honours: true }]);
    const b = await student();
    await signedOrder(s, collegeOp, {
      organizationId: college,
      kind: 'exit',
      orderDate: '2026-10-15',
      movements: [
        {
          kind: 'exit',
          personId: b.personId,
          enrollmentId: b.enrollmentId,
          effectiveOn: '2026-10-15',
          exitReason: 'ACADEMIC_FAILURE_PROF',
        },
      ],
    });
    const back = await signedOrder(s, collegeOp, {
      organizationId: college,
      kind: 'reinstatement',
      orderDate: '2026-11-16',
      movements: [
        {
          kind: 'reinstatement',
          personId: b.personId,
          effectiveOn: '2026-11-16',
          programmeId: spo,
          unitId: studyGroup,
        },
      ],
    });
    expect(back.movements[0]!.enrollmentId).not.toBe(b.enrollmentId);
    expect(
      await q(`SELECT started_on, ended_on FROM enrollments WHERE person_id = $1 ORDER BY started_on`, [
        b.personId,
      ]),
    ).toEqual([
      { started_on: '2026-09-01', ended_on: '2026-10-15' },
      { started_on: '2026-11-16', ended_on: null },
    ]);
  });
});

describe('additional education', () => {
  it('allows several programmes at once, one enrollment per programme, and records mastery at the end', async () => {
    const l = await createLearner(s, clubOp, club);
    const first = await signedOrder(s, clubOp, {
      organizationId: club,
      kind: 'enrollment',
      orderDate: '2026-09-10',
      movements: [
        {
          kind: 'enrollment',
          personId: l.id,
          effectiveOn: '2026-09-10',
          programmeId: robotics,
          funding: 'certificate',
        },
      ],
    });
    await signedOrder(s, clubOp, {
      organizationId: club,
      kind: 'enrollment',
      orderDate: '2026-09-11',
      movements: [
        {
          kind: 'enrollment',
          personId: l.id,
          effectiveOn: '2026-09-11',
          programmeId: chess,
          funding: 'contract',
        },
      ],
    });
    const again = await call(clubOp, 'POST', '/orders', {
      organizationId: club,
      kind: 'enrollment',
      number: 'd',
      orderDate: '2026-09-12',
      movements: [{ kind: 'enrollment', personId: l.id, effectiveOn: '2026-09-12', programmeId: robotics }],
    });
    const dup = await call(clubOp, 'POST', `/orders/${again.json().id}/sign`, { version: 1 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].code).toBe('already_enrolled');
    expect(
      await q(`SELECT funding FROM enrollments WHERE person_id = $1 AND ended_on IS NULL ORDER BY funding`, [
        l.id,
      ]),
    ).toEqual([{ funding: 'certificate' }, { funding: 'contract' }]);
    const done = await signedOrder(s, clubOp, {
      organizationId: club,
      kind: 'graduation',
      orderDate: '2026-11-30',
      movements: [
        {
          kind: 'graduation',
          personId: l.id,
          enrollmentId: first.movements[0]!.enrollmentId,
          effectiveOn: '2026-11-30',
          mastery: 'full',
          document: { kind: 'certificate_additional', number: 'Р-17', issuedOn: '2026-11-30' },
        },
      ],
    });
    expect(
      await q(`SELECT mastery, document_number FROM movements WHERE id = $1`, [done.movements[0]!.id]),
    ).toEqual([{ mastery: 'full', document_number: 'Р-17' }]);
  });
});
