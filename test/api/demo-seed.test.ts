import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../src/server/modules/auth/dev-esia/demo-citizens.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ DEMO_ACCOUNTS: 'true', DEMO_LEARNERS: '2000' });
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

/** The organization a demo account administers. */
async function accountOrganization(login: string): Promise<string> {
  const r = await s.owner.query<{ scope_node_id: string }>(
    `SELECT ra.scope_node_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.login = $1`,
    [login],
  );
  return r.rows[0]?.scope_node_id ?? '';
}

describe('demo seed', () => {
  it('loads generated learners with representatives, documents and enrollments', async () => {
    const r = await s.owner.query<Record<string, string>>(`SELECT
        (SELECT count(*) FROM persons) AS persons,
        (SELECT count(DISTINCT person_id) FROM enrollments) AS learners,
        (SELECT count(*) FROM representations) AS representations,
        (SELECT count(*) FROM person_documents) AS documents,
        (SELECT count(*) FROM persons WHERE snils IS NOT NULL) AS with_snils,
        (SELECT count(*) FROM consents WHERE purpose = 'health_data') AS consents`);
    const row = r.rows[0] as Record<string, string>;
    // 2000 learners, ~0.5% planted duplicates and the demo citizens' 5 children.
    expect(Number(row.learners)).toBeGreaterThanOrEqual(2005);
    expect(Number(row.learners)).toBeLessThan(2040);
    expect(Number(row.persons)).toBeGreaterThan(3000);
    expect(Number(row.representations)).toBeGreaterThan(2700);
    expect(Number(row.documents)).toBeGreaterThan(3000);
    expect(Number(row.with_snils) / Number(row.persons)).toBeGreaterThan(0.85);
    expect(Number(row.consents)).toBeGreaterThan(100);
    const seed = await s.owner.query(`SELECT 1 FROM app_settings WHERE key = 'demo_seeded'`);
    expect(seed.rowCount).toBe(1);
  });

  it('makes each demo citizen an active parent of children in the demo school and kindergarten', async () => {
    const school = await accountOrganization('school');
    const kindergarten = await accountOrganization('kindergarten');
    const seen = new Set<string>();
    for (const c of DEMO_CITIZENS) {
      const persons = await s.owner.query<{
        id: string;
        last_name: string;
        first_name: string;
        middle_name: string;
      }>(
        `SELECT id, last_name, first_name, middle_name FROM persons WHERE snils = $1 AND status = 'active'`,
        [c.snils],
      );
      expect(persons.rows).toHaveLength(1);
      const parent = persons.rows[0] as {
        id: string;
        last_name: string;
        first_name: string;
        middle_name: string;
      };
      expect([parent.last_name, parent.first_name, parent.middle_name]).toEqual([
        c.familyName,
        c.givenName,
        c.middleName,
      ]);
      const children = await s.owner.query<{ learner_id: string; relation: string; organization_id: string }>(
        `SELECT r.learner_id, r.relation, e.organization_id FROM representations r
           JOIN enrollments e ON e.person_id = r.learner_id
          WHERE r.representative_id = $1 AND r.revoked_at IS NULL`,
        [parent.id],
      );
      const learners = new Set(children.rows.map((x) => x.learner_id));
      expect(learners.size).toBeGreaterThanOrEqual(1);
      expect(learners.size).toBeLessThanOrEqual(2);
      const relation = /(вна|чна)$/.test(c.middleName) ? 'mother' : 'father';
      expect(children.rows.every((x) => x.relation === relation)).toBe(true);
      for (const x of children.rows) seen.add(x.organization_id);
      const consents = await s.owner.query(
        `SELECT 1 FROM consents k JOIN person_health h ON h.person_id = k.subject_id
          WHERE k.representative_id = $1 AND k.purpose = 'health_data' AND k.revoked_on IS NULL
            AND k.subject_id = ANY($2::uuid[])`,
        [parent.id, [...learners]],
      );
      expect(consents.rowCount).toBeGreaterThanOrEqual(1);
    }
    expect(seen.has(school)).toBe(true);
    expect(seen.has(kindergarten)).toBe(true);
  });
});
