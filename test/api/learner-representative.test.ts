import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearnerWithParent, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let orgB: string;
let operatorA: TestUser;
let operatorB: TestUser;
let seq = 0;

beforeAll(async () => {
  s = await startTestServer();
  orgA = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  orgB = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  operatorA = await buildUser(s, 'org_operator', orgA);
  operatorB = await buildUser(s, 'org_operator', orgB);
});
afterAll(() => s.stop());

const post = (u: TestUser, payload: unknown) =>
  s.app.inject({ method: 'POST', url: '/api/v1/persons', headers: u.headers, payload: payload as object });
type Problem = { code: string; errors: { path: string }[]; candidates?: { id?: string; inScope: boolean }[] };
const paths = (res: { json: () => Problem }) => res.json().errors.map((e) => e.path);

/** A new mother as entered on the form: names, birth date, phone; no СНИЛС or document. */
function mother(over: Record<string, unknown> = {}) {
  seq++;
  return {
    kind: 'new',
    relation: 'mother',
    lastName: 'Карпова',
    firstName: 'Ольга',
    middleName: 'Игоревна',
    birthDate: new Date(Date.UTC(1980, 0, 1) + seq * 41 * 86_400_000).toISOString().slice(0, 10),
    sex: 'female',
    citizenship: { codes: ['643'], stateless: false },
    contacts: [{ kind: 'phone', value: '+7 914 000-00-00' }],
    ...over,
  };
}

const personCount = async (lastName: string, birthDate: string) =>
  (
    await s.owner.query(
      `SELECT count(*)::int AS n FROM persons WHERE last_name = $1 AND birth_date = $2 AND status = 'active'`,
      [lastName, birthDate],
    )
  ).rows[0].n as number;

describe('a learner registered together with the parent', () => {
  it('stores the learner, the new mother and their link in one request, each audited and versioned', async () => {
    const rep = mother();
    const res = await post(operatorA, { ...learnerInput(orgA), representative: rep });
    expect(res.statusCode, res.body).toBe(201);
    const card = res.json();
    expect(card.representatives).toHaveLength(1);
    expect(card.representatives[0]).toMatchObject({ relation: 'mother' });
    const motherId = card.representatives[0].person.id as string;
    const stored = await s.owner.query(
      `SELECT p.last_name, p.sex, c.value FROM persons p JOIN person_contacts c ON c.person_id = p.id
        WHERE p.id = $1`,
      [motherId],
    );
    expect(stored.rows).toEqual([{ last_name: 'Карпова', sex: 'female', value: '+7 914 000-00-00' }]);
    expect(
      await auditRows(s, `action = 'person.create' AND object_id = ANY($1::text[])`, [[card.id, motherId]]),
    ).toHaveLength(2);
    const linked = await auditRows(s, `action = 'person.link_representative' AND object_id = $1`, [card.id]);
    expect(linked).toHaveLength(1);
    expect(linked[0].subject_ids).toEqual(expect.arrayContaining([card.id, motherId]));
    // Each person's first version; the link is the learner's second, as any link is.
    const history = await s.owner.query(
      `SELECT entity_id, version, action FROM change_history
        WHERE entity_type = 'person' AND entity_id = ANY($1::uuid[]) ORDER BY entity_id = $2 DESC, version`,
      [[card.id, motherId], card.id],
    );
    expect(history.rows).toEqual([
      { entity_id: card.id, version: 1, action: 'create' },
      { entity_id: card.id, version: 2, action: 'link_representative' },
      { entity_id: motherId, version: 1, action: 'create' },
    ]);
    expect(card.version).toBe(2);
    // The school sees the mother it has just registered.
    const read = await s.app.inject({ url: `/api/v1/persons/${motherId}`, headers: operatorA.headers });
    expect(read.statusCode).toBe(200);
  });

  it('is all or nothing: a wrong field of the mother stores neither, and its path names the mother', async () => {
    const learner = learnerInput(orgA);
    const cases: [Record<string, unknown>, string][] = [
      [mother({ lastName: undefined }), 'body.representative.lastName'],
      [mother({ snils: '11223344596' }), 'body.representative.snils'],
      [
        mother({ contacts: [{ kind: 'phone', value: 'звонить маме' }] }),
        'body.representative.contacts.0.value',
      ],
      [mother({ relation: 'guardian' }), 'body.representative.authorityDocument'],
      [mother({ snils: learner.snils }), 'body.representative.snils'],
      [{ relation: 'mother' }, 'body.representative.kind'],
    ];
    for (const [rep, path] of cases) {
      const res = await post(operatorA, { ...learner, representative: rep });
      expect(res.statusCode, path).toBe(400);
      expect(paths(res), path).toContain(path);
    }
    expect(await personCount(learner.lastName, learner.birthDate)).toBe(0);
  });

  it('rolls back the learner when the mother is refused by duplicate control', async () => {
    const known = await createLearnerWithParent(s, operatorB, orgB, {
      parent: { snils: makeSnils('777000111') },
    });
    const learner = learnerInput(orgA);
    const res = await post(operatorA, {
      ...learner,
      representative: mother({ snils: makeSnils('777000111') }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('duplicate_person');
    expect(paths(res)).toEqual(['body.representative.snils']);
    // The mother is another school's: her record is not revealed.
    expect(res.body).not.toContain(known.parentId);
    expect(await personCount(learner.lastName, learner.birthDate)).toBe(0);
  });

  it('offers the existing mother with the same name and birth date; choosing her links her, not a copy', async () => {
    const first = mother();
    const sibling = await post(operatorA, { ...learnerInput(orgA), representative: first });
    expect(sibling.statusCode, sibling.body).toBe(201);
    const motherId = sibling.json().representatives[0].person.id as string;

    const learner = learnerInput(orgA);
    const again = await post(operatorA, { ...learner, representative: { ...first, lastName: 'Карпова ' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_candidates');
    expect(paths(again)).toEqual(['body.representative.duplicateResolution']);
    expect(again.json().candidates).toEqual([expect.objectContaining({ id: motherId, inScope: true })]);
    expect(await personCount(learner.lastName, learner.birthDate)).toBe(0);
    expect(
      await auditRows(s, `action = 'person.duplicate_answer' AND $1 = ANY(subject_ids)`, [motherId]),
    ).not.toHaveLength(0);

    const linked = await post(operatorA, {
      ...learner,
      representative: { kind: 'existing', personId: motherId, relation: 'mother' },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().representatives[0].person.id).toBe(motherId);
    expect(await personCount('Карпова', first.birthDate)).toBe(1);
  });

  it('stores a second person when the clerk states why she is not the one found', async () => {
    const first = mother();
    expect((await post(operatorA, { ...learnerInput(orgA), representative: first })).statusCode).toBe(201);
    const answer = await post(operatorA, { ...learnerInput(orgA), representative: first });
    const candidateIds = answer.json().candidates.map((c: { id: string }) => c.id);
    const res = await post(operatorA, {
      ...learnerInput(orgA),
      representative: {
        ...first,
        duplicateResolution: { candidateIds, reason: 'Однофамилица, другой СНИЛС' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await personCount('Карпова', first.birthDate)).toBe(2);
  });

  it('answers the learner’s own near-duplicate under body.duplicateResolution, before the mother', async () => {
    const learner = learnerInput(orgA, { snils: undefined, documents: [] });
    expect((await post(operatorA, learner)).statusCode).toBe(201);
    const res = await post(operatorA, { ...learner, representative: mother() });
    expect(res.statusCode).toBe(409);
    expect(paths(res)).toEqual(['body.duplicateResolution']);
  });

  it('does not link an existing person outside the school’s scope: 404, nothing stored', async () => {
    const other = await createLearnerWithParent(s, operatorB, orgB);
    const learner = learnerInput(orgA);
    const res = await post(operatorA, {
      ...learner,
      representative: { kind: 'existing', personId: other.parentId, relation: 'mother' },
    });
    expect(res.statusCode).toBe(404);
    expect(await personCount(learner.lastName, learner.birthDate)).toBe(0);
  });
});
