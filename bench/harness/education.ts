import type pg from 'pg';

/** The current academic year's id (2026/27) and the next one's, created if missing (promotion needs it). */
export async function academicYearIds(admin: pg.Client) {
  await admin.query(`INSERT INTO academic_years (starts_on, ends_on) VALUES ('2027-09-01', '2028-08-31')
                     ON CONFLICT (starts_on) DO NOTHING`);
  const r = await admin.query<{ starts_on: string; id: string }>(
    `SELECT starts_on::text, id FROM academic_years WHERE starts_on IN ('2026-09-01', '2027-09-01')`,
  );
  const of = (d: string) => r.rows.find((y) => y.starts_on === d)?.id;
  const current = of('2026-09-01');
  const next = of('2027-09-01');
  if (!current || !next) throw new Error('no academic year 2026/27: load the histories first');
  return { current, next };
}

/** A day of 2022-09-01 … 2026-12-03, the `i`-th of a fixed pseudo-random sequence. */
export function historyDate(i: number): string {
  const from = Date.UTC(2022, 8, 1);
  const days = (Date.UTC(2026, 11, 3) - from) / 86_400_000;
  const k = Math.imul(i + 1, 2654435761) >>> 0;
  return new Date(from + (k % (days + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** Schools with learners, largest first, in a fixed order. */
export async function schools(admin: pg.Client, limit: number): Promise<string[]> {
  const r = await admin.query<{ id: string }>(
    `SELECT e.organization_id AS id FROM enrollments e JOIN organizations o ON o.id = e.organization_id
      WHERE o.kind = 'school' AND e.ended_on IS NULL
      GROUP BY 1 ORDER BY md5(e.organization_id::text) LIMIT $1`,
    [limit],
  );
  if (r.rows.length === 0) throw new Error('no school with learners');
  return r.rows.map((x) => x.id);
}
