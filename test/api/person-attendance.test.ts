import { randomUUID } from 'node:crypto';
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
let municipal: TestUser;
let healthOperator: TestUser;
let otherMunicipal: TestUser;
let org: string;
let learner: string;

const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });

/** Days as an e-journal would have sent them (written directly: the intake has tests of its own). */
async function day(person: string, date: string, status: 'present' | 'absent', reason: string | null = null) {
  await s.owner.query(
    `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, lessons_scheduled,
                                  lessons_missed, lessons_unexcused, source_system, source_id, batch_id)
     VALUES ($1, $2, $3, $4, $5, 6, $6, $7, 'Сетевой Город', $8, $9)`,
    [
      org,
      person,
      date,
      status,
      reason,
      status === 'absent' ? 6 : 0,
      reason === 'unexcused' ? 6 : 0,
      randomUUID(),
      randomUUID(),
    ],
  );
}

async function mark(
  person: string,
  year: string,
  kind: string,
  subject: string,
  grade: string,
  period?: number,
) {
  await s.owner.query(
    `INSERT INTO learner_results (organization_id, person_id, academic_year, kind, period_type, period_number,
                                  subject, scale, grade, graded_on, source_system, source_id, batch_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'five_point', $8, $9, 'Сетевой Город', $10, $11)`,
    [
      org,
      person,
      year,
      kind,
      period ? 'quarter' : null,
      period ?? null,
      subject,
      grade,
      `${year.slice(5)}-05-25`,
      randomUUID(),
      randomUUID(),
    ],
  );
}

beforeAll(async () => {
  s = await startTestServer();
  await buildRegion(s);
  const mun = await buildMunicipality(s);
  const otherMun = await buildMunicipality(s);
  org = (await buildOrganization(s, { territoryId: mun })).id;
  municipal = await buildUser(s, 'municipal_specialist', mun);
  healthOperator = await buildUser(s, 'org_operator', org, { healthAccess: true });
  otherMunicipal = await buildUser(s, 'municipal_specialist', otherMun);
  learner = (await createLearner(s, municipal, org)).id;
  await day(learner, '2026-10-01', 'present');
  await day(learner, '2026-10-02', 'absent', 'illness');
  await day(learner, '2026-10-05', 'absent', 'unexcused');
  await day(learner, '2026-10-06', 'absent', 'valid');
  await day(learner, '2026-11-02', 'present');
  await mark(learner, '2025/2026', 'annual', 'Математика', '4');
  await mark(learner, '2026/2027', 'period', 'Математика', '5', 1);
  await mark(learner, '2026/2027', 'period', 'Русский язык', '3', 1);
});
afterAll(() => s.stop());

describe('GET /api/v1/persons/:id/attendance', () => {
  it('lists the days of a span with totals; illness is a valid absence to a reader without health access', async () => {
    const res = await get(municipal, `/api/v1/persons/${learner}/attendance?from=2026-10-01&to=2026-10-31`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.days.map((d: { date: string; reason: string | null }) => [d.date, d.reason])).toEqual([
      ['2026-10-01', null],
      ['2026-10-02', 'valid'],
      ['2026-10-05', 'unexcused'],
      ['2026-10-06', 'valid'],
    ]);
    expect(body.healthVisible).toBe(false);
    expect(body.totals).toMatchObject({
      days: 4,
      present: 1,
      absentIllness: null,
      absentValid: 2,
      absentUnexcused: 1,
      lessonsMissed: 18,
      lessonsUnexcused: 6,
    });
    expect(body.organizations).toEqual([{ id: org, name: expect.any(String) }]);
    const audit = await auditRows(s, `actor_user_id = $1 AND action = 'person.attendance.read'`, [
      municipal.id,
    ]);
    expect(audit.length).toBe(1);
    expect(audit[0].subject_ids).toEqual([learner]);
  });

  it('shows the illness to a reader with the health permission over the learner', async () => {
    const res = await get(
      healthOperator,
      `/api/v1/persons/${learner}/attendance?from=2026-10-01&to=2026-10-31`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().healthVisible).toBe(true);
    expect(res.json().totals).toMatchObject({ absentIllness: 1, absentValid: 1 });
    expect(res.json().days[1].reason).toBe('illness');
  });

  it('refuses another municipality (404, audited as denied), a reversed or too long span, and malformed input', async () => {
    const other = await get(otherMunicipal, `/api/v1/persons/${learner}/attendance`);
    expect(other.statusCode).toBe(404);
    const denied = await auditRows(
      s,
      `actor_user_id = $1 AND action = 'person.attendance.read' AND outcome = 'denied'`,
      [otherMunicipal.id],
    );
    expect(denied.length).toBe(1);
    const reversed = await get(
      municipal,
      `/api/v1/persons/${learner}/attendance?from=2026-10-31&to=2026-10-01`,
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors[0]).toMatchObject({ path: 'query.from', code: 'range' });
    const long = await get(municipal, `/api/v1/persons/${learner}/attendance?from=2024-01-01&to=2026-10-01`);
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].path).toBe('query.to');
    const bad = await get(municipal, `/api/v1/persons/${learner}/attendance?from=2026-13-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/from/);
    const nul = await get(municipal, `/api/v1/persons/${learner}/attendance?from=2026-10-01%00`);
    expect(nul.statusCode).toBe(400);
    const upper = await get(
      municipal,
      `/api/v1/persons/${learner.toUpperCase()}/attendance?from=2026-10-01&to=2026-10-31`,
    );
    // An upper-case id names the same learner.
    expect(upper.statusCode).toBe(200);
    expect(upper.json().days.length).toBe(4);
  });
});

describe('GET /api/v1/persons/:id/results', () => {
  it('gives the latest year with marks by default, any year on request, and the years that have any', async () => {
    const res = await get(municipal, `/api/v1/persons/${learner}/results`);
    expect(res.statusCode).toBe(200);
    expect(res.json().academicYears).toEqual(['2026/2027', '2025/2026']);
    expect(res.json().academicYear).toBe('2026/2027');
    expect(res.json().items.map((i: { subject: string; grade: string }) => [i.subject, i.grade])).toEqual([
      ['Математика', '5'],
      ['Русский язык', '3'],
    ]);
    const past = await get(municipal, `/api/v1/persons/${learner}/results?academicYear=2025/2026`);
    expect(past.json().items).toEqual([
      expect.objectContaining({ kind: 'annual', subject: 'Математика', grade: '4' }),
    ]);
    const bad = await get(municipal, `/api/v1/persons/${learner}/results?academicYear=2026`);
    expect(bad.statusCode).toBe(400);
    expect((await get(otherMunicipal, `/api/v1/persons/${learner}/results`)).statusCode).toBe(404);
  });
});

describe('GET /api/v1/organizations/:id/attendance-months', () => {
  it('counts days by month and reason, with empty months in the span and no names', async () => {
    const res = await get(
      municipal,
      `/api/v1/organizations/${org}/attendance-months?from=2026-09&to=2026-11`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().months).toEqual([
      {
        month: '2026-09',
        learners: 0,
        days: 0,
        present: 0,
        absentIllness: 0,
        absentValid: 0,
        absentUnexcused: 0,
        rate: null,
      },
      {
        month: '2026-10',
        learners: 1,
        days: 4,
        present: 1,
        absentIllness: 1,
        absentValid: 1,
        absentUnexcused: 1,
        rate: 0.25,
      },
      {
        month: '2026-11',
        learners: 1,
        days: 1,
        present: 1,
        absentIllness: 0,
        absentValid: 0,
        absentUnexcused: 0,
        rate: 1,
      },
    ]);
    expect(JSON.stringify(res.json())).not.toContain(learner);
    expect((await get(otherMunicipal, `/api/v1/organizations/${org}/attendance-months`)).statusCode).toBe(
      404,
    );
    const long = await get(
      municipal,
      `/api/v1/organizations/${org}/attendance-months?from=2023-01&to=2026-11`,
    );
    expect(long.statusCode).toBe(400);
    expect(
      (await get(municipal, `/api/v1/organizations/${org}/attendance-months?from=2026-13`)).statusCode,
    ).toBe(400);
  });
});
