import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildMunicipality } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/*
 * A statement trigger's queries over its transition tables must be planned for the rows at hand. A static
 * PL/pgSQL statement is planned once per connection, for the transition tables of the trigger's first run
 * there; an approval of 71,800 applications then ran a one-row nested loop for minutes (0040).
 */

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

/** The function's text with its string literals (plain and dollar-quoted) and comments taken out. */
function codeOutsideStrings(src: string): string {
  return src
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, ' ')
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/--[^\n]*/g, ' ');
}

test('every trigger function reads new_rows and old_rows only in dynamic SQL', async () => {
  const fns = await s.owner.query<{ name: string; src: string }>(`
    SELECT DISTINCT p.proname AS name, p.prosrc AS src
      FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE t.tgnewtable IS NOT NULL OR t.tgoldtable IS NOT NULL`);
  expect(fns.rows.length).toBeGreaterThan(10);
  const static_ = fns.rows.filter((f) => /\b(new_rows|old_rows)\b/.test(codeOutsideStrings(f.src)));
  expect(static_.map((f) => f.name)).toEqual([]);
  // The check sees through the quoting: a body that does name them outside a string is caught.
  expect(codeOutsideStrings("BEGIN PERFORM f(ARRAY(SELECT id FROM new_rows)); EXECUTE 'x'; END")).toMatch(
    /new_rows/,
  );
});

test('a large update after a one-row update in the same connection is planned for its size', async () => {
  const mun = await buildMunicipality(s);
  const oktmo = (await s.owner.query(`SELECT oktmo FROM territories WHERE id = $1`, [mun])).rows[0].oktmo;
  await s.owner.query(
    `WITH kids AS (
       SELECT g, gen_random_uuid() AS child, gen_random_uuid() AS parent FROM generate_series(1, 3000) g),
     p AS (
       INSERT INTO persons (id, last_name, first_name, birth_date, sex)
       SELECT child, 'Планов', 'Иван', date '2024-03-01' + g % 300, 'male' FROM kids
       UNION ALL SELECT parent, 'Планова', 'Анна', date '1990-03-01', 'female' FROM kids
       RETURNING 1)
     INSERT INTO preschool_applications (number, arrival_no, registered_at, municipality_id, child_id,
                                         applicant_id, desired_on, accepts_alternatives, status, filed_by)
     SELECT $2 || '-' || n, n, now() - g * interval '1 hour', $1, child, parent, date '2027-09-01', true,
            'queued', 'operator'
       FROM (SELECT kids.*, nextval('preschool_application_arrival_seq') AS n FROM kids) k`,
    [mun, oktmo],
  );
  const c = await s.owner.connect();
  const plans: string[] = [];
  c.on('notice', (n) => plans.push(n.message ?? ''));
  try {
    await c.query(`LOAD 'auto_explain'`);
    await c.query(`SET auto_explain.log_min_duration = 0`);
    await c.query(`SET auto_explain.log_nested_statements = on`);
    await c.query(`SET auto_explain.log_level = notice`);
    await c.query(
      `UPDATE preschool_applications SET updated_at = now()
        WHERE id = (SELECT id FROM preschool_applications WHERE municipality_id = $1 LIMIT 1)`,
      [mun],
    );
    plans.length = 0;
    const big = await c.query(
      `UPDATE preschool_applications SET updated_at = now() WHERE municipality_id = $1`,
      [mun],
    );
    expect(big.rowCount).toBe(3000);
  } finally {
    c.release();
  }
  // The access refresh joins the two 3,000-row tuplestores by id: by hash or merge, not pair by pair.
  const joins = plans.filter((p) => /LATERAL \(VALUES \(n\.child_id\)/.test(p));
  expect(joins.length).toBe(1);
  const plan = joins[0]!.slice(joins[0]!.indexOf('plan:'));
  expect(plan).toMatch(/(Hash|Merge) Cond: \((n\.id = o\.id|o\.id = n\.id)\)/);
  expect(plan).not.toMatch(/Join Filter: \((n\.id = o\.id|o\.id = n\.id)\)/);
});
