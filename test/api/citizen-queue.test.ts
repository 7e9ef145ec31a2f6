import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  signIn,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, api } from '../support/order-factories.ts';
import { createLearnerWithParent } from '../support/person-factories.ts';
import { kindergartenGroup } from '../support/queue-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A parent files a preschool application through Госуслуги (the citizen's side of the queue): for a
 * child they represent, for a new child registered with it, every bad field with its path, another
 * family's child, and the same filing sent twenty times at once; and the referral an allocation run
 * issues, as the family reads it in the cabinet.
 */
let s: TestServer;
let call: ReturnType<typeof api>['call'];
let region: TestUser;
let munA: string;
let munB: string;
let ka: string[];
let kb: string;
let mother: TestUser;
let motherChild: string;
let otherParent: TestUser;
let otherChild: string;
let seq = 0;

const digits = (x: number, len: number) => String(x).padStart(len, '0').slice(-len);
const uniq = () => Math.floor(Math.random() * 1e7) + seq++;

/** A citizen account as ЕСИА sign-in creates it, with the СНИЛС and the name ЕСИА gave. */
async function buildCitizen(snils: string, fullName: string) {
  const u = await buildUser(s, 'citizen', null);
  await s.owner.query('UPDATE users SET snils = $1, full_name = $2 WHERE id = $3', [snils, fullName, u.id]);
  return { ...u, ...(await signIn(s, u.login)) };
}

/** A family the region registered: a child and a parent with a СНИЛС; the parent signs in as a citizen. */
async function family(parentName: string, relation: 'mother' | 'father' = 'mother') {
  const snils = makeSnils(`5${digits(uniq(), 8)}`);
  const [lastName, firstName, middleName] = parentName.split(' ');
  const { learner } = await createLearnerWithParent(s, region, null as unknown as string, {
    relation,
    learner: { birthDate: '2023-04-12', documents: [] },
    parent: { snils, lastName, firstName, middleName },
  });
  return { parent: await buildCitizen(snils, parentName), childId: learner.id };
}

const newChild = (over: Record<string, unknown> = {}) => {
  const n = uniq();
  return {
    lastName: 'Голубева',
    firstName: 'Мария',
    middleName: 'Олеговна',
    birthDate: '2024-02-20',
    sex: 'female',
    snils: makeSnils(`7${digits(n, 8)}`),
    birthCertificate: { series: 'III-СТ', number: digits(n, 6), issuedOn: '2024-03-01', issuer: 'ЗАГС' },
    relation: 'mother',
    ...over,
  };
};

const filing = (over: Record<string, unknown> = {}) => ({
  municipalityId: munA,
  desiredOn: '2026-09-01',
  preferences: [ka[0], ka[1]],
  ...over,
});

const paths = (res: { json: () => { errors?: { path: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.path}:${e.code}`);

const count = async (q: string, params: unknown[]) =>
  (await s.owner.query(`SELECT count(*)::int AS n FROM ${q}`, params)).rows[0].n as number;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  ka = [];
  for (let i = 0; i < 6; i++)
    ka.push((await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id);
  kb = (await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id;
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
  ({ parent: mother, childId: motherChild } = await family('Ласточкина Ирина Павловна'));
  ({ parent: otherParent, childId: otherChild } = await family('Соколов Пётр Ильич', 'father'));
});
afterAll(() => s.stop());

const ROUTES: ['GET' | 'POST', string][] = [
  ['GET', '/citizen/preschool-applications'],
  ['POST', '/citizen/preschool-applications'],
  ['GET', '/citizen/preschool-options'],
  ['GET', `/citizen/preschool-options/kindergartens?municipalityId=00000000-0000-4000-8000-000000000000`],
];

describe('the parent’s side of the queue: access', () => {
  it('answers 401 without a session and 403 to staff', async () => {
    for (const [method, url] of ROUTES) {
      const anon = await s.app.inject({
        method,
        url: `/api/v1${url}`,
        ...(method === 'POST' ? { payload: {} } : {}),
      });
      expect(anon.statusCode, url).toBe(401);
      const staff = await call(region, method, url, method === 'POST' ? filing() : undefined);
      expect(staff.statusCode, url).toBe(403);
    }
  });

  it('lists municipalities and a municipality’s kindergartens by name and address only', async () => {
    const options = await call(mother, 'GET', '/citizen/preschool-options');
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().maxPreferences).toBe(5);
    expect(options.json().municipalities.map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining([munA, munB]),
    );
    const list = await call(mother, 'GET', `/citizen/preschool-options/kindergartens?municipalityId=${munA}`);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((k: { id: string }) => k.id)
        .sort(),
    ).toEqual([...ka].sort());
    expect(Object.keys(list.json().items[0]).sort()).toEqual(['address', 'id', 'name']);
    const bad = await call(mother, 'GET', '/citizen/preschool-options/kindergartens?municipalityId=x');
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)[0]).toMatch(/^query\.municipalityId/);
  });
});

describe('filing', () => {
  it('for a child the parent represents: queued, numbered, audited, and in the cabinet with its history', async () => {
    const res = await call(
      mother,
      'POST',
      '/citizen/preschool-applications',
      filing({ childId: motherChild }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.number).toMatch(/^\d{8}-\d+$/);
    expect(a.status).toBe('queued');
    expect(a.statusTitle).toBe('В очереди');
    expect(a.applicant).toEqual({ fullName: 'Ласточкина Ирина Павловна', isMe: true });
    expect(a.preferences.map((p: { organizationId: string }) => p.organizationId)).toEqual([ka[0], ka[1]]);
    expect(a.history).toEqual([
      expect.objectContaining({
        status: 'queued',
        statusTitle: 'В очереди',
        reason: expect.stringMatching(/Госуслуги/),
      }),
    ]);
    const row = await s.owner.query('SELECT filed_by, child_id FROM preschool_applications WHERE id = $1', [
      a.id,
    ]);
    expect(row.rows[0]).toEqual({ filed_by: 'citizen', child_id: motherChild });
    const audit = await auditRows(s, `action = 'application.file' AND object_id = $1`, [a.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(mother.id);
    expect(audit[0].actor_role).toBe('citizen');
    expect(audit[0].subject_ids).toContain(motherChild);
    // Nothing personal in the audit details: counts and ids only.
    expect(JSON.stringify(audit[0].details)).not.toMatch(/[А-Яа-яЁё]/);

    const mine = await call(mother, 'GET', '/citizen/preschool-applications');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { number: string }) => i.number)).toEqual([a.number]);
    const read = await auditRows(s, `action = 'citizen.preschool_applications' AND actor_user_id = $1`, [
      mother.id,
    ]);
    expect(read.at(-1).subject_ids).toContain(motherChild);
    // The other family sees none of it.
    const theirs = await call(otherParent, 'GET', '/citizen/preschool-applications');
    expect(theirs.json().items.map((i: { id: string }) => i.id)).not.toContain(a.id);

    const again = await call(
      mother,
      'POST',
      '/citizen/preschool-applications',
      filing({ childId: motherChild }),
    );
    expect(again.statusCode).toBe(409);
    expect(paths(again)).toEqual(['body.childId:already_queued']);
  });

  it('for a new child: the parent’s record from ЕСИА, the child and the link in one go; a repeat doubles nobody', async () => {
    const snils = makeSnils(`6${digits(uniq(), 8)}`);
    const parent = await buildCitizen(snils, 'Журавлёва Ольга Николаевна');
    const child = newChild();
    // The registry does not know the parent yet: the form must add the birth date and sex.
    const missing = await call(
      parent,
      'POST',
      '/citizen/preschool-applications',
      filing({ newChild: child }),
    );
    expect(missing.statusCode).toBe(400);
    expect(paths(missing)).toEqual(['body.applicant:required']);
    expect(await count('persons WHERE snils = ANY($1)', [[snils, child.snils]])).toBe(0);

    const body = filing({ newChild: child, applicant: { birthDate: '1992-07-01', sex: 'female' } });
    const res = await call(parent, 'POST', '/citizen/preschool-applications', body);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.child).toMatchObject({ lastName: 'Голубева', firstName: 'Мария', birthDate: '2024-02-20' });
    const self = await s.owner.query(
      `SELECT id, last_name, first_name, middle_name, birth_date::text FROM persons WHERE snils = $1`,
      [snils],
    );
    expect(self.rows[0]).toMatchObject({
      last_name: 'Журавлёва',
      first_name: 'Ольга',
      middle_name: 'Николаевна',
      birth_date: '1992-07-01',
    });
    const link = await s.owner.query(
      `SELECT relation FROM representations WHERE learner_id = $1 AND representative_id = $2 AND revoked_at IS NULL`,
      [a.child.id, self.rows[0].id],
    );
    expect(link.rows).toEqual([{ relation: 'mother' }]);
    const doc = await s.owner.query(
      `SELECT type, series, number FROM person_documents WHERE person_id = $1`,
      [a.child.id],
    );
    expect(doc.rows).toEqual([{ type: '03', series: 'III-СТ', number: child.birthCertificate.number }]);
    // The child now appears in the cabinet as the parent's own.
    const me = await call(parent, 'GET', '/citizen/me');
    expect(me.json().children.map((c: { card: { id: string } }) => c.card.id)).toEqual([a.child.id]);
    const created = await auditRows(s, `action = 'person.create' AND object_id = $1`, [a.child.id]);
    expect(created.map((r) => r.actor_role)).toEqual(['citizen']);

    // The same child again, and once more without СНИЛС under another certificate: found, not doubled.
    const again = await call(parent, 'POST', '/citizen/preschool-applications', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const byName = await call(
      parent,
      'POST',
      '/citizen/preschool-applications',
      filing({
        newChild: newChild({
          snils: undefined,
          lastName: 'ГОЛУБЕВА',
          birthCertificate: { ...child.birthCertificate, number: '999999' },
        }),
      }),
    );
    expect(byName.statusCode, byName.body).toBe(409);
    expect(paths(byName)).toEqual(['body.childId:already_queued']);
    expect(
      await count(
        `persons WHERE last_name_key = person_name_key('Голубева') AND birth_date = '2024-02-20'
           AND id IN (SELECT learner_id FROM representations WHERE representative_id = $1)`,
        [self.rows[0].id],
      ),
    ).toBe(1);
    expect(await count('persons WHERE snils = $1', [snils])).toBe(1);
  });

  it('a СНИЛС of a child the parent does not represent is refused without saying whose', async () => {
    const known = (await s.owner.query('SELECT snils FROM persons WHERE id = $1', [otherChild])).rows[0]
      .snils;
    const res = await call(
      mother,
      'POST',
      '/citizen/preschool-applications',
      filing({ newChild: newChild({ snils: known }) }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('duplicate_person');
    expect(paths(res)).toEqual(['body.newChild.snils:duplicate']);
    expect(res.body).not.toContain(otherChild);
    const denied = await auditRows(s, `action = 'person.duplicate_answer' AND actor_user_id = $1`, [
      mother.id,
    ]);
    expect(denied.at(-1).outcome).toBe('denied');
  });

  it('a claimed right with its document waits for confirmation; an upper-case child id works', async () => {
    const res = await call(
      otherParent,
      'POST',
      '/citizen/preschool-applications',
      filing({
        childId: otherChild.toUpperCase(),
        municipalityId: munA.toUpperCase(),
        right: {
          categoryCode: 'FIRST_LARGE_FAMILY',
          documentTitle: 'Удостоверение многодетной семьи',
          documentIssuedOn: '2025-01-10',
        },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('awaiting_confirmation');
    expect(res.json().statusTitle).toBe('Требуется подтверждение права');
    expect(res.json().rights).toEqual([expect.objectContaining({ status: 'pending', right: 'first' })]);
    expect(res.json().child.id).toBe(otherChild);
  });
});

describe('bad input', () => {
  it('answers every bad field with its path and a Russian message, and writes nothing', async () => {
    const snils = makeSnils(`8${digits(uniq(), 8)}`);
    const parent = await buildCitizen(snils, 'Орлова Вера Петровна');
    const applicant = { birthDate: '1990-01-01', sex: 'female' };
    const cases: [Record<string, unknown>, string][] = [
      [{ preferences: ka }, 'body.preferences:too_many'],
      [{ preferences: [ka[0], ka[0]] }, 'body.preferences.1:duplicate'],
      [{ preferences: [kb] }, 'body.preferences.0:outside_municipality'],
      [{ desiredOn: '2024-01-01' }, 'body.desiredOn:before_birth'],
      [
        { right: { categoryCode: 'FIRST_LARGE_FAMILY', documentIssuedOn: '2025-01-10' } },
        'body.right.documentTitle',
      ],
      [{ newChild: newChild({ lastName: 'Гол\u0000убева' }) }, 'body.newChild.lastName'],
      [{ newChild: newChild({ snils: '11223344596' }) }, 'body.newChild.snils'],
      [
        { newChild: newChild({ birthCertificate: { series: 'АБ', number: '12', issuedOn: '2024-03-01' } }) },
        'body.newChild.birthCertificate.series',
      ],
      [
        {
          newChild: newChild({
            birthCertificate: { series: 'III-СТ', number: '123456', issuedOn: '2024-01-01' },
          }),
        },
        'body.newChild.birthCertificate.issuedOn',
      ],
      [{ newChild: newChild({ relation: 'guardian' }) }, 'body.newChild.authorityDocument'],
      [{ newChild: undefined }, 'body.childId:required'],
      [{ childId: 'not-a-uuid' }, 'body.childId'],
      [{ municipalityId: ka[0] }, 'body.municipalityId:not_municipality'],
    ];
    for (const [over, path] of cases) {
      const res = await call(
        parent,
        'POST',
        '/citizen/preschool-applications',
        filing({ newChild: newChild(), applicant, ...over }),
      );
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(
        paths(res).some((p) => p.startsWith(path)),
        `${path}: ${res.body}`,
      ).toBe(true);
      expect(res.json().errors[0].message).toMatch(/[А-Яа-яЁё]/);
    }
    expect(await count('persons WHERE snils = $1', [snils])).toBe(0);
    expect(await count(`persons WHERE last_name = 'Голубева' AND created_by = $1`, [parent.id])).toBe(0);
  });

  it('another family’s child reads like an absent one, and the attempt is audited', async () => {
    const theirs = await call(
      mother,
      'POST',
      '/citizen/preschool-applications',
      filing({ childId: otherChild }),
    );
    const nobody = await call(
      mother,
      'POST',
      '/citizen/preschool-applications',
      filing({ childId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(theirs.statusCode).toBe(404);
    expect(paths(theirs)).toEqual(['body.childId:not_found']);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined, instance: undefined });
    expect(strip(theirs.json())).toEqual(strip(nobody.json()));
    expect(theirs.body).not.toContain('Соколов');
    const denied = await auditRows(
      s,
      `action = 'application.file' AND outcome = 'denied' AND object_id = $1`,
      [otherChild],
    );
    expect(denied.map((r) => r.actor_user_id)).toEqual([mother.id]);
  });
});

describe('concurrency', () => {
  it('twenty identical filings for a new child at once: one child, one application, nineteen clean 409s', async () => {
    const snils = makeSnils(`9${digits(uniq(), 8)}`);
    const parent = await buildCitizen(snils, 'Лебедева Анна Ивановна');
    const child = newChild({ lastName: 'Лебедева', firstName: 'Софья' });
    const body = filing({ newChild: child, applicant: { birthDate: '1991-03-03', sex: 'female' } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(parent, 'POST', '/citizen/preschool-applications', body)),
    );
    const codes = answers.map((r) => r.statusCode).sort();
    expect(
      codes,
      answers
        .map((r) => r.body)
        .join('\n')
        .slice(0, 2000),
    ).toEqual([201, ...Array(19).fill(409)]);
    for (const r of answers.filter((x) => x.statusCode === 409)) {
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.json().code).toBe('conflict');
    }
    expect(await count('persons WHERE snils = $1', [child.snils])).toBe(1);
    expect(await count('persons WHERE snils = $1', [snils])).toBe(1);
    expect(
      await count('preschool_applications WHERE child_id = (SELECT id FROM persons WHERE snils = $1)', [
        child.snils,
      ]),
    ).toBe(1);
  });

  it('twenty identical filings for a represented child at once: exactly one application', async () => {
    const { parent, childId } = await family('Воронина Дарья Андреевна');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(parent, 'POST', '/citizen/preschool-applications', filing({ childId })),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(await count('preschool_applications WHERE child_id = $1', [childId])).toBe(1);
  });
});

describe('the referral in the cabinet', () => {
  const REF = '2027-09-01';

  /** A specialist's main run for the municipality, computed in the background and approved. */
  async function allocate(specialist: TestUser, municipalityId: string) {
    const prepared = await call(specialist, 'POST', '/allocation-runs', {
      municipalityId,
      kind: 'main',
      referenceDate: REF,
    });
    expect(prepared.statusCode, prepared.body).toBe(201);
    const id = prepared.json().id as string;
    const started = await call(specialist, 'POST', `/allocation-runs/${id}/start`, {
      version: prepared.json().version,
    });
    expect(started.statusCode, started.body).toBe(200);
    let run = started.json();
    for (let i = 0; i < 600 && ['preparing', 'running'].includes(run.status); i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      run = (await call(specialist, 'GET', `/allocation-runs/${id}`)).json();
    }
    expect(run.status, run.failure).toBe('draft');
    const approved = await call(specialist, 'POST', `/allocation-runs/${id}/approve`, {
      version: run.version,
      referralDays: 14,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    return run as { stats: { placed: number } };
  }

  it('shows the family its own referral with the kindergarten, the group and the deadline, and no one else', async () => {
    const mun = await buildMunicipality(s);
    const kg = await buildOrganization(s, { territoryId: mun, kind: 'preschool' });
    await s.owner.query(`UPDATE organizations SET actual_address = $2 WHERE id = $1`, [
      kg.id,
      { text: 'г. Иркутск, ул. Садовая, д. 5' },
    ]);
    await kindergartenGroup(s, kg.id, await academicYear(s, REF), {
      name: 'Средняя группа «Солнышко»',
      ageFrom: 4,
      ageTo: 5,
      capacity: 2,
    });
    const specialist = await buildUser(s, 'municipal_specialist', mun);
    // Two families of the municipality file through Госуслуги; the group has a place for each.
    const first = await family('Синицына Марина Олеговна');
    const second = await family('Щеглов Артём Ильич', 'father');
    const filed: { id: string; number: string }[] = [];
    for (const f of [first, second]) {
      const res = await call(
        f.parent,
        'POST',
        '/citizen/preschool-applications',
        filing({ childId: f.childId, municipalityId: mun, desiredOn: REF, preferences: [kg.id] }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().referrals).toEqual([]);
      filed.push(res.json());
    }
    const run = await allocate(specialist, mun);
    expect(run.stats.placed).toBe(2);

    const today = (
      await s.owner.query(`SELECT (now() AT TIME ZONE $1)::date::text AS d`, [s.app.services.config.timeZone])
    ).rows[0].d as string;
    const mine = await call(first.parent, 'GET', '/citizen/preschool-applications');
    expect(mine.statusCode, mine.body).toBe(200);
    const a = mine.json().items.find((i: { id: string }) => i.id === filed[0]!.id);
    expect(a.status).toBe('referred');
    expect(a.statusTitle).toBe('Выдано направление');
    expect(a.referrals).toEqual([
      {
        number: `${filed[0]!.number}/1`,
        kind: 'placement',
        kindergarten: { name: kg.shortName, address: 'г. Иркутск, ул. Садовая, д. 5' },
        groupName: 'Средняя группа «Солнышко»',
        issuedOn: today,
        expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        status: 'issued',
        statusTitle: 'выдано',
      },
    ]);
    expect(a.referrals[0].expiresOn > today).toBe(true);
    expect(a.history.at(-1)).toMatchObject({
      status: 'referred',
      reason: expect.stringContaining(kg.shortName),
    });
    // The read is audited as before, with the child and the number of referrals it showed.
    const read = await auditRows(s, `action = 'citizen.preschool_applications' AND actor_user_id = $1`, [
      first.parent.id,
    ]);
    expect(read.at(-1).subject_ids).toContain(first.childId);
    expect(read.at(-1).details).toEqual({ applications: 1, referrals: 1 });

    // The other family sees its own referral only; a third citizen sees none of either.
    const theirs = await call(second.parent, 'GET', '/citizen/preschool-applications');
    expect(
      theirs
        .json()
        .items.flatMap((i: { referrals: { number: string }[] }) => i.referrals.map((r) => r.number)),
    ).toEqual([`${filed[1]!.number}/1`]);
    const stranger = await call(otherParent, 'GET', '/citizen/preschool-applications');
    expect(stranger.statusCode).toBe(200);
    expect(stranger.body).not.toContain(filed[0]!.number);
    expect(stranger.body).not.toContain(filed[1]!.number);
    expect(stranger.json().items.flatMap((i: { referrals: unknown[] }) => i.referrals)).toEqual([]);

    // The family refuses: the referral stays in the list as refused, and the application is back in the queue.
    const register = (await call(specialist, 'GET', `/referrals?municipalityId=${mun}`)).json().items as {
      id: string;
      applicationId: string;
      version: number;
    }[];
    const ref = register.find((r) => r.applicationId === filed[0]!.id)!;
    const closed = await call(specialist, 'POST', `/referrals/${ref.id}/close`, {
      decision: 'refused',
      reason: 'Семья отказалась от места',
      version: ref.version,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const after = (await call(first.parent, 'GET', '/citizen/preschool-applications'))
      .json()
      .items.find((i: { id: string }) => i.id === filed[0]!.id);
    expect(after.status).toBe('queued');
    expect(after.referrals).toEqual([
      expect.objectContaining({ number: `${filed[0]!.number}/1`, status: 'refused', statusTitle: 'отказ' }),
    ]);
  });
});
