import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/browser.ts';
import { type ChildServer, startChildServer } from '../support/child-server.ts';
import { csv, row } from '../support/contingent-import-files.ts';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { academicYear, programme, unit } from '../support/order-factories.ts';
import { startTestServer } from '../support/server.ts';

// The acceptance test of the import's durability: the server is killed (SIGKILL, no shutdown hook)
// while an import writes its rows, started again on the same database, and the import must finish
// there with every row decided exactly once: no learner created twice, none lost.

/** Enough rows that the import takes several chunks: the kill lands in the middle (under 3,000: the
 * test rows' birth dates repeat after that, and a repeat is a near-match). */
const ROWS = 2500;

let dbUrl: string;
let owner: pg.Pool;
let operator: TestUser;
let org: string;
const children: ChildServer[] = [];

beforeAll(async () => {
  const seeded = await startTestServer();
  dbUrl = seeded.dbUrl;
  org = (await buildOrganization(seeded, { territoryId: await buildMunicipality(seeded) })).id;
  operator = await buildUser(seeded, 'org_operator', org);
  await programme(seeded, org, 'ooo');
  await unit(seeded, org, await academicYear(seeded, '2026-09-01'), '5А');
  await seeded.stop();
  owner = new pg.Pool({ connectionString: dbUrl, max: 2 });
});

afterAll(async () => {
  for (const c of children) await c.kill();
  await owner?.end();
});

type View = { id: string; status: string; totalRows: number; processedRows: number; created: number };

describe('a contingent import survives a killed server', () => {
  it('killed half-way, it resumes after the restart from its last committed chunk and writes each row once', async () => {
    const port = await freePort();
    let server = await startChildServer(dbUrl, port);
    children.push(server);
    // Sessions live in the database: the user signed in on the seeding server works on every server.
    const headers = operator.headers;
    const rows = Array.from({ length: ROWS }, () => row({ 'Представитель: фамилия': '' }));
    const up = await fetch(`${server.base}/api/v1/contingent-imports?fileName=big.csv`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: csv(rows),
    });
    expect(up.status).toBe(202);
    const { id } = (await up.json()) as View;
    const read = async (): Promise<View> => {
      const r = await fetch(`${server.base}/api/v1/contingent-imports/${id}`, { headers });
      expect(r.status).toBe(200);
      return (await r.json()) as View;
    };

    // Kill as soon as a few chunks are committed.
    let v: View | null = null;
    for (let i = 0; i < 6000 && !(v && v.processedRows >= 200); i++) {
      v = await read();
      if (v.status === 'completed' || v.status === 'failed') break;
      await new Promise((ok) => setTimeout(ok, 10));
    }
    await server.kill();
    expect(v?.status).toBe('running');

    // What the dead server left: the checkpoint and the decided rows agree, chunk for chunk.
    const atKill = (
      await owner.query(
        `SELECT i.next_row, i.created, i.status,
                (SELECT count(*)::int FROM contingent_import_rows r WHERE r.import_id = i.id AND r.outcome IS NOT NULL) AS decided,
                (SELECT count(*)::int FROM enrollments e WHERE e.organization_id = i.organization_id) AS enrollments
           FROM contingent_imports i WHERE i.id = $1`,
        [id],
      )
    ).rows[0];
    expect(atKill.status).toBe('running');
    expect(atKill.next_row).toBeGreaterThan(0);
    expect(atKill.next_row).toBeLessThan(ROWS);
    expect(atKill.decided).toBe(atKill.next_row);
    expect(atKill.enrollments).toBe(atKill.created);

    // The same database, a new process: the job is taken up again and continues after the checkpoint.
    server = await startChildServer(dbUrl, port);
    children.push(server);
    for (let i = 0; i < 3000; i++) {
      v = await read();
      if (v.status === 'completed' || v.status === 'failed') break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(v).toMatchObject({ status: 'completed', totalRows: ROWS, processedRows: ROWS, created: ROWS });

    // Once: every learner of the file is one person with one enrollment, and nothing else was created.
    const snils = rows.map((r) => r[6]!.replace(/\D/g, ''));
    const persons = await owner.query(
      `SELECT p.snils, count(DISTINCT p.id)::int AS persons, count(e.id)::int AS enrollments
         FROM persons p LEFT JOIN enrollments e ON e.person_id = p.id AND e.organization_id = $2
        WHERE p.snils = ANY($1) GROUP BY p.snils`,
      [snils, org],
    );
    expect(persons.rows).toHaveLength(ROWS);
    expect(persons.rows.every((r) => r.persons === 1 && r.enrollments === 1)).toBe(true);
    const all = await owner.query(`SELECT count(*)::int AS n FROM enrollments WHERE organization_id = $1`, [
      org,
    ]);
    expect(all.rows[0].n).toBe(ROWS);
    const job = await owner.query(
      `SELECT b.attempts FROM background_jobs b JOIN contingent_imports i ON i.job_id = b.id WHERE i.id = $1`,
      [id],
    );
    expect(job.rows[0].attempts).toBeGreaterThanOrEqual(2);
    await server.stop();
  });
});
