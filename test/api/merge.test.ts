import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let orgA2: string;
let orgB: string;
let operatorA: TestUser;
let specialistA: TestUser;
let specialistB: TestUser;
let regional: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  const munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: munA })).id;
  orgA2 = (await buildOrganization(s, { territoryId: munA })).id;
  orgB = (await buildOrganization(s, { territoryId: munB })).id;
  operatorA = await buildUser(s, 'org_operator', orgA);
  // With the health permission: the full merge below moves health rows too (without it they stay).
  specialistA = await buildUser(s, 'municipal_specialist', munA, { healthAccess: true });
  specialistB = await buildUser(s, 'municipal_specialist', munB);
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
});
afterAll(() => s.stop());

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);
const inject = (
  u: TestUser | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => s.app.inject({ method, url, ...(u ? { headers: u.headers } : {}), ...(payload ? { payload } : {}) });
const merge = (
  u: TestUser | null,
  survivor: { id: string; version: number },
  merged: { id: string; version: number },
  keepEnrollmentIds?: string[],
) =>
  inject(u, 'POST', `/api/v1/persons/${survivor.id}/merge`, {
    mergedId: merged.id,
    reason: 'Одна и та же ученица, записана дважды',
    version: survivor.version,
    mergedVersion: merged.version,
    ...(keepEnrollmentIds ? { keepEnrollmentIds } : {}),
  });
const enrollmentOf = async (personId: string) =>
  (await q('SELECT id FROM enrollments WHERE person_id = $1 AND ended_on IS NULL', [personId])).rows[0]
    .id as string;
const version = async (id: string) =>
  (await q('SELECT version FROM persons WHERE id = $1', [id])).rows[0].version;

// Every table merge and undo touch, with the columns that name persons.
const TABLES: [string, string[]][] = [
  ['person_documents', ['person_id']],
  ['person_addresses', ['person_id']],
  ['person_contacts', ['person_id']],
  ['person_hardships', ['person_id']],
  ['representations', ['learner_id', 'representative_id']],
  ['enrollments', ['person_id']],
  ['consents', ['subject_id', 'representative_id']],
  ['person_health', ['person_id']],
  ['person_disabilities', ['person_id']],
  ['person_special_needs', ['person_id']],
];

/**
 * Every row of every table above that names either person, all columns, in a fixed order; persons rows
 * without version, updated_at and updated_by: undo is itself a new version by its actor (history keeps
 * one row per version, so the number cannot go back).
 */
async function snapshot(ids: string[]) {
  const out: Record<string, unknown[]> = {};
  out.persons = (
    await q(
      `SELECT to_jsonb(p) - 'version' - 'updated_at' - 'updated_by' AS row FROM persons p
        WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    )
  ).rows.map((r) => r.row);
  for (const [table, refs] of TABLES) {
    const where = refs.map((c) => `${c} = ANY($1::uuid[])`).join(' OR ');
    const r = await q(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE ${where} ORDER BY to_jsonb(t)::text`, [
      ids,
    ]);
    out[table] = r.rows.map((x) => x.row);
  }
  return out;
}

const PHONE = { kind: 'phone', value: '+79001112233' };

/** Two records of one girl, each with the data a real duplicate accumulates, linked in every way. */
async function duplicatePair() {
  const survivor = await createLearner(s, specialistA, orgA, { snils: undefined, contacts: [PHONE] });
  const merged = await createLearner(s, specialistA, orgA2, {
    contacts: [PHONE, { kind: 'email', value: 'girl@example.ru' }],
    addresses: [
      {
        kind: 'registration',
        text: 'Иркутская обл., г. Иркутск, ул. Ленина, д. 1, кв. 2',
        oktmo: '25701000',
      },
      { kind: 'actual', text: 'Иркутская обл., г. Ангарск, мкр. 7, д. 3', oktmo: '25703000' },
    ],
  });
  const sDoc = (survivor.documents as { number: string }[])[0]!;
  // The survivor's birth certificate entered once more on the duplicate, without its series.
  await q(`INSERT INTO person_documents (person_id, type, number) VALUES ($1, '03', $2)`, [
    merged.id,
    sDoc.number,
  ]);
  await q(
    `INSERT INTO person_hardships (person_id, category, started_on) VALUES ($1, 'orphan', '2020-01-01')`,
    [merged.id],
  );
  const mother = await inject(specialistA, 'POST', `/api/v1/persons/${survivor.id}/representatives`, {
    relation: 'mother',
    representative: {
      lastName: 'Ильина',
      firstName: 'Ольга',
      middleName: 'Павловна',
      birthDate: '1988-01-20',
      sex: 'female',
      citizenship: { codes: ['643'], stateless: false },
    },
  });
  expect(mother.statusCode, mother.body).toBe(201);
  const motherId = mother.json().representatives[0].person.id as string;
  const sameMother = await inject(specialistA, 'POST', `/api/v1/persons/${merged.id}/representatives`, {
    relation: 'mother',
    representativeId: motherId,
  });
  expect(sameMother.statusCode, sameMother.body).toBe(201);
  const father = await inject(specialistA, 'POST', `/api/v1/persons/${merged.id}/representatives`, {
    relation: 'father',
    representative: {
      lastName: 'Ильин',
      firstName: 'Павел',
      birthDate: '1985-03-04',
      sex: 'male',
      citizenship: { codes: ['643'], stateless: false },
    },
  });
  expect(father.statusCode, father.body).toBe(201);
  const fatherId = father.json().representatives.find((r: { relation: string }) => r.relation === 'father')
    .person.id as string;
  // The duplicate as somebody's representative, a revoked old link, and a link between the two records.
  await q(
    `INSERT INTO representations (learner_id, representative_id, relation) VALUES ($1, $2, 'other_legal'),
       ($2, $3, 'other_legal'), ($4, $2, 'other_legal')`,
    [fatherId, merged.id, survivor.id, survivor.id],
  );
  await q(
    `INSERT INTO representations (learner_id, representative_id, relation, revoked_at)
     VALUES ($1, $2, 'guardian', '2021-05-05T10:00:00.123456Z')`,
    [merged.id, fatherId],
  );
  await q(
    `INSERT INTO consents (subject_id, representative_id, purpose, scope, given_on)
     VALUES ($1, $2, 'education', '{core,contacts}', '2023-09-01'),
            ($3, $1, 'education', '{core}', '2023-09-01')`,
    [merged.id, motherId, fatherId],
  );
  await q(
    `INSERT INTO person_health (person_id, health_group, pe_group, version, updated_at)
     VALUES ($1, 2, 'main', 3, '2024-01-02T03:04:05.678901Z'),
            ($2, 3, 'preparatory', 2, '2024-02-03T04:05:06.789012Z')`,
    [survivor.id, merged.id],
  );
  await q(
    `INSERT INTO person_disabilities (person_id, category, valid_from, ipra_number)
     VALUES ($1, 'child', '2022-01-01', '77')`,
    [merged.id],
  );
  await q(
    `INSERT INTO person_special_needs (person_id, pmpk_date, pmpk_number, recommended_program)
     VALUES ($1, '2023-03-03', '12/3', 'АООП')`,
    [merged.id],
  );
  return { survivor, merged, motherId, fatherId };
}

describe('merge and undo', () => {
  it('moves everything to the survivor and resolves the alias; undo restores the prior state', async () => {
    const { survivor, merged, motherId, fatherId } = await duplicatePair();
    const ids = [survivor.id, merged.id];
    const before = await snapshot(ids);
    // Two schools: the survivor's stays, the duplicate's ends on the day of the merge.
    const res = await merge(
      specialistA,
      { id: survivor.id, version: await version(survivor.id) },
      {
        id: merged.id,
        version: await version(merged.id),
      },
      [await enrollmentOf(survivor.id)],
    );
    expect(res.statusCode, res.body).toBe(201);
    const { merge: m, person } = res.json();
    expect(person.id).toBe(survivor.id);
    expect(person.snils).toBe(merged.snils);
    expect(person.enrollments.map((e: { organizationId: string }) => e.organizationId).sort()).toEqual(
      [orgA, orgA2].sort(),
    );
    expect(person.representatives.map((r: { person: { id: string } }) => r.person.id).sort()).toEqual(
      [motherId, fatherId].sort(),
    );
    expect(person.represents.map((r: { person: { id: string } }) => r.person.id)).toEqual([fatherId]);
    expect(person.contacts).toHaveLength(2);
    expect(person.addresses).toHaveLength(2);
    expect(person.documents).toHaveLength(2);
    expect(m.moved).toEqual({
      person_documents: { moved: 1, invalidated: 1 },
      person_addresses: { deleted: 1, moved: 1 },
      person_contacts: { deleted: 1, moved: 1 },
      person_hardships: { moved: 1 },
      representations: { revoked: 3, moved: 3 },
      enrollments: { ended: 1, moved: 1 },
      consents: { moved: 2 },
      person_health: { deleted: 1 },
      person_disabilities: { moved: 1 },
      person_special_needs: { moved: 1 },
    });
    // What still names the duplicate: the invalidated document and the three revoked links.
    const left = await snapshot([merged.id]);
    expect(left.person_documents).toHaveLength(1);
    expect(left.person_documents![0]).toMatchObject({ person_id: merged.id, invalidated_by: specialistA.id });
    expect(left.representations).toHaveLength(3);
    expect(left.representations!.every((r) => (r as { revoked_at: string | null }).revoked_at !== null)).toBe(
      true,
    );
    for (const t of ['person_addresses', 'person_contacts', 'person_hardships', 'enrollments', 'consents']) {
      expect(left[t], t).toEqual([]);
    }
    expect(left.person_health).toEqual([]);
    expect(left.persons![0]).toMatchObject({ status: 'merged', merged_into_id: survivor.id });
    const health = await q('SELECT health_group FROM person_health WHERE person_id = $1', [survivor.id]);
    expect(health.rows).toEqual([{ health_group: 2 }]);

    const alias = await inject(regional, 'GET', `/api/v1/persons/${merged.id}`);
    expect(alias.statusCode).toBe(200);
    expect(alias.json()).toMatchObject({ id: survivor.id, resolvedFrom: merged.id });
    const history = await q(
      `SELECT entity_id, action FROM change_history WHERE entity_id = ANY($1::uuid[]) AND action LIKE 'merge%'
        ORDER BY entity_id = $2 DESC`,
      [ids, survivor.id],
    );
    expect(history.rows).toEqual([
      { entity_id: survivor.id, action: 'merge' },
      { entity_id: merged.id, action: 'merged_into' },
    ]);
    const audit = await auditRows(s, `action = 'person.merge' AND object_id = $1`, [survivor.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].subject_ids.sort()).toEqual([...ids].sort());
    expect(JSON.stringify(audit[0].details)).not.toContain(merged.snils as string);
    const list = await inject(specialistA, 'GET', `/api/v1/persons/${survivor.id}/merges`);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([m.id]);

    const undo = await inject(specialistA, 'POST', `/api/v1/merges/${m.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().merge.undoneBy).toBe(specialistA.id);
    expect(await snapshot(ids)).toEqual(before);
    expect(await auditRows(s, `action = 'person.merge_undo' AND object_id = $1`, [survivor.id])).toHaveLength(
      1,
    );
    const undoneHistory = await q(
      `SELECT count(*)::int AS n FROM change_history
        WHERE entity_id = ANY($1::uuid[]) AND action = 'merge_undo'`,
      [ids],
    );
    expect(undoneHistory.rows[0].n).toBe(2);
    const again = await inject(specialistA, 'POST', `/api/v1/merges/${m.id}/undo`);
    expect(again.statusCode).toBe(409);
    const card = await inject(regional, 'GET', `/api/v1/persons/${merged.id}`);
    expect(card.json()).toMatchObject({ id: merged.id, status: 'active', snils: merged.snils });
  });

  it('answers 404 out of scope, 409 on a stale version, 422 for a record merged with itself', async () => {
    const a = await createLearner(s, operatorA, orgA);
    const b = await createLearner(s, operatorA, orgA);
    const outside = await merge(specialistB, { id: a.id, version: 1 }, { id: b.id, version: 1 });
    expect(outside.statusCode).toBe(404);
    expect(
      await auditRows(s, `action = 'person.merge' AND outcome = 'denied' AND object_id = $1`, [a.id]),
    ).toHaveLength(1);
    const other = await createLearner(s, await buildUser(s, 'org_operator', orgB), orgB);
    const halfOutside = await merge(specialistA, { id: a.id, version: 1 }, { id: other.id, version: 1 });
    expect(halfOutside.statusCode).toBe(404);
    const stale = await merge(specialistA, { id: a.id, version: 2 }, { id: b.id, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict_version', currentVersion: 1 });
    const staleMerged = await merge(specialistA, { id: a.id, version: 1 }, { id: b.id, version: 7 });
    expect(staleMerged.statusCode).toBe(409);
    expect(staleMerged.json().errors[0].path).toBe('mergedVersion');
    const self = await merge(specialistA, { id: a.id, version: 1 }, { id: a.id, version: 1 });
    expect(self.statusCode).toBe(422);
    const differentSnils = await merge(specialistA, { id: a.id, version: 1 }, { id: b.id, version: 1 });
    expect(differentSnils.statusCode).toBe(422);
    expect(differentSnils.json().errors[0].code).toBe('snils_differs');
    expect((await q('SELECT status FROM persons WHERE id = $1', [b.id])).rows[0].status).toBe('active');
    const bad = await inject(specialistA, 'POST', `/api/v1/persons/${a.id}/merge`, {
      mergedId: 'x',
      version: 1,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses undo after the survivor or a moved row changed, or before a later merge undo', async () => {
    const a = await createLearner(s, operatorA, orgA, { snils: undefined });
    const b = await createLearner(s, operatorA, orgA, { snils: undefined });
    const c = await createLearner(s, operatorA, orgA, { snils: undefined });
    const first = (await merge(regional, { id: a.id, version: 1 }, { id: b.id, version: 1 })).json().merge;
    const second = await merge(regional, { id: a.id, version: 2 }, { id: c.id, version: 1 });
    expect(second.statusCode, second.body).toBe(201);
    const blocked = await inject(regional, 'POST', `/api/v1/merges/${first.id}/undo`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().laterMergeId).toBe(second.json().merge.id);
    expect((await inject(regional, 'POST', `/api/v1/merges/${second.json().merge.id}/undo`)).statusCode).toBe(
      200,
    );

    const edited = await inject(regional, 'PATCH', `/api/v1/persons/${a.id}`, {
      version: await version(a.id),
      birthPlace: 'г. Братск',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const afterEdit = await inject(regional, 'POST', `/api/v1/merges/${first.id}/undo`);
    expect(afterEdit.statusCode).toBe(409);
    expect(afterEdit.json().errors.map((e: { path: string }) => e.path)).toEqual(['survivor']);

    const d = await createLearner(s, operatorA, orgA, { snils: undefined });
    const e = await createLearner(s, operatorA, orgA, { snils: undefined });
    const third = (await merge(regional, { id: d.id, version: 1 }, { id: e.id, version: 1 })).json().merge;
    await q(`UPDATE enrollments SET ended_on = '2025-05-31' WHERE person_id = $1`, [d.id]);
    const afterRowChange = await inject(regional, 'POST', `/api/v1/merges/${third.id}/undo`);
    expect(afterRowChange.statusCode).toBe(409);
    expect(afterRowChange.json().errors.map((x: { path: string }) => x.path)).toEqual(['moved.enrollments']);
    expect((await q('SELECT status FROM persons WHERE id = $1', [e.id])).rows[0].status).toBe('merged');
  });

  it('401 without a session, 403 for roles that may not merge, 404 for an unknown merge', async () => {
    const a = await createLearner(s, operatorA, orgA);
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await merge(null, { id: a.id, version: 1 }, { id, version: 1 })).statusCode).toBe(401);
    expect((await inject(null, 'POST', `/api/v1/merges/${id}/undo`)).statusCode).toBe(401);
    expect((await inject(null, 'GET', `/api/v1/persons/${a.id}/merges`)).statusCode).toBe(401);
    expect((await merge(operatorA, { id: a.id, version: 1 }, { id, version: 1 })).statusCode).toBe(403);
    expect((await inject(operatorA, 'POST', `/api/v1/merges/${id}/undo`)).statusCode).toBe(403);
    const analyst = await buildUser(s, 'analyst', await buildRegion(s));
    expect((await inject(analyst, 'GET', `/api/v1/persons/${a.id}/merges`)).statusCode).toBe(403);
    expect((await inject(regional, 'POST', `/api/v1/merges/${id}/undo`)).statusCode).toBe(404);
    expect((await inject(specialistB, 'GET', `/api/v1/persons/${a.id}/merges`)).statusCode).toBe(404);
    const mine = await inject(operatorA, 'GET', `/api/v1/persons/${a.id}/merges`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([]);
    expect(await auditRows(s, `action = 'person.merges' AND object_id = $1`, [a.id])).toHaveLength(1);
  });
});

describe('merged alias for a scoped operator', () => {
  it('resolves to the survivor for a municipal specialist whose scope holds the survivor', async () => {
    const s2 = await startTestServer();
    try {
      const mun = await buildMunicipality(s2);
      const org = await buildOrganization(s2, { territoryId: mun });
      const specialist = await buildUser(s2, 'municipal_specialist', mun);
      const a = await createLearner(s2, specialist, org.id, {
        lastName: 'Алиасова',
        firstName: 'Вера',
        birthDate: '2013-03-03',
        sex: 'female',
      });
      const b = await s2.app.inject({
        method: 'POST',
        url: '/api/v1/persons',
        headers: specialist.headers,
        payload: {
          ...learnerInput(org.id, {
            lastName: 'Алиасова',
            firstName: 'Вира',
            birthDate: '2013-03-03',
            sex: 'female',
            documents: [],
            snils: undefined,
          }),
          duplicateResolution: { candidateIds: [a.id], reason: 'Проверка слияния в тесте' },
        },
      });
      expect(b.statusCode, b.body).toBe(201);
      const merge = await s2.app.inject({
        method: 'POST',
        url: `/api/v1/persons/${a.id}/merge`,
        headers: specialist.headers,
        payload: {
          mergedId: b.json().id,
          reason: 'Одна и та же девочка',
          version: a.version,
          mergedVersion: b.json().version,
        },
      });
      expect(merge.statusCode, merge.body).toBe(201);
      const alias = await s2.app.inject({
        method: 'GET',
        url: `/api/v1/persons/${b.json().id}`,
        headers: specialist.headers,
      });
      expect(alias.statusCode, alias.body).toBe(200);
      expect(alias.json()).toMatchObject({ id: a.id, resolvedFrom: b.json().id });
    } finally {
      await s2.stop();
    }
  });
});

describe('enrollment choice and address dedupe', () => {
  it('asks which school stays, ends the other on the merge date, keeps additional education, and undo restores exactly', async () => {
    const orgAdd = (await buildOrganization(s, { territoryId: await territoryOf(orgA), kind: 'additional' }))
      .id;
    const a = await createLearner(s, specialistA, orgA, { snils: undefined });
    const b = await createLearner(s, specialistA, orgA2, {
      addresses: [
        // The survivor's address typed again without ОКТМО, in other case and punctuation.
        { kind: 'registration', text: 'иркутская обл. г. Иркутск ул. Ленина д. 1 кв. 2' },
      ],
    });
    await q(
      `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2024-09-01')`,
      [b.id, orgAdd],
    );
    const ids = [a.id, b.id];
    const before = await snapshot(ids);
    const sv = { id: a.id, version: await version(a.id) };
    const mv = { id: b.id, version: await version(b.id) };

    const ask = await merge(specialistA, sv, mv);
    expect(ask.statusCode, ask.body).toBe(422);
    expect(ask.json().errors[0]).toMatchObject({ path: 'body.keepEnrollmentIds', code: 'enrollment_choice' });
    const choices = ask.json().enrollmentChoices as { kind: string; options: { organizationId: string }[] }[];
    expect(choices.map((c) => c.kind)).toEqual(['school']);
    expect(choices[0]!.options.map((o) => o.organizationId).sort()).toEqual([orgA, orgA2].sort());
    expect(await snapshot(ids)).toEqual(before);

    const bSchool = (
      await q('SELECT id FROM enrollments WHERE person_id = $1 AND organization_id = $2', [b.id, orgA2])
    ).rows[0].id as string;
    const res = await merge(specialistA, sv, mv, [bSchool]);
    expect(res.statusCode, res.body).toBe(201);
    const { merge: m, person } = res.json();
    const active = person.enrollments.filter((e: { endedOn: string | null }) => e.endedOn === null);
    expect(active.map((e: { organizationId: string }) => e.organizationId).sort()).toEqual(
      [orgA2, orgAdd].sort(),
    );
    const ended = person.enrollments.find((e: { organizationId: string }) => e.organizationId === orgA);
    const today = (await q(`SELECT to_char(current_date, 'YYYY-MM-DD') AS d`)).rows[0].d;
    expect(ended.endedOn).toBe(today);
    expect(person.addresses).toHaveLength(1);
    expect(m.moved.enrollments).toEqual({ ended: 1, moved: 2 });
    expect(m.moved.person_addresses).toEqual({ deleted: 1 });

    const undo = await inject(specialistA, 'POST', `/api/v1/merges/${m.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await snapshot(ids)).toEqual(before);
  });

  it('does not ask when the records study in organizations of different kinds', async () => {
    const orgAdd = (await buildOrganization(s, { territoryId: await territoryOf(orgA), kind: 'additional' }))
      .id;
    const a = await createLearner(s, specialistA, orgA, { snils: undefined });
    const b = await createLearner(s, specialistA, orgAdd);
    const res = await merge(specialistA, { id: a.id, version: 1 }, { id: b.id, version: 1 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().person.enrollments.every((e: { endedOn: string | null }) => e.endedOn === null)).toBe(
      true,
    );
  });

  it('refuses a choice that keeps both schools', async () => {
    const a = await createLearner(s, specialistA, orgA, { snils: undefined });
    const b = await createLearner(s, specialistA, orgA2);
    const res = await merge(specialistA, { id: a.id, version: 1 }, { id: b.id, version: 1 }, [
      await enrollmentOf(a.id),
      await enrollmentOf(b.id),
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe('enrollment_choice');
  });
});

async function territoryOf(orgId: string) {
  return (await q('SELECT territory_id FROM organizations WHERE id = $1', [orgId])).rows[0]
    .territory_id as string;
}
