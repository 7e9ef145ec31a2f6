import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardInScope, personInScope } from '../../src/server/modules/persons/person-scope.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// The card is served from the person_cards read model (migration 0007). These tests change every
// table a card is assembled from and check that the card follows, in scope and in content.
let s: TestServer;
let regional: TestUser;
let specialistA: TestUser;
let specialistB: TestUser;
let orgA: string;
let orgB: string;
let munA: string;
let munB: string;

beforeAll(async () => {
  s = await startTestServer();
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  specialistB = await buildUser(s, 'municipal_specialist', munB);
  orgA = (await buildOrganization(s, { territoryId: munA })).id;
  orgB = (await buildOrganization(s, { territoryId: munB })).id;
});
afterAll(() => s.stop());

const inject = (u: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  s.app.inject({ method, url, headers: u.headers, ...(payload ? { payload } : {}) });
const card = async (u: TestUser, id: string) => {
  const res = await inject(u, 'GET', `/api/v1/persons/${id}`);
  return { status: res.statusCode, body: res.json() };
};

/** A learner of the organization with a newly registered mother (a different woman each time). */
async function withMother(organizationId = orgA) {
  const { learner, parentId, linkId } = await createLearnerWithParent(s, specialistA, organizationId, {
    parent: { lastName: 'Соколова', firstName: 'Анна', middleName: 'Игоревна' },
  });
  return { learner, motherId: parentId, linkId };
}

/** The read model as stored, with each card's organizations in a fixed order. */
async function readModel() {
  const r = await s.owner.query(
    `SELECT person_id, status, card::text AS card,
            ARRAY(SELECT x FROM unnest(scope_node_ids) x ORDER BY x)::text AS scope_node_ids
       FROM person_cards ORDER BY person_id`,
  );
  return r.rows;
}

describe('person card read model', () => {
  it("a representative becomes visible where their child is enrolled, and their edits show on the child's card", async () => {
    const { learner, motherId } = await withMother();
    expect((await card(specialistB, motherId)).status).toBe(404);
    expect((await card(specialistB, learner.id)).status).toBe(404);

    // Enrolling someone outside one's scope takes the holder's approval (test/api/no-widening.test.ts);
    // here the enrollment is written straight to the source table, which is what the card follows.
    await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2025-09-01')`,
      [learner.id, orgB],
    );
    expect((await card(specialistB, motherId)).status).toBe(200);
    const child = await card(specialistB, learner.id);
    expect(child.body.enrollments.map((e: { organizationId: string }) => e.organizationId).sort()).toEqual(
      [orgA, orgB].sort(),
    );

    const mother = await card(specialistA, motherId);
    const renamed = await inject(specialistA, 'PATCH', `/api/v1/persons/${motherId}`, {
      version: mother.body.version,
      lastName: 'Кузнецова',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await card(specialistA, learner.id)).body.representatives[0].person.lastName).toBe('Кузнецова');
  });

  it('a renamed organization shows its new name on the cards of its learners', async () => {
    const learner = await createLearner(s, specialistA, orgA);
    const org = await inject(regional, 'GET', `/api/v1/organizations/${orgA}`);
    const patched = await inject(regional, 'PATCH', `/api/v1/organizations/${orgA}`, {
      version: org.json().version,
      shortName: 'Школа № 1 имени нового названия',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await card(specialistA, learner.id)).body.enrollments[0].organizationName).toBe(
      'Школа № 1 имени нового названия',
    );
  });

  it('ending a link removes it from both cards and takes the representative out of the scope it gave', async () => {
    const { learner, motherId, linkId } = await withMother();
    expect((await card(specialistA, motherId)).status).toBe(200);
    const unlinked = await inject(
      specialistA,
      'DELETE',
      `/api/v1/persons/${learner.id}/representatives/${linkId}`,
    );
    expect(unlinked.statusCode, unlinked.body).toBe(204);
    expect((await card(specialistA, learner.id)).body.representatives).toEqual([]);
    expect((await card(specialistA, motherId)).status).toBe(404);
    const byRegion = await card(regional, motherId);
    expect(byRegion.status).toBe(200);
    expect(byRegion.body.represents).toEqual([]);
  });

  it('an organization moved to another municipality takes its learners and their parents into that scope', async () => {
    const school = (await buildOrganization(s, { territoryId: munA })).id;
    const { learner, motherId: parentId } = await withMother(school);
    expect((await card(specialistB, parentId)).status).toBe(404);
    await s.owner.query('UPDATE organizations SET territory_id = $1 WHERE id = $2', [munB, school]);
    expect((await card(specialistB, learner.id)).status).toBe(200);
    expect((await card(specialistB, parentId)).status).toBe(200);
    expect((await card(specialistA, learner.id)).status).toBe(404);
    expect((await card(specialistA, parentId)).status).toBe(404);
  });

  it('the cards kept by the triggers equal the cards assembled afresh from the tables', async () => {
    const before = await readModel();
    expect(before.length).toBeGreaterThan(4);
    const rebuilt = await s.owner.query('SELECT person_cards_rebuild() AS n');
    expect(Number(rebuilt.rows[0].n)).toBe(before.length);
    expect(await readModel()).toEqual(before);
  });

  it('both scope checks agree with the scope decided from enrollments and links, for every person and node', async () => {
    const nodes = (await s.owner.query('SELECT DISTINCT ancestor_id AS id FROM scope_closure')).rows;
    expect(nodes.length).toBeGreaterThan(4);
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
      // The rule itself, read straight from enrollments and links: the oracle for both derived checks.
      const rule = sql<boolean>`(EXISTS (SELECT 1 FROM enrollments e JOIN scope_closure c ON c.descendant_id = e.organization_id
          WHERE e.person_id = p.id AND c.ancestor_id = ${id}::uuid)
        OR EXISTS (SELECT 1 FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
          JOIN scope_closure c ON c.descendant_id = e.organization_id
          WHERE r.representative_id = p.id AND r.revoked_at IS NULL AND c.ancestor_id = ${id}::uuid))`;
      const disagree = await sql<{ id: string }>`
        SELECT p.id FROM persons p JOIN person_cards pc ON pc.person_id = p.id
         WHERE ${rule} IS DISTINCT FROM ${personInScope('p.id', grants)}
            OR ${rule} IS DISTINCT FROM ${cardInScope('pc.scope_node_ids', grants)}`.execute(
        s.app.services.db,
      );
      expect(disagree.rows, `scope node ${id}`).toEqual([]);
    }
    const seen = await s.owner.query(
      `SELECT count(*)::int AS n FROM person_cards WHERE cardinality(scope_node_ids) > 0`,
    );
    expect(seen.rows[0].n).toBeGreaterThan(4);
  });

  it('a bulk load may defer the triggers and rebuild once', async () => {
    const c = await s.owner.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SET LOCAL kontingent.person_cards = 'deferred'`);
      const p = await c.query(
        `INSERT INTO persons (last_name, first_name, birth_date, sex) VALUES ('Отложенная', 'Карточка', '2015-01-01', 'female')
         RETURNING id`,
      );
      const id = p.rows[0].id;
      const missing = await c.query('SELECT 1 FROM person_cards WHERE person_id = $1', [id]);
      expect(missing.rowCount).toBe(0);
      await c.query('SELECT person_cards_rebuild()');
      const present = await c.query(
        `SELECT card->>'lastName' AS name FROM person_cards WHERE person_id = $1`,
        [id],
      );
      expect(present.rows[0].name).toBe('Отложенная');
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
  });
});
