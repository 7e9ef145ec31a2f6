import fc from 'fast-check';
import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personInScope } from '../../src/server/modules/persons/person-scope.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Access to a person is decided by person_access (migration 0009), kept from enrollments and links in
// the same transaction under advisory locks. These tests race writers against each other and then
// compare the relation, and every scope check, with the rule computed from the source tables.
const GRACE = 30;
let s: TestServer;
let regional: TestUser;
let specialistA: TestUser;
let specialistB: TestUser;
let schoolA: TestUser;
let munA: string;
let munB: string;
let orgs: string[];
/** Organizations the property test moves between municipalities; the other tests keep theirs. */
let raceOrgs: string[];

beforeAll(async () => {
  s = await startTestServer({ DATABASE_POOL_SIZE: '12', ACCESS_GRACE_DAYS: String(GRACE) });
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  specialistB = await buildUser(s, 'municipal_specialist', munB);
  orgs = [];
  for (const mun of [munA, munA, munB, munB])
    orgs.push((await buildOrganization(s, { territoryId: mun })).id);
  schoolA = await buildUser(s, 'org_operator', orgs[0]!);
  raceOrgs = [];
  for (const mun of [munA, munA, munB, munB])
    raceOrgs.push((await buildOrganization(s, { territoryId: mun })).id);
  for (const o of raceOrgs)
    await s.owner.query(
      `INSERT INTO education_programmes (organization_id, name, level, duration_months)
       VALUES ($1, 'Основная образовательная программа ООО', 'ooo', 60)`,
      [o],
    );
});
afterAll(() => s.stop());

const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });

/** Runs fn in a transaction on its own connection of the app's pool, again on a deadlock. */
async function inTx(fn: (c: pg.PoolClient) => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    const c = await s.app.services.pool.connect();
    try {
      await c.query('BEGIN');
      await fn(c);
      await c.query('COMMIT');
      return;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      const code = (err as { code?: string }).code;
      // An identical active enrollment or link already exists, or a second school on the same dates (the
      // exclusion constraint of 0025): the write is refused whole, a no-op for the relation.
      if (code === '23505' || code === '23P01') return;
      // A deadlock victim is rolled back whole and run again, as withTransaction does, after a jittered
      // pause so that the same pair of workers does not collide again at once.
      if ((code !== '40P01' && code !== '40001') || attempt >= 30) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    } finally {
      c.release();
    }
  }
}

/** Differences between person_access as kept and as the rule gives it afresh. */
async function relationDiff() {
  const r = await s.owner.query(`
    SELECT 'extra' AS side, * FROM (SELECT node_id, person_id, learner_id, last_day FROM person_access
                                    EXCEPT SELECT * FROM person_access_rule(NULL)) x
    UNION ALL
    SELECT 'missing', * FROM (SELECT * FROM person_access_rule(NULL)
                              EXCEPT SELECT node_id, person_id, learner_id, last_day FROM person_access) y`);
  return r.rows;
}

/** For every scope node: persons where personInScope disagrees with the rule read from the sources. */
async function scopeDisagreements() {
  const nodes = (await s.owner.query('SELECT DISTINCT ancestor_id AS id FROM scope_closure')).rows;
  const out: { node: string; person: string }[] = [];
  for (const { id } of nodes) {
    const grants = [
      {
        assignmentId: 'x',
        role: 'municipal_specialist' as const,
        scopeNodeId: id,
        scopeName: null,
        healthAccess: false,
      },
    ];
    const live = sql`(e.ended_on IS NULL OR e.ended_on >= current_date - ${GRACE}::int)`;
    const rule = sql<boolean>`(EXISTS (SELECT 1 FROM enrollments e JOIN scope_closure c ON c.descendant_id = e.organization_id
        WHERE e.person_id = p.id AND c.ancestor_id = ${id}::uuid AND ${live})
      OR EXISTS (SELECT 1 FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
        JOIN scope_closure c ON c.descendant_id = e.organization_id
        WHERE r.representative_id = p.id AND r.revoked_at IS NULL AND c.ancestor_id = ${id}::uuid AND ${live}))`;
    const rows = await sql<{ id: string }>`
      SELECT p.id FROM persons p WHERE ${rule} IS DISTINCT FROM ${personInScope('p.id', grants)}`.execute(
      s.app.services.db,
    );
    for (const r of rows.rows) out.push({ node: id, person: r.id });
  }
  return out;
}

type Op =
  | { kind: 'enroll'; p: number; org: number; start: number }
  | { kind: 'exit'; p: number; daysAgo: number }
  | { kind: 'drop'; p: number }
  | { kind: 'link'; p: number; q: number }
  | { kind: 'unlink'; p: number }
  | { kind: 'edit'; p: number; name: string }
  | { kind: 'enrollAndEditParent'; p: number; org: number }
  | { kind: 'move'; org: number }
  | { kind: 'orderEnroll'; p: number; org: number; start: number }
  | { kind: 'orderExit'; p: number; daysAgo: number }
  | { kind: 'orderCancel'; p: number }
  | { kind: 'massOrder'; org: number; daysAgo: number };

const PERSONS = 40;
/** Enrollments ended by mass orders (counted per attempt: a rolled-back one may count twice). */
let massExited = 0;
const person = fc.nat(PERSONS - 1);
const org = fc.nat(3);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('enroll' as const), p: person, org, start: fc.nat(400) }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('exit' as const), p: person, daysAgo: fc.nat(80) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), p: person }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('link' as const), p: person, q: person }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('unlink' as const), p: person }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      p: person,
      name: fc.constantFrom('Иванов', 'Петров', 'Сидоров'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enrollAndEditParent' as const), p: person, org }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), org }) },
  // Orders write status periods; the enrollment dates that access reads are their projection (0026).
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('orderEnroll' as const), p: person, org, start: fc.nat(400) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('orderExit' as const), p: person, daysAgo: fc.nat(80) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('orderCancel' as const), p: person }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('massOrder' as const), org, daysAgo: fc.nat(80) }),
  },
);

async function apply(op: Op, ids: string[]) {
  const id = (n: number) => ids[n]!;
  await inTx(async (c) => {
    switch (op.kind) {
      case 'enroll':
        await c.query(
          `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, current_date - $3::int)`,
          [id(op.p), raceOrgs[op.org], op.start],
        );
        break;
      case 'exit':
        // Enrollments made before orders are still ended by a direct write (a merge, an import); those
        // made by orders only through their periods.
        await c.query(
          `UPDATE enrollments SET ended_on = greatest(started_on, current_date - $2::int)
            WHERE id = (SELECT id FROM enrollments WHERE person_id = $1 AND ended_on IS NULL AND programme_id IS NULL
                         ORDER BY id LIMIT 1)`,
          [id(op.p), op.daysAgo],
        );
        break;
      case 'drop':
        await c.query(
          `DELETE FROM enrollments
            WHERE id = (SELECT id FROM enrollments WHERE person_id = $1 AND programme_id IS NULL ORDER BY id LIMIT 1)`,
          [id(op.p)],
        );
        break;
      case 'link':
        if (op.p === op.q) return;
        await c.query(
          `INSERT INTO representations (learner_id, representative_id, relation) VALUES ($1, $2, 'guardian')`,
          [id(op.p), id(op.q)],
        );
        break;
      case 'unlink':
        await c.query(
          `UPDATE representations SET revoked_at = now()
            WHERE id = (SELECT id FROM representations WHERE learner_id = $1 AND revoked_at IS NULL ORDER BY id LIMIT 1)`,
          [id(op.p)],
        );
        break;
      case 'edit':
        await c.query('UPDATE persons SET last_name = $2, version = version + 1 WHERE id = $1', [
          id(op.p),
          op.name,
        ]);
        break;
      case 'enrollAndEditParent':
        // Two statements in one transaction, locking the learner and then the parent's card: the
        // interleaving that lost an enrollment from the card before access had a relation of its own.
        await c.query(
          `UPDATE persons SET first_name = 'Правка', version = version + 1
            WHERE id IN (SELECT representative_id FROM representations WHERE learner_id = $1 AND revoked_at IS NULL)`,
          [id(op.p)],
        );
        await c.query(
          `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, current_date - 10)`,
          [id(op.p), raceOrgs[op.org]],
        );
        break;
      case 'orderEnroll':
        // As a signed enrollment order writes it: a programme enrollment with its first period.
        await c.query(
          `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on)
           SELECT $1, p.organization_id, p.id, current_date - $3::int FROM education_programmes p
            WHERE p.organization_id = $2`,
          [id(op.p), raceOrgs[op.org], op.start],
        );
        break;
      case 'orderExit': {
        // As an exit line is applied: the open period ends, an exited period opens on the same day.
        const open = await c.query(
          `SELECT p.id, p.enrollment_id, greatest(p.valid_from + 1, current_date - $2::int) AS d
             FROM enrollment_status_periods p JOIN enrollments e ON e.id = p.enrollment_id
            WHERE e.person_id = $1 AND e.programme_id IS NOT NULL AND p.valid_to IS NULL AND p.status <> 'exited'
            ORDER BY p.id LIMIT 1 FOR UPDATE OF e`,
          [id(op.p), op.daysAgo],
        );
        const row = open.rows[0];
        if (!row) return;
        await c.query('UPDATE enrollment_status_periods SET valid_to = $2 WHERE id = $1', [row.id, row.d]);
        await c.query(
          `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from) VALUES ($1, 'exited', $2)`,
          [row.enrollment_id, row.d],
        );
        break;
      }
      case 'orderCancel': {
        // As the cancellation of that exit undoes it: the exited period goes, the one before reopens.
        const ended = await c.query(
          `SELECT p.id, p.enrollment_id, p.valid_from FROM enrollment_status_periods p
             JOIN enrollments e ON e.id = p.enrollment_id
            WHERE e.person_id = $1 AND e.programme_id IS NOT NULL AND p.status = 'exited'
            ORDER BY p.id LIMIT 1 FOR UPDATE OF e`,
          [id(op.p)],
        );
        const row = ended.rows[0];
        if (!row) return;
        await c.query('DELETE FROM enrollment_status_periods WHERE id = $1', [row.id]);
        await c.query(
          'UPDATE enrollment_status_periods SET valid_to = NULL WHERE enrollment_id = $1 AND valid_to = $2',
          [row.enrollment_id, row.valid_from],
        );
        break;
      }
      case 'massOrder': {
        // As a year-end run graduates a whole school: every open period of its programme enrollments ends
        // in one statement and an exited period opens in another. The bulk threshold is lowered so these
        // few learners take the bulk path (class locks, one projection statement) of a region's run (0031).
        await c.query(`SET LOCAL kontingent.person_refresh_bulk = '1'`);
        const closed = await c.query(
          `UPDATE enrollment_status_periods p SET valid_to = greatest(p.valid_from + 1, current_date - $2::int)
             FROM enrollments e
            WHERE e.id = p.enrollment_id AND e.organization_id = $1 AND e.programme_id IS NOT NULL
              AND p.valid_to IS NULL AND p.status <> 'exited'
           RETURNING p.enrollment_id, p.valid_to`,
          [raceOrgs[op.org], op.daysAgo],
        );
        massExited += closed.rowCount ?? 0;
        await c.query(
          `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from)
           SELECT x.enrollment_id, 'exited', x.valid_to
             FROM jsonb_to_recordset($1::jsonb) AS x(enrollment_id uuid, valid_to date)`,
          [JSON.stringify(closed.rows)],
        );
        break;
      }
      case 'move':
        await c.query(
          `UPDATE organizations SET territory_id = CASE WHEN territory_id = $2 THEN $3::uuid ELSE $2::uuid END
            WHERE id = $1`,
          [raceOrgs[op.org], munA, munB],
        );
        break;
    }
  });
}

describe('person access under concurrent writes', () => {
  it('after 1,040 random operations by 8 workers at once, the relation and every scope check equal the rule', async () => {
    const ids: string[] = [];
    for (let i = 0; i < PERSONS; i++) {
      const r = await s.owner.query(
        `INSERT INTO persons (last_name, first_name, birth_date, sex) VALUES ('Гонка', $1, '2012-01-01', 'male') RETURNING id`,
        [`Номер${i}`],
      );
      ids.push(r.rows[0].id);
    }
    const workers = fc.sample(fc.array(opArb, { minLength: 130, maxLength: 130 }), {
      numRuns: 8,
      seed: Date.now() % 1e9,
    });
    const total = workers.reduce((n, w) => n + w.length, 0);
    expect(total).toBeGreaterThanOrEqual(1000);
    await Promise.all(
      workers.map(async (ops) => {
        for (const op of ops) await apply(op, ids);
      }),
    );
    const counts = await s.owner.query(
      `SELECT (SELECT count(*) FROM enrollments)::int AS e, (SELECT count(*) FROM person_access)::int AS a`,
    );
    expect(counts.rows[0].e).toBeGreaterThan(50);
    expect(counts.rows[0].a).toBeGreaterThan(50);
    const ordered = await s.owner.query(
      `SELECT count(*) FILTER (WHERE e.programme_id IS NOT NULL)::int AS programme,
              count(*) FILTER (WHERE e.programme_id IS NOT NULL AND e.ended_on IS NOT NULL)::int AS exited
         FROM enrollments e`,
    );
    expect(ordered.rows[0].programme).toBeGreaterThan(10);
    expect(ordered.rows[0].exited).toBeGreaterThan(0);
    expect(massExited).toBeGreaterThan(1);
    expect(await relationDiff()).toEqual([]);
    expect(await scopeDisagreements()).toEqual([]);
    // The cards, a display cache, also end up as a fresh assembly would make them.
    const cards = async () =>
      (await s.owner.query('SELECT person_id, card::text FROM person_cards ORDER BY person_id')).rows;
    const kept = await cards();
    await s.owner.query('SELECT person_cards_rebuild()');
    expect(kept).toEqual(await cards());
  }, 600_000);

  it('an enrollment racing an edit of the parent leaves both schools seeing the learner (finding 7)', async () => {
    const { learner, parentId } = await createLearnerWithParent(s, specialistA, orgs[0]!);
    const t1 = await s.app.services.pool.connect();
    const t2 = await s.app.services.pool.connect();
    try {
      await t1.query('BEGIN');
      await t2.query('BEGIN');
      await t1.query(
        `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2025-09-01')`,
        [learner.id, orgs[2]],
      );
      const edit = t2.query(`UPDATE persons SET last_name = 'Гонкина' WHERE id = $1`, [parentId]);
      await new Promise((r) => setTimeout(r, 100));
      await t1.query('COMMIT');
      await edit;
      await t2.query('COMMIT');
    } finally {
      t1.release();
      t2.release();
    }
    const byB = await get(specialistB, `/api/v1/persons/${learner.id}`);
    expect(byB.statusCode).toBe(200);
    expect(byB.json().enrollments).toHaveLength(2);
    expect(byB.json().representatives[0].person.lastName).toBe('Гонкина');
    expect((await get(specialistB, `/api/v1/persons/${parentId}`)).statusCode).toBe(200);
  });

  it('an unlink racing an edit leaves the former representative out of scope (finding 7)', async () => {
    const { learner, parentId, linkId } = await createLearnerWithParent(s, specialistA, orgs[0]!);
    const t1 = await s.app.services.pool.connect();
    const t2 = await s.app.services.pool.connect();
    try {
      await t1.query('BEGIN');
      await t2.query('BEGIN');
      await t2.query(`UPDATE persons SET first_name = 'Правленая' WHERE id = $1`, [learner.id]);
      const unlink = t1.query('UPDATE representations SET revoked_at = now() WHERE id = $1', [linkId]);
      await new Promise((r) => setTimeout(r, 100));
      await t2.query('COMMIT');
      await unlink;
      await t1.query('COMMIT');
    } finally {
      t1.release();
      t2.release();
    }
    expect((await get(specialistA, `/api/v1/persons/${parentId}`)).statusCode).toBe(404);
    expect((await get(specialistA, `/api/v1/persons/${learner.id}`)).json().representatives).toEqual([]);
    expect(await relationDiff()).toEqual([]);
  });
});

describe('dated access after an exit', () => {
  async function exited(daysAgo: number) {
    const { learner, parentId } = await createLearnerWithParent(s, schoolA, orgs[0]!);
    await s.owner.query(
      `UPDATE enrollments SET started_on = current_date - 400, ended_on = current_date - $2::int
      WHERE person_id = $1`,
      [learner.id, daysAgo],
    );
    return { learnerId: learner.id, parentId };
  }

  it('within the grace period the former organization keeps full access, family included', async () => {
    const { learnerId, parentId } = await exited(GRACE - 5);
    const res = await get(schoolA, `/api/v1/persons/${learnerId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().access).toBe('full');
    expect(res.json().documents.length).toBeGreaterThan(0);
    expect(res.json().representatives).toHaveLength(1);
    expect((await get(schoolA, `/api/v1/persons/${parentId}`)).statusCode).toBe(200);
  });

  it('after the grace period it sees identity and its own past enrollment only, and may not edit', async () => {
    const { learnerId, parentId } = await exited(GRACE + 5);
    // The learner has since moved to a school of another municipality.
    await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, current_date - 10)`,
      [learnerId, orgs[2]],
    );
    const res = await get(schoolA, `/api/v1/persons/${learnerId}`);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.access).toBe('archival');
    expect([c.lastName, c.firstName, c.birthDate].every(Boolean)).toBe(true);
    expect(c.snils).toBeNull();
    expect(c.documents).toEqual([]);
    expect(c.addresses).toEqual([]);
    expect(c.contacts).toEqual([]);
    expect(c.representatives).toEqual([]);
    expect(c.enrollments.map((e: { organizationId: string }) => e.organizationId)).toEqual([orgs[0]]);
    expect(c.allowedActions).toEqual([]);
    expect((await get(schoolA, `/api/v1/persons/${parentId}`)).statusCode).toBe(404);
    const patch = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${learnerId}`,
      headers: schoolA.headers,
      payload: { version: c.version, lastName: 'Чужая' },
    });
    expect(patch.statusCode).toBe(404);
    // The new school's municipality sees everything.
    const byB = await get(specialistB, `/api/v1/persons/${learnerId}`);
    expect(byB.json().access).toBe('full');
    expect(byB.json().enrollments).toHaveLength(2);
  });

  it("a parent's card shows only the children within the reader's scope (finding 5)", async () => {
    const { learner, parentId } = await createLearnerWithParent(s, schoolA, orgs[0]!);
    const sibling = await createLearner(s, specialistB, orgs[2]!, {
      lastName: 'Сиблингова',
      firstName: 'Вера',
    });
    const linked = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${sibling.id}/representatives`,
      headers: regional.headers,
      payload: { relation: 'mother', representativeId: parentId },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    expect((await get(schoolA, `/api/v1/persons/${sibling.id}`)).statusCode).toBe(404);
    const parent = await get(schoolA, `/api/v1/persons/${parentId}`);
    expect(parent.statusCode).toBe(200);
    expect(parent.json().represents.map((r: { person: { id: string } }) => r.person.id)).toEqual([
      learner.id,
    ]);
    for (const secret of [sibling.id, 'Сиблингова', sibling.snils as string]) {
      expect(parent.body).not.toContain(secret);
    }
    const byRegion = await get(regional, `/api/v1/persons/${parentId}`);
    expect(byRegion.json().represents).toHaveLength(2);
  });

  it('a school never sees a learner who was never enrolled there', async () => {
    const other = await createLearner(s, specialistB, orgs[2]!);
    expect((await get(schoolA, `/api/v1/persons/${other.id}`)).statusCode).toBe(404);
    expect((await get(regional, `/api/v1/persons/${other.id}`)).statusCode).toBe(200);
  });
});
