import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  organizationInput,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let munA: string;
let orgA: string;
let orgA2: string;
let orgB: string;
let specialistA: TestUser;
let medicA: TestUser;
let regional: TestUser;
let analyst: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: munA })).id;
  orgA2 = (await buildOrganization(s, { territoryId: munA })).id;
  orgB = (await buildOrganization(s, { territoryId: munB })).id;
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  medicA = await buildUser(s, 'municipal_specialist', munA, { healthAccess: true });
  const region = await buildRegion(s);
  regional = await buildUser(s, 'regional_operator', region);
  analyst = await buildUser(s, 'analyst', region);
});
afterAll(() => s.stop());

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);
const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });
const post = (u: TestUser, url: string, payload?: object) =>
  s.app.inject({ method: 'POST', url, headers: u.headers, ...(payload ? { payload } : {}) });
const version = async (id: string) =>
  (await q('SELECT version FROM persons WHERE id = $1', [id])).rows[0].version as number;
/** The two records study at two schools: the clerk keeps the merged record's school. */
const merge = async (u: TestUser, survivorId: string, mergedId: string) =>
  post(u, `/api/v1/persons/${survivorId}/merge`, {
    mergedId,
    reason: 'Один и тот же ребенок, записан дважды',
    version: await version(survivorId),
    mergedVersion: await version(mergedId),
    keepEnrollmentIds: (
      await q(`SELECT id FROM enrollments WHERE person_id = $1 AND ended_on IS NULL`, [mergedId])
    ).rows.map((r) => r.id as string),
  });

const HEALTH_TABLES = ['person_health', 'person_disabilities', 'person_special_needs'];
const namesHealth = (body: string) => HEALTH_TABLES.some((t) => body.includes(t));

/** Every row of the persons and of the health tables that names the ids, for exact comparisons. */
async function snapshot(ids: string[]) {
  const out: Record<string, unknown[]> = {};
  for (const t of ['persons', 'enrollments', ...HEALTH_TABLES]) {
    const col = t === 'persons' ? 'id' : 'person_id';
    const r = await q(
      `SELECT to_jsonb(x) - 'version' - 'updated_at' - 'updated_by' AS row FROM ${t} x
        WHERE ${col} = ANY($1::uuid[]) ORDER BY to_jsonb(x)::text`,
      [ids],
    );
    out[t] = r.rows.map((x) => x.row);
  }
  return out;
}

/** Two records of one child; the second carries a ПМПК conclusion, a disability and a health record. */
async function childPair(org1 = orgA, org2 = orgA2) {
  const a = await createLearner(s, specialistA, org1, { snils: undefined });
  const b = await createLearner(s, org2 === orgB ? regional : specialistA, org2, { snils: undefined });
  await q(`INSERT INTO person_health (person_id, health_group, pe_group) VALUES ($1, 3, 'preparatory')`, [
    b.id,
  ]);
  await q(
    `INSERT INTO person_disabilities (person_id, category, valid_from, ipra_number)
     VALUES ($1, 'child', '2022-01-01', '77')`,
    [b.id],
  );
  await q(
    `INSERT INTO person_special_needs (person_id, pmpk_date, pmpk_number, recommended_program)
     VALUES ($1, '2023-03-03', '12/3', 'АООП')`,
    [b.id],
  );
  return { a, b };
}

const healthRowsOf = async (id: string) => {
  const out: Record<string, number> = {};
  for (const t of HEALTH_TABLES) {
    out[t] = (await q(`SELECT count(*)::int AS n FROM ${t} WHERE person_id = $1`, [id])).rows[0].n;
  }
  return out;
};

describe('merge and health (finding 4)', () => {
  it('without the health permission health rows stay on the merged record and no output names them', async () => {
    const { a, b } = await childPair();
    const before = await snapshot([a.id, b.id]);
    const res = await merge(specialistA, a.id, b.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(namesHealth(res.body)).toBe(false);
    expect(res.json().merge.moved).toMatchObject({ enrollments: { moved: 1 } });
    // The ПМПК conclusion, the disability and the health record did not move to the other child.
    expect(await healthRowsOf(b.id)).toEqual({
      person_health: 1,
      person_disabilities: 1,
      person_special_needs: 1,
    });
    expect(await healthRowsOf(a.id)).toEqual({
      person_health: 0,
      person_disabilities: 0,
      person_special_needs: 0,
    });
    const merges = await get(specialistA, `/api/v1/persons/${a.id}/merges`);
    expect(merges.statusCode).toBe(200);
    expect(merges.json().items).toHaveLength(1);
    expect(namesHealth(merges.body)).toBe(false);
    const versions = await get(specialistA, `/api/v1/persons/${a.id}/versions`);
    expect(versions.statusCode).toBe(200);
    expect(versions.json().items[0].action).toBe('merge');
    expect(namesHealth(versions.body)).toBe(false);
    const v = await get(specialistA, `/api/v1/persons/${a.id}/versions/${versions.json().items[0].version}`);
    expect(v.statusCode).toBe(200);
    expect(namesHealth(v.body)).toBe(false);
    const audit = await auditRows(s, `action = 'person.merge' AND object_id = $1`, [a.id]);
    expect(namesHealth(JSON.stringify(audit[0].details))).toBe(false);

    const undo = await post(specialistA, `/api/v1/merges/${res.json().merge.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(namesHealth(undo.body)).toBe(false);
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });

  it('with the health permission health rows move and are named, but only to readers with it', async () => {
    const { a, b } = await childPair();
    const before = await snapshot([a.id, b.id]);
    const res = await merge(medicA, a.id, b.id);
    expect(res.statusCode, res.body).toBe(201);
    const moved = res.json().merge.moved;
    expect(moved).toMatchObject({
      enrollments: { moved: 1 },
      person_health: { moved: 1 },
      person_disabilities: { moved: 1 },
      person_special_needs: { moved: 1 },
    });
    expect(await healthRowsOf(a.id)).toEqual({
      person_health: 1,
      person_disabilities: 1,
      person_special_needs: 1,
    });
    const mergeId = res.json().merge.id as string;
    const asMedic = await get(medicA, `/api/v1/persons/${a.id}/merges`);
    expect(asMedic.json().items[0].moved.person_special_needs).toEqual({ moved: 1 });
    const medicVersions = await get(medicA, `/api/v1/persons/${a.id}/versions`);
    expect(medicVersions.body).toContain('person_special_needs');

    // The same merge read by a colleague without the permission: the summaries name no health table.
    const asSpecialist = await get(specialistA, `/api/v1/persons/${a.id}/merges`);
    expect(asSpecialist.statusCode).toBe(200);
    const withoutHealth = Object.fromEntries(
      Object.entries(moved).filter(([table]) => !HEALTH_TABLES.includes(table)),
    );
    expect(asSpecialist.json().items[0].moved).toEqual(withoutHealth);
    for (const url of [`/api/v1/persons/${a.id}/versions`, `/api/v1/persons/${a.id}/versions/2`]) {
      const r = await get(specialistA, url);
      expect(r.statusCode, url).toBe(200);
      expect(namesHealth(r.body), url).toBe(false);
    }
    // Undoing would move the health rows back: it needs the permission too; the refusal changes nothing.
    const refused = await post(specialistA, `/api/v1/merges/${mergeId}/undo`);
    expect(refused.statusCode).toBe(403);
    expect(namesHealth(refused.body)).toBe(false);
    expect(
      await auditRows(s, `action = 'person.merge_undo' AND outcome = 'denied' AND object_id = $1`, [mergeId]),
    ).toHaveLength(1);
    expect(await healthRowsOf(a.id)).toMatchObject({ person_special_needs: 1 });
    const undo = await post(medicA, `/api/v1/merges/${mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });

  it('a merge with a record outside the full scope answers 404, is audited as denied and changes nothing', async () => {
    const { a, b } = await childPair(orgA, orgB);
    const before = await snapshot([a.id, b.id]);
    for (const [survivor, merged, denied] of [
      [a.id, b.id, b.id],
      [b.id, a.id, b.id],
    ] as const) {
      const res = await merge(medicA, survivor, merged);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('not_found');
      expect(res.body).not.toContain(b.id);
      expect(
        await auditRows(s, `action = 'person.merge' AND outcome = 'denied' AND object_id = $1`, [denied]),
      ).not.toHaveLength(0);
    }
    expect(await snapshot([a.id, b.id])).toEqual(before);
    expect(
      (await q(`SELECT count(*)::int AS n FROM person_merges WHERE survivor_id = $1`, [a.id])).rows[0].n,
    ).toBe(0);
  });
});

describe('organization history (finding 12)', () => {
  it('the analyst sees no head name or phone in history; the regional operator does', async () => {
    const head = { fullName: 'Сидорова Анна Львовна', position: 'Директор', phone: '+7 (3952) 11-22-33' };
    const created = await post(regional, '/api/v1/organizations', { ...organizationInput(munA), head });
    expect(created.statusCode, created.body).toBe(201);
    const org = created.json();
    const patch = (version: number, body: object) =>
      s.app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${org.id}`,
        headers: regional.headers,
        payload: { version, ...body },
      });
    const phoneOnly = await patch(1, { head: { ...head, phone: '+7 (3952) 44-55-66' } });
    expect(phoneOnly.statusCode, phoneOnly.body).toBe(200);
    const newHead = {
      fullName: 'Петров Олег Ильич',
      position: 'И. о. директора',
      phone: '+7 (3952) 77-88-99',
    };
    const renamed = await patch(2, { head: newHead, capacity: 900 });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const PERSONAL = ['Сидорова', 'Петров', '11-22-33', '44-55-66', '77-88-99'];
    const asAnalyst = await get(analyst, `/api/v1/organizations/${org.id}/history`);
    expect(asAnalyst.statusCode).toBe(200);
    for (const p of PERSONAL) expect(asAnalyst.body, p).not.toContain(p);
    const items = asAnalyst.json().items as {
      version: number;
      changes: { field: string; after: unknown }[];
    }[];
    expect(items.map((i) => i.version)).toEqual([3, 2, 1]);
    // The phone-only change shows nothing of the head; the later one shows the new position and capacity.
    expect(items[1]!.changes.map((c) => c.field)).toEqual([]);
    expect(items[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'head', before: { position: 'Директор' }, after: { position: 'И. о. директора' } },
        { field: 'capacity', before: null, after: 900 },
      ]),
    );
    expect(items[2]!.changes.find((c) => c.field === 'head')!.after).toEqual({ position: 'Директор' });

    const asRegional = await get(regional, `/api/v1/organizations/${org.id}/history`);
    expect(asRegional.statusCode).toBe(200);
    for (const p of PERSONAL) expect(asRegional.body, p).toContain(p);
  });
});
