import { expect } from 'vitest';
import type { TestUser } from './factories.ts';
import type { TestServer } from './server.ts';

/** The academic year that starts on the given date (created once per database). */
export async function academicYear(s: TestServer, startsOn: string) {
  const ends = `${Number(startsOn.slice(0, 4)) + 1}-08-31`;
  const r = await s.owner.query(
    `INSERT INTO academic_years (starts_on, ends_on) VALUES ($1, $2)
     ON CONFLICT (starts_on) DO UPDATE SET ends_on = EXCLUDED.ends_on RETURNING id`,
    [startsOn, ends],
  );
  return r.rows[0].id as string;
}

export async function programme(s: TestServer, organizationId: string, level = 'ooo') {
  const spo = level === 'spo';
  const r = await s.owner.query(
    `INSERT INTO education_programmes (organization_id, name, level, duration_months, focus, spo_type, okso_code,
       qualification, base_grade, additional_kind)
     VALUES ($1, $2, $3, 60, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      organizationId,
      `Программа ${level}`,
      level,
      level === 'additional' ? 'technical' : null,
      spo ? 'specialist' : null,
      spo ? '09.02.07' : null,
      spo ? 'Программист' : null,
      spo ? 9 : null,
      level === 'additional' ? 'general_developing' : null,
    ],
  );
  return r.rows[0].id as string;
}

export async function unit(
  s: TestServer,
  organizationId: string,
  yearId: string,
  name: string,
  opts: { grade?: number; capacity?: number; kind?: string } = {},
) {
  const r = await s.owner.query(
    `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     -- A seeded organization (the demo school in browser tests) may have the class already.
     ON CONFLICT (organization_id, academic_year_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [
      organizationId,
      yearId,
      opts.kind ?? 'class',
      name,
      opts.grade ?? 5,
      name.slice(-1),
      opts.capacity ?? 25,
    ],
  );
  return r.rows[0].id as string;
}

export const api = (s: TestServer) => ({
  call: (u: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    s.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: u.headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    }),
});

/** Creates and signs an order, expecting both to succeed; returns the signed order. */
export async function signedOrder(s: TestServer, u: TestUser, body: Record<string, unknown>) {
  const { call } = api(s);
  const created = await call(u, 'POST', '/orders', {
    number: `${Math.floor(Math.random() * 1e6)}-у`,
    ...body,
  });
  expect(created.statusCode, created.body).toBe(201);
  const o = created.json();
  const signed = await call(u, 'POST', `/orders/${o.id}/sign`, { version: o.version });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json() as { id: string; version: number; movements: { id: string; enrollmentId: string }[] };
}

/** Everything the registry says about a learner's enrollments, for exact before/after comparisons. */
export async function historySnapshot(s: TestServer, personIds: string[]) {
  const q = async (text: string) => (await s.owner.query(text, [personIds])).rows;
  return {
    enrollments:
      await q(`SELECT id, organization_id, programme_id, level, education_form, funding, started_on, ended_on
                            FROM enrollments WHERE person_id = ANY($1) ORDER BY id`),
    periods: await q(`SELECT p.id, p.enrollment_id, p.status, p.valid_from, p.valid_to, p.movement_id
                        FROM enrollment_status_periods p JOIN enrollments e ON e.id = p.enrollment_id
                       WHERE e.person_id = ANY($1) ORDER BY p.id`),
    placements: await q(`SELECT p.id, p.enrollment_id, p.unit_id, p.valid_from, p.valid_to, p.movement_id
                           FROM placements p JOIN enrollments e ON e.id = p.enrollment_id
                          WHERE e.person_id = ANY($1) ORDER BY p.id`),
    access: await q(`SELECT * FROM person_access WHERE learner_id = ANY($1) ORDER BY 1, 2, 3`),
  };
}

/**
 * A correction entered later: the learner's only enrollment ends on `on` instead (its «enrolled» period
 * closes and its «exited» one opens that day), as a data correction of the dated history would leave it.
 * Answers the enrollment's id.
 */
export async function backdateEnd(s: TestServer, personId: string, on: string) {
  const e = await s.owner.query(`SELECT id FROM enrollments WHERE person_id = $1`, [personId]);
  const id = e.rows[0].id as string;
  await s.owner.query(
    `UPDATE enrollment_status_periods SET valid_to = $2 WHERE enrollment_id = $1 AND status = 'enrolled'`,
    [id, on],
  );
  await s.owner.query(
    `UPDATE enrollment_status_periods SET valid_from = $2 WHERE enrollment_id = $1 AND status = 'exited'`,
    [id, on],
  );
  const after = await s.owner.query(`SELECT ended_on::text AS ended_on FROM enrollments WHERE id = $1`, [id]);
  expect(after.rows[0].ended_on).toBe(on);
  return id;
}
