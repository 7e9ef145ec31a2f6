import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDuplicateReport } from '../../src/server/modules/duplicates/run-duplicate-report.ts';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgId: string;
let operator: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  orgId = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  operator = await buildUser(s, 'org_operator', orgId);
});
afterAll(() => s.stop());

const similarity = async (a: string | null, b: string | null) =>
  (await s.owner.query('SELECT name_part_similarity($1, $2) AS v', [a, b])).rows[0].v as number | null;

const post = (payload: object) =>
  s.app.inject({ method: 'POST', url: '/api/v1/persons', headers: operator.headers, payload });

describe('name part similarity', () => {
  it('counts one swap of neighbouring letters as one edit, wherever it is', async () => {
    expect(await similarity('денис', 'денси')).toBeCloseTo(0.8, 5);
    expect(await similarity('денис', 'еднис')).toBeCloseTo(0.8, 5);
    expect(await similarity('иванов', 'ивнаов')).toBeCloseTo(5 / 6, 5);
    // Search keys are Latin; a swap may cross a one-byte and a two-byte character.
    expect(await similarity('denis', 'densi')).toBeCloseTo(0.8, 5);
    expect(await similarity('ivan-я', 'ivanя-')).toBeCloseTo(5 / 6, 5);
    expect(await similarity('егор', 'егро')).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps everything else as it was: other slips, non-matches, identical and empty names', async () => {
    expect(await similarity('денис', 'борис')).toBeLessThan(0.7);
    // A far swap and a letter moved by more than one place stay two edits, even when only two
    // positions differ.
    expect(await similarity('денис', 'сенид')).toBeCloseTo(0.6, 5);
    expect(await similarity('денис', 'енисд')).toBeCloseTo(0.6, 5);
    expect(await similarity('ааааб', 'баааа')).toBeCloseTo(0.6, 5);
    // One substitution and one deletion are one edit, as before.
    expect(await similarity('денис', 'дянис')).toBeCloseTo(0.8, 5);
    expect(await similarity('денис', 'днис')).toBeCloseTo(0.8, 5);
    expect(await similarity('денис', 'денис')).toBe(1);
    expect(await similarity('', '')).toBe(1);
    expect(await similarity('денис', '')).toBe(0);
    expect(await similarity('', 'денис')).toBe(0);
    expect(await similarity('денис', null)).toBeNull();
  });
});

describe('a name with two letters swapped', () => {
  it('is offered as a fuzzy candidate of the original on create; another name is not', async () => {
    const birthDate = '2014-06-17';
    const name = { lastName: 'Волков', middleName: 'Андреевич', birthDate };
    const original = await createLearner(s, operator, orgId, { ...name, firstName: 'Денис' });
    const swapped = await post(learnerInput(orgId, { ...name, firstName: 'Денси', documents: [] }));
    expect(swapped.statusCode, swapped.body).toBe(409);
    expect(swapped.json().code).toBe('duplicate_candidates');
    const candidate = swapped.json().candidates.find((c: { id: string }) => c.id === original.id);
    expect(candidate).toMatchObject({ inScope: true, displayName: 'Волков Денис Андреевич', birthDate });
    expect(candidate.score).toBeGreaterThanOrEqual(0.9);
    const other = await post(learnerInput(orgId, { ...name, firstName: 'Борис', documents: [] }));
    expect(other.statusCode, other.body).toBe(201);
  });

  it('is paired with the original by the regional duplicate report, in either name', async () => {
    const insert = async (last: string, first: string) => {
      const r = await s.owner.query(
        `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
         VALUES ($1, $2, 'Ильич', '2013-03-21', 'male') RETURNING id`,
        [last, first],
      );
      return r.rows[0].id as string;
    };
    const original = await insert('Котов', 'Егор');
    const firstSwapped = await insert('Котов', 'Егро');
    const lastSwapped = await insert('Ктоов', 'Егор');
    const run = await runDuplicateReport(s.database.db, { startedBy: null });
    const pairs = await s.owner.query(
      `SELECT person_a, person_b, score FROM duplicate_pairs
        WHERE run_id = $1 AND $2 IN (person_a, person_b)`,
      [run.runId, original],
    );
    const partners = pairs.rows.map((p) => (p.person_a === original ? p.person_b : p.person_a));
    expect(partners.sort()).toEqual([firstSwapped, lastSwapped].sort());
    for (const p of pairs.rows) expect(p.score).toBeGreaterThanOrEqual(0.8);
  });
});
