import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  signIn,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The scope matrix: every role × every GET route that returns persons × every situation, checked
 * against the access rule of the README's security model:
 *
 * - an active enrollment gives the organization and every node above it FULL access to the learner, and
 *   to the learner's representatives while the link is in force; the regional operator has full access
 *   to everyone;
 * - a former organization keeps full access for ACCESS_GRACE_DAYS after the exit; after that it has the
 *   ARCHIVAL level: GET /persons/:id shows identity and its own past enrollments, nothing else; every
 *   other route answers 404, and the former family is out of scope;
 * - out of scope reads as absent: 404, the body of a record that does not exist, audited as denied;
 * - a card lists linked persons only as far as the caller's scope reaches;
 * - the analyst sees no personal data (403), a citizen sees her own family through /citizen/* only,
 *   an API token is an operator of its organizations.
 */

const GRACE = 30;

// ---- The rule, as tables ---------------------------------------------------------------------------

type Role =
  | 'regional_operator'
  | 'municipal_specialist'
  | 'org_admin'
  | 'org_operator'
  | 'integration_client'
  | 'analyst'
  | 'citizen';
type Situation = 'inScope' | 'outOfScope' | 'former';
type Level = 'full' | 'archival' | 'none';

/** Access of each role (its holders belong to organization A or above it) to a learner in each situation. */
const RULE: Record<Role, Record<Situation, Level>> = {
  regional_operator: { inScope: 'full', outOfScope: 'full', former: 'full' },
  municipal_specialist: { inScope: 'full', outOfScope: 'none', former: 'archival' },
  org_admin: { inScope: 'full', outOfScope: 'none', former: 'archival' },
  org_operator: { inScope: 'full', outOfScope: 'none', former: 'archival' },
  integration_client: { inScope: 'full', outOfScope: 'none', former: 'archival' },
  analyst: { inScope: 'none', outOfScope: 'none', former: 'none' },
  // A citizen reads no one through the operator routes; her own family is shown by /citizen/*.
  citizen: { inScope: 'none', outOfScope: 'none', former: 'none' },
};

/**
 * The persons of the fixtures. Learners: in scope (active at A), out of scope (only at B), former (left A
 * 40 days ago, now at B), each with a parent; the in-scope learner's mother also has a child at B (the
 * sibling), and she is the citizen.
 */
const PERSONS = {
  learnerIn: { situation: 'inScope', parent: false, alias: false },
  parentIn: { situation: 'inScope', parent: true, alias: false },
  sibling: { situation: 'outOfScope', parent: false, alias: false },
  learnerOut: { situation: 'outOfScope', parent: false, alias: false },
  parentOut: { situation: 'outOfScope', parent: true, alias: false },
  learnerFormer: { situation: 'former', parent: false, alias: false },
  parentFormer: { situation: 'former', parent: true, alias: false },
  // Merged duplicates of the learners: an alias id reads as the record it resolves to, no more.
  aliasIn: { situation: 'inScope', parent: false, alias: true },
  aliasOut: { situation: 'outOfScope', parent: false, alias: true },
  aliasFormer: { situation: 'former', parent: false, alias: true },
} as const satisfies Record<string, { situation: Situation; parent: boolean; alias: boolean }>;
type PersonKey = keyof typeof PERSONS;
const PERSON_KEYS = Object.keys(PERSONS) as PersonKey[];
/** Active records; an alias is not one (search skips it, its markers are its survivor's). */
const RECORDS = PERSON_KEYS.filter((p) => !PERSONS[p].alias) as RecordKey[];
const ALIAS_OF = { aliasIn: 'learnerIn', aliasOut: 'learnerOut', aliasFormer: 'learnerFormer' } as const;
type RecordKey = Exclude<PersonKey, keyof typeof ALIAS_OF>;

/** The citizen's own record and her children, shown to her by the citizen routes. */
const CITIZEN_FAMILY: PersonKey[] = ['parentIn', 'learnerIn', 'sibling'];

/** The archival level is for the former organization's own learner; the family is simply out of scope. */
function levelOf(role: Role, p: PersonKey): Level {
  const level = RULE[role][PERSONS[p].situation];
  return level === 'archival' && PERSONS[p].parent ? 'none' : level;
}

const STAFF: Role[] = [
  'regional_operator',
  'municipal_specialist',
  'org_admin',
  'org_operator',
  'integration_client',
];
const OPERATORS: Role[] = ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'];

type RouteKind = 'search' | 'card' | 'person' | 'report' | 'citizen' | 'export';
/**
 * Every GET route about persons, with the roles whose policy admits it at all (everyone else: 403).
 * A route added later fails the coverage test until it is placed here.
 */
const ROUTES: Record<string, { kind: RouteKind; roles: Role[] }> = {
  '/api/v1/persons': { kind: 'search', roles: STAFF },
  '/api/v1/persons/:id': { kind: 'card', roles: STAFF },
  '/api/v1/persons/:id/versions': { kind: 'person', roles: STAFF },
  '/api/v1/persons/:id/versions/:version': { kind: 'person', roles: STAFF },
  '/api/v1/persons/:id/merges': { kind: 'person', roles: STAFF },
  // The learner's path over the years: full access only, the archival level does not follow the learner on.
  '/api/v1/persons/:id/trajectory': { kind: 'person', roles: STAFF },
  '/api/v1/persons/:id/consents': { kind: 'person', roles: OPERATORS },
  // What the e-journals sent about the learner: days (illness shown only with the health permission) and marks.
  '/api/v1/persons/:id/attendance': { kind: 'person', roles: STAFF },
  '/api/v1/persons/:id/results': { kind: 'person', roles: STAFF },
  // ГИА results: whoever fully sees the learner (the API token of an e-journal too).
  '/api/v1/persons/:id/gia-results': { kind: 'person', roles: STAFF },
  // Portfolio achievements the organizations' systems sent: whoever fully sees the learner.
  '/api/v1/persons/:id/achievements': { kind: 'person', roles: STAFF },
  // The staff here hold the health permission, so only scope decides.
  '/api/v1/persons/:id/health': { kind: 'person', roles: OPERATORS },
  // «Кто обращался»: the log of a person the reader fully sees, for the roles that read the log.
  '/api/v1/audit/persons/:id': {
    kind: 'person',
    roles: ['regional_operator', 'municipal_specialist', 'org_admin'],
  },
  '/api/v1/duplicates': { kind: 'report', roles: ['regional_operator'] },
  '/api/v1/duplicates/runs/:id': { kind: 'report', roles: ['regional_operator'] },
  '/api/v1/citizen/me': { kind: 'citizen', roles: ['citizen'] },
  '/api/v1/citizen/me/access-log': { kind: 'citizen', roles: ['citizen'] },
  '/api/v1/citizen/me/data-corrections': { kind: 'citizen', roles: ['citizen'] },
  '/api/v1/citizen/me/export.json': { kind: 'citizen', roles: ['citizen'] },
  '/api/v1/citizen/me/export.pdf': { kind: 'citizen', roles: ['citizen'] },
  // The family's kindergarten applications, and the public lists of municipalities and kindergartens it picks from.
  '/api/v1/citizen/preschool-applications': { kind: 'citizen', roles: ['citizen'] },
  '/api/v1/citizen/preschool-options': { kind: 'citizen', roles: ['citizen'] },
  '/api/v1/citizen/preschool-options/kindergartens': { kind: 'citizen', roles: ['citizen'] },
  // Pseudonymised: admitted to the analyst, and it must show no one's identity.
  '/api/v1/exports/persons.csv': { kind: 'export', roles: ['regional_operator', 'analyst'] },
  '/api/v1/exports/persons.xlsx': { kind: 'export', roles: ['regional_operator', 'analyst'] },
};

/** What a cell should answer: the status, and for a search whether the person is listed. */
function expected(role: Role, route: string, p: PersonKey | null): { status: number; listed?: boolean } {
  const { kind, roles } = ROUTES[route]!;
  if (!roles.includes(role)) return { status: 403 };
  if (kind === 'search') return { status: 200, listed: levelOf(role, p!) === 'full' };
  if (kind === 'card' || kind === 'person') {
    const level = levelOf(role, p!);
    if (level === 'full') return { status: 200 };
    if (level === 'archival' && kind === 'card') return { status: 200 };
    return { status: 404 };
  }
  return { status: 200 };
}

// ---- Fixtures --------------------------------------------------------------------------------------

type Marks = { lastName: string; birthDate: string; snils: string; document: string; address: string };
let n = 0;
/** Markers of one person: a surname, birth date, address and identifiers found nowhere else. */
function marks(lastName: string, birthDate: string): Marks {
  n++;
  return {
    lastName,
    birthDate,
    snils: makeSnils(`7${String(40_000_000 + n * 1_234_567).slice(-8)}`),
    document: String(730_000 + n * 1_111),
    address: `г. Маркерск, ул. ${lastName}ская, д. ${n}`,
  };
}
const M: Record<RecordKey, Marks> = {
  learnerIn: marks('Внутрищева', '2014-03-11'),
  parentIn: marks('Материнская', '1984-01-13'),
  sibling: marks('Сестрицына', '2011-10-23'),
  learnerOut: marks('Чужакова', '2012-08-19'),
  parentOut: marks('Незнакомцева', '1979-06-29'),
  learnerFormer: marks('Бывшева', '2010-05-27'),
  parentFormer: marks('Прежняя', '1982-12-04'),
};

/** Payload fields that put a person's markers into the record. */
const fields = (m: Marks, withDocument = true) => ({
  lastName: m.lastName,
  firstName: 'Маркера',
  middleName: 'Тестовна',
  sex: 'female',
  birthDate: m.birthDate,
  citizenship: { codes: ['643'], stateless: false },
  snils: m.snils,
  contacts: [],
  hardships: [],
  documents: withDocument
    ? [
        {
          type: '03',
          series: 'IV-СТ',
          number: m.document,
          issuedOn: '2020-05-01',
          issuer: 'Отдел ЗАГС г. Иркутска',
          actRecordNumber: `1${m.document.slice(1)}`,
        },
      ]
    : [],
  addresses: [{ kind: 'registration', text: m.address, oktmo: '25701000' }],
});

let s: TestServer;
let orgA: string;
let orgB: string;
const ids = {} as Record<PersonKey, string>;
const headers = {} as Record<Role, Record<string, string>>;
/** Audit actor of each role: the user id, or the token's role for the integration client. */
const userIds = {} as Partial<Record<Role, string>>;
let runId: string;
let munA: string;
/** Representation link of each learner that has one, and its consent. */
const linkIds = {} as Partial<Record<PersonKey, string>>;
const consentIds = {} as Partial<Record<PersonKey, string>>;

beforeAll(async () => {
  s = await startTestServer({ ACCESS_GRACE_DAYS: String(GRACE) });
  const region = await buildRegion(s);
  munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: munA })).id;
  orgB = (await buildOrganization(s, { territoryId: munB })).id;
  const regional = await buildUser(s, 'regional_operator', region, { healthAccess: true });
  const municipal = await buildUser(s, 'municipal_specialist', munA, { healthAccess: true });
  const admin = await buildUser(s, 'org_admin', orgA, { healthAccess: true });
  const operator = await buildUser(s, 'org_operator', orgA, { healthAccess: true });
  const analyst = await buildUser(s, 'analyst', region);
  const token = await s.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: municipal.headers,
    payload: { name: 'Электронный журнал школы А', organizationIds: [orgA] },
  });
  expect(token.statusCode, token.body).toBe(201);

  // In scope: a learner of A whose mother also has a child at B.
  const inScope = await createLearnerWithParent(s, operator, orgA, {
    learner: fields(M.learnerIn),
    parent: fields(M.parentIn, false),
  });
  ids.learnerIn = inScope.learner.id;
  linkIds.learnerIn = inScope.linkId;
  ids.parentIn = inScope.parentId;
  ids.sibling = (await createLearner(s, regional, orgB, fields(M.sibling))).id;
  const sibLink = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${ids.sibling}/representatives`,
    headers: regional.headers,
    payload: { relation: 'mother', representativeId: ids.parentIn },
  });
  expect(sibLink.statusCode, sibLink.body).toBe(201);
  linkIds.sibling = sibLink.json().representatives[0].linkId;

  // Out of scope: a learner only ever at B.
  const out = await createLearnerWithParent(s, regional, orgB, {
    learner: fields(M.learnerOut),
    parent: fields(M.parentOut, false),
  });
  ids.learnerOut = out.learner.id;
  linkIds.learnerOut = out.linkId;
  ids.parentOut = out.parentId;

  // Former: left A 40 days ago (past the grace period), now at B. There is no exit API yet.
  const former = await createLearnerWithParent(s, operator, orgA, {
    learner: fields(M.learnerFormer),
    parent: fields(M.parentFormer, false),
  });
  ids.learnerFormer = former.learner.id;
  linkIds.learnerFormer = former.linkId;
  ids.parentFormer = former.parentId;
  await s.owner.query(
    `UPDATE enrollments SET started_on = current_date - 400, ended_on = current_date - $2::int WHERE person_id = $1`,
    [ids.learnerFormer, GRACE + 10],
  );
  await s.owner.query(
    `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, current_date - 10)`,
    [ids.learnerFormer, orgB],
  );

  // A duplicate of each learner, registered by the region and merged into the learner.
  for (const [alias, learner] of Object.entries(ALIAS_OF) as [keyof typeof ALIAS_OF, PersonKey][]) {
    const m = M[learner as keyof typeof M];
    const copy = { ...fields(m, false), snils: undefined, addresses: [] };
    const first = await s.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: regional.headers,
      payload: copy,
    });
    expect(first.statusCode, first.body).toBe(409);
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: regional.headers,
      payload: {
        ...copy,
        duplicateResolution: { candidateIds: [ids[learner]], reason: 'Дубликат для проверки' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    ids[alias] = created.json().id;
    const survivor = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${ids[learner]}`,
      headers: regional.headers,
    });
    const merged = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${ids[learner]}/merge`,
      headers: regional.headers,
      payload: {
        mergedId: ids[alias],
        reason: 'Одна и та же обучающаяся',
        version: survivor.json().version,
        mergedVersion: 1,
      },
    });
    expect(merged.statusCode, merged.body).toBe(201);
  }

  // Health data and a consent for every learner, so those routes have something to show.
  for (const [learner, parent] of [
    ['learnerIn', 'parentIn'],
    ['sibling', 'parentIn'],
    ['learnerOut', 'parentOut'],
    ['learnerFormer', 'parentFormer'],
  ] as const) {
    await s.owner.query(
      `INSERT INTO person_health (person_id, health_group, pe_group) VALUES ($1, 2, 'preparatory')`,
      [ids[learner]],
    );
    const consent = await s.owner.query(
      `INSERT INTO consents (subject_id, representative_id, purpose, scope, given_on, document)
       VALUES ($1, $2, 'health_data', '{health_group}', '2023-08-20', 'Заявление') RETURNING id`,
      [ids[learner], ids[parent]],
    );
    consentIds[learner] = consent.rows[0].id;
  }

  // The citizen: the mother, signed in by ЕСИА (linked by her СНИЛС).
  const citizen = await buildUser(s, 'citizen', null);
  await s.owner.query('UPDATE users SET snils = $1 WHERE id = $2', [M.parentIn.snils, citizen.id]);
  const citizenSession = await signIn(s, citizen.login);

  const run = await s.app.inject({
    method: 'POST',
    url: '/api/v1/duplicates/runs',
    headers: regional.headers,
  });
  expect(run.statusCode, run.body).toBe(202);
  runId = run.json().runId;
  for (let i = 0; ; i++) {
    const r = await s.app.inject({
      method: 'GET',
      url: `/api/v1/duplicates/runs/${runId}`,
      headers: regional.headers,
    });
    if (r.json().status !== 'running') break;
    if (i > 400) throw new Error('the duplicate run did not finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  Object.assign(headers, {
    regional_operator: regional.headers,
    municipal_specialist: municipal.headers,
    org_admin: admin.headers,
    org_operator: operator.headers,
    integration_client: { authorization: `Bearer ${token.json().token}` },
    analyst: analyst.headers,
    citizen: citizenSession.headers,
  });
  Object.assign(userIds, {
    regional_operator: regional.id,
    municipal_specialist: municipal.id,
    org_admin: admin.id,
    org_operator: operator.id,
    analyst: analyst.id,
    citizen: citizen.id,
  });
}, 120_000);
afterAll(() => s.stop());

const ROLES = Object.keys(RULE) as Role[];
const get = (role: Role, url: string) => s.app.inject({ method: 'GET', url, headers: headers[role] });

/** A JSON string equal to the value: digits inside a uuid or a timestamp do not count. */
const quoted = (v: string) => `"${v}"`;
/** Markers of a person that must not appear in a body, given the level the reader has. */
function forbiddenMarkers(p: PersonKey, level: Level, ownCard: boolean): string[] {
  const m = M[p as keyof typeof M];
  const personal = [quoted(m.snils), quoted(m.document), m.address];
  if (level === 'full') return [];
  // The archival card shows identity; nothing else shows anything of the person.
  if (level === 'archival' && ownCard) return personal;
  return [m.lastName, m.birthDate, ...personal];
}

/** Concrete URLs of a route pattern, each with the person it concerns (null: not about one person). */
function urlsFor(pattern: string): { url: string; p: PersonKey | null }[] {
  const kind = ROUTES[pattern]?.kind;
  if (kind === 'search') {
    return RECORDS.flatMap((p) => [
      { url: `${pattern}?q=${encodeURIComponent(M[p].lastName)}`, p },
      { url: `${pattern}?snils=${M[p].snils}`, p },
    ]);
  }
  if (kind === 'card' || kind === 'person') {
    return PERSON_KEYS.map((p) => ({
      url: pattern.replace(':id', ids[p]).replace(':version', '1'),
      p,
    }));
  }
  // A route that names a municipality reads the one the fixtures' organizations belong to.
  const query = pattern.endsWith('/kindergartens') ? `?municipalityId=${munA}` : '';
  return [{ url: `${pattern.replace(':id', runId)}${query}`, p: null }];
}

const stripRequestId = (body: string) => {
  const { requestId, ...rest } = JSON.parse(body);
  return rest;
};

describe('scope matrix', () => {
  it('the matrix covers every GET route that returns persons', () => {
    const routes = s.app.routeTable
      .filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/'))
      .filter((r) => /persons|citizen|duplicates|merges/.test(r.url))
      .map((r) => r.url);
    const missing = routes.filter((u) => !(u in ROUTES));
    expect(missing, 'GET routes about persons that the scope matrix does not walk').toEqual([]);
    // And the table names no route that is gone.
    expect(Object.keys(ROUTES).filter((u) => !routes.includes(u))).toEqual([]);
  });

  it('every role × route × situation answers as the rule says, showing only what the level allows', async () => {
    const failures: string[] = [];
    const absentBodies = new Map<string, unknown>();
    let cells = 0;
    for (const pattern of Object.keys(ROUTES)) {
      for (const { url, p } of urlsFor(pattern)) {
        for (const role of ROLES) {
          cells++;
          const cell = `${role} GET ${url.replace(/[0-9a-f-]{36}/, `<${p ?? 'id'}>`)}${p ? ` [${p}: ${PERSONS[p].situation}]` : ''}`;
          const want = expected(role, pattern, p);
          const res = await get(role, url);
          if (res.statusCode !== want.status) {
            failures.push(`${cell}: got ${res.statusCode}, expected ${want.status}`);
            continue;
          }
          const body = res.body;
          if (want.status === 200 && ROUTES[pattern]!.kind === 'search') {
            const listed = (res.json().items as { id: string }[]).some((i) => i.id === ids[p!]);
            if (listed !== want.listed) failures.push(`${cell}: listed ${listed}, expected ${want.listed}`);
          }
          // No body shows a marker of a person beyond the reader's level.
          for (const other of RECORDS) {
            const level =
              ROUTES[pattern]!.kind === 'citizen' && role === 'citizen'
                ? CITIZEN_FAMILY.includes(other)
                  ? 'full'
                  : 'none'
                : levelOf(role, other);
            const ownCard =
              ROUTES[pattern]!.kind === 'card' &&
              p !== null &&
              other === (ALIAS_OF[p as keyof typeof ALIAS_OF] ?? p);
            const markers =
              ROUTES[pattern]!.kind === 'export'
                ? forbiddenMarkers(other, 'none', false)
                : forbiddenMarkers(other, level, ownCard);
            for (const m of markers) {
              if (body.includes(m)) failures.push(`${cell}: shows «${m}» of ${other} (level ${level})`);
            }
          }
          // Out of scope reads exactly as a record that does not exist.
          if (want.status === 404) {
            const absentUrl = pattern.replace(':id', randomUUID()).replace(':version', '1');
            const key = `${role} ${pattern}`;
            if (!absentBodies.has(key))
              absentBodies.set(key, stripRequestId((await get(role, absentUrl)).body));
            if (JSON.stringify(stripRequestId(body)) !== JSON.stringify(absentBodies.get(key))) {
              failures.push(`${cell}: 404 body ${body} differs from an absent record's`);
            }
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(400);
    expect(failures).toEqual([]);
  }, 600_000);

  it('every refusal by scope leaves a denied audit row naming the person', async () => {
    const missing: string[] = [];
    for (const role of ROLES) {
      for (const p of PERSON_KEYS) {
        if (expected(role, '/api/v1/persons/:id/versions', p).status !== 404) continue;
        const res = await get(role, `/api/v1/persons/${ids[p]}/versions`);
        expect(res.statusCode).toBe(404);
        const actor =
          role === 'integration_client'
            ? { where: `actor_role = 'integration_client'`, params: [] as string[] }
            : { where: 'actor_user_id = $2', params: [userIds[role]!] };
        const rows = await s.owner.query(
          `SELECT 1 FROM audit_log WHERE object_id = $1 AND outcome = 'denied' AND ${actor.where}`,
          [ids[p], ...actor.params],
        );
        if (rows.rowCount === 0) missing.push(`${role} → ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('duplicate answers name only persons in scope', () => {
  /**
   * A create that matches an existing person answers 409. It names the person (id, name, birth date)
   * only to a caller with full access; anyone else learns that a match exists and where to turn, and
   * the answer is audited against the person it concerns.
   */
  async function cell(role: Role, p: PersonKey, kind: 'candidates' | 'exact', failures: string[]) {
    const m = M[p as keyof typeof M];
    const payload =
      kind === 'candidates'
        ? { ...fields(m, false), snils: undefined, addresses: [] }
        : { ...fields(marks('Проверочная', '2015-02-02'), false), snils: m.snils };
    const before = (await s.owner.query('SELECT coalesce(max(id), 0) AS id FROM audit_log')).rows[0].id;
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: headers[role],
      payload: { ...payload, enrollment: { organizationId: orgA, startedOn: '2025-09-01' } },
    });
    const name = `${role} POST /api/v1/persons (${kind} of ${p}: ${PERSONS[p].situation})`;
    const want = STAFF.includes(role) ? 409 : 403;
    if (res.statusCode !== want) {
      failures.push(`${name}: got ${res.statusCode} ${res.body}, expected ${want}`);
      return;
    }
    if (want === 403) return;
    const full = levelOf(role, p) === 'full';
    const shown = res.body.includes(ids[p]);
    if (shown !== full) failures.push(`${name}: id shown ${shown}, expected ${full}`);
    if (!full) {
      // The caller typed the name and birth date of a candidate search; it gets neither back.
      const leaked = [m.lastName, m.birthDate, quoted(m.snils)].filter((x) => res.body.includes(x));
      if (leaked.length > 0) failures.push(`${name}: shows ${leaked.join(', ')}`);
    }
    const audited = await s.owner.query(
      `SELECT 1 FROM audit_log WHERE id > $1 AND subject_ids @> ARRAY[$2]::uuid[]
          AND (actor_user_id = $3 OR ($3 IS NULL AND actor_role = 'integration_client'))`,
      [before, ids[p], userIds[role] ?? null],
    );
    if (audited.rowCount === 0) failures.push(`${name}: no audit row names the person`);
  }

  it('every role × situation: a fuzzy match and an exact СНИЛС match', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const p of RECORDS.filter((x) => !PERSONS[x].parent)) await cell(role, p, 'candidates', failures);
      for (const p of RECORDS) await cell(role, p, 'exact', failures);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('what a card shows at each level', () => {
  const card = async (role: Role, p: PersonKey) => {
    const res = await get(role, `/api/v1/persons/${ids[p]}`);
    expect(res.statusCode, `${role} ${p}: ${res.body}`).toBe(200);
    return res.json();
  };

  it('full: identifiers, documents, addresses and the parent in scope', async () => {
    for (const role of STAFF) {
      const c = await card(role, 'learnerIn');
      expect(c.access).toBe('full');
      expect(c.snils).toBe(M.learnerIn.snils);
      expect(c.documents.map((d: { number: string }) => d.number)).toEqual([M.learnerIn.document]);
      expect(c.addresses.map((a: { text: string }) => a.text)).toEqual([M.learnerIn.address]);
      expect(c.representatives.map((r: { person: { id: string } }) => r.person.id)).toEqual([ids.parentIn]);
      expect(JSON.stringify(c)).toContain(M.parentIn.lastName);
      expect(c.allowedActions.length).toBeGreaterThan(0);
    }
  });

  it('archival: identity and the own past enrollment, nothing else, no actions', async () => {
    for (const role of STAFF.filter((r) => RULE[r].former === 'archival')) {
      const c = await card(role, 'learnerFormer');
      expect(c.access).toBe('archival');
      expect(c).toMatchObject({
        lastName: M.learnerFormer.lastName,
        birthDate: M.learnerFormer.birthDate,
        sex: 'female',
      });
      expect(c.snils).toBeNull();
      for (const k of ['documents', 'addresses', 'contacts', 'hardships', 'representatives', 'represents']) {
        expect(c[k], `${role} ${k}`).toEqual([]);
      }
      expect(c.enrollments.map((e: { organizationId: string }) => e.organizationId)).toEqual([orgA]);
      expect(c.allowedActions).toEqual([]);
      expect(JSON.stringify(c)).not.toContain(M.parentFormer.lastName);
    }
    // The region still sees the whole record, both schools included.
    const r = await card('regional_operator', 'learnerFormer');
    expect(r.access).toBe('full');
    expect(r.enrollments.map((e: { organizationId: string }) => e.organizationId).sort()).toEqual(
      [orgA, orgB].sort(),
    );
  });

  it('a parent’s card lists only the children in the caller’s scope (finding 5)', async () => {
    for (const role of STAFF) {
      const c = await card(role, 'parentIn');
      const children = c.represents.map((r: { person: { id: string } }) => r.person.id).sort();
      const inScope = role === 'regional_operator' ? [ids.learnerIn, ids.sibling] : [ids.learnerIn];
      expect(children, role).toEqual(inScope.sort());
      if (role !== 'regional_operator') {
        const body = JSON.stringify(c);
        for (const m of [ids.sibling, M.sibling.lastName, M.sibling.birthDate, M.sibling.snils]) {
          expect(body, `${role} sees «${m}» of the sibling`).not.toContain(m);
        }
      }
    }
  });

  it('a citizen sees her own record and both children through /citizen/me, no one else', async () => {
    const res = await get('citizen', '/api/v1/citizen/me');
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.person.id).toBe(ids.parentIn);
    expect(v.children.map((c: { card: { id: string } }) => c.card.id).sort()).toEqual(
      [ids.learnerIn, ids.sibling].sort(),
    );
    expect(res.body).toContain(quoted(M.sibling.snils));
    expect(res.body).toContain(quoted(M.learnerIn.document));
  });
});

describe('write routes refuse a person the caller may not fully see', () => {
  /** A representative for a link: a new person, whose record would be created if the link were made. */
  const newGuardian = () => ({
    relation: 'guardian',
    authorityDocument: 'Распоряжение об опеке № 1',
    representative: { ...fields(marks('Опекунова', '1975-03-03'), false), snils: undefined, addresses: [] },
  });
  /**
   * Every write route on an existing person, with the roles its policy admits. Where the caller has less
   * than full access to the person (out of scope, or archival) the answer is 404, as for an absent record.
   * The bodies are valid, and stale where a version counts, so that nothing is written even if a check fails.
   */
  const WRITES: Record<
    string,
    { roles: Role[]; url: (p: PersonKey) => string | null; body: (p: PersonKey) => unknown }
  > = {
    'PATCH /api/v1/persons/:id': {
      roles: STAFF,
      url: (p) => `/api/v1/persons/${ids[p]}`,
      body: () => ({ version: 999, lastName: 'Чужая' }),
    },
    'POST /api/v1/persons/:id/representatives': {
      roles: STAFF,
      url: (p) => `/api/v1/persons/${ids[p]}/representatives`,
      body: newGuardian,
    },
    'DELETE /api/v1/persons/:id/representatives/:linkId': {
      roles: STAFF,
      url: (p) => (linkIds[p] ? `/api/v1/persons/${ids[p]}/representatives/${linkIds[p]}` : null),
      body: () => undefined,
    },
    'POST /api/v1/persons/:id/consents': {
      roles: OPERATORS,
      url: (p) => `/api/v1/persons/${ids[p]}/consents`,
      body: () => ({ purpose: 'health_data', scope: ['health_group'], givenOn: '2024-09-01' }),
    },
    'POST /api/v1/persons/:id/consents/:consentId/revoke': {
      roles: OPERATORS,
      url: (p) => (consentIds[p] ? `/api/v1/persons/${ids[p]}/consents/${consentIds[p]}/revoke` : null),
      body: () => ({ revokedOn: '2025-01-10' }),
    },
    'PUT /api/v1/persons/:id/health': {
      roles: OPERATORS,
      url: (p) => `/api/v1/persons/${ids[p]}/health`,
      body: () => ({ version: 999, healthGroup: 5 }),
    },
    'POST /api/v1/persons/:id/merge': {
      roles: ['regional_operator', 'municipal_specialist'],
      url: (p) => `/api/v1/persons/${ids[p]}/merge`,
      body: () => ({
        mergedId: ids.learnerIn,
        reason: 'Проверка области доступа',
        version: 999,
        mergedVersion: 999,
      }),
    },
    'POST /api/v1/persons/:id/destroy': {
      roles: ['regional_operator'],
      url: (p) => `/api/v1/persons/${ids[p]}/destroy`,
      body: () => ({ basis: 'subject_request', confirm: true }),
    },
  };
  /**
   * Writes that would bring another record into the caller's scope: an enrollment of an existing person
   * and a link to an existing person. Neither may widen scope by itself (issue 7); after the attempt the
   * person still reads as absent.
   */
  const WIDENING: Record<string, { url: (p: PersonKey) => string; body: (p: PersonKey) => unknown }> = {
    'POST /api/v1/persons/:id/enrollments': {
      url: (p) => `/api/v1/persons/${ids[p]}/enrollments`,
      body: () => ({ organizationId: orgA, startedOn: '2025-09-01' }),
    },
    'POST /api/v1/persons/:id/representatives (existing person)': {
      url: () => `/api/v1/persons/${ids.learnerIn}/representatives`,
      body: (p) => ({
        relation: 'guardian',
        authorityDocument: 'Распоряжение об опеке № 2',
        representativeId: ids[p],
      }),
    },
  };

  it('the tables cover every write route on a person', () => {
    const routes = s.app.routeTable
      .filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.url.startsWith('/api/v1/persons/:id'))
      .map((r) => `${r.method} ${r.url}`);
    const known = [...Object.keys(WRITES), ...Object.keys(WIDENING).map((k) => k.replace(/ \(.*\)$/, ''))];
    expect(routes.filter((r) => !known.includes(r))).toEqual([]);
  });

  it('every role × write route × person beyond its full access: 403 by policy, else 404 as if absent', async () => {
    const failures: string[] = [];
    const absent = new Map<string, unknown>();
    for (const [route, w] of Object.entries(WRITES)) {
      const [method] = route.split(' ') as ['PATCH' | 'POST' | 'PUT' | 'DELETE'];
      for (const role of ROLES) {
        for (const p of PERSON_KEYS) {
          const allowed = w.roles.includes(role);
          if (allowed && levelOf(role, p) === 'full') continue;
          const url = w.url(p);
          if (!url) continue;
          const want = allowed ? 404 : 403;
          const res = await s.app.inject({
            method,
            url,
            headers: headers[role],
            payload: w.body(p) as object,
          });
          const cell = `${role} ${route} [${p}: ${PERSONS[p].situation}, ${levelOf(role, p)}]`;
          if (res.statusCode !== want) {
            failures.push(`${cell}: got ${res.statusCode} ${res.body.slice(0, 200)}, expected ${want}`);
            continue;
          }
          if (want === 404) {
            const key = `${role} ${route}`;
            if (!absent.has(key)) {
              const absentUrl = url.replaceAll(ids[p], randomUUID());
              const a = await s.app.inject({
                method,
                url: absentUrl,
                headers: headers[role],
                payload: w.body(p) as object,
              });
              absent.set(key, stripRequestId(a.body));
            }
            if (JSON.stringify(stripRequestId(res.body)) !== JSON.stringify(absent.get(key))) {
              failures.push(`${cell}: 404 body ${res.body} differs from an absent record's`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('no write brings a person beyond the caller’s full access into its scope', async () => {
    const failures: string[] = [];
    for (const [route, w] of Object.entries(WIDENING)) {
      for (const role of STAFF) {
        for (const p of RECORDS) {
          if (levelOf(role, p) === 'full') continue;
          const [method] = route.split(' ') as ['POST'];
          const res = await s.app.inject({
            method,
            url: w.url(p),
            headers: headers[role],
            payload: w.body(p) as object,
          });
          const cell = `${role} ${route} [${p}: ${PERSONS[p].situation}, ${levelOf(role, p)}]`;
          // Refused, or (202) a request for the holder of the record to approve; never done at once.
          if (res.statusCode === 200 || res.statusCode === 201)
            failures.push(`${cell}: got ${res.statusCode}, expected a refusal or a request`);
          const after = await get(role, `/api/v1/persons/${ids[p]}/versions`);
          if (after.statusCode !== 404)
            failures.push(`${cell}: afterwards the person reads ${after.statusCode}`);
          // Undo what a wrongly accepted write did, so each cell starts from the fixtures.
          await s.owner.query(
            `DELETE FROM enrollments WHERE person_id = $1 AND organization_id = $2 AND started_on = '2025-09-01'`,
            [ids[p], orgA],
          );
          await s.owner.query(
            `UPDATE representations SET revoked_at = now()
              WHERE learner_id = $1 AND representative_id = $2 AND revoked_at IS NULL`,
            [ids.learnerIn, ids[p]],
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
