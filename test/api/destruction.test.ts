import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  PASSWORD,
  signIn,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let org: string;
let regional: TestUser;
let operator: TestUser;
let municipal: TestUser;
let victimId: string;
let aliasId: string;
let motherId: string;
let actId: string;
let actNumber: string;
let citizen: TestUser;

const OPERATOR = {
  OPERATOR_NAME: 'Министерство просвещения Энской области',
  OPERATOR_INN: '3808171468',
  OPERATOR_ADDRESS: 'г. Энск, ул. Центральная, д. 1',
  OPERATOR_SIGNER_POSITION: 'Заместитель министра',
};

const SNILS = makeSnils('662607015');
const ALIAS_SNILS = makeSnils('602214076');
const V = {
  lastName: 'Уничтожаемова',
  firstName: 'Виолетта',
  middleName: 'Радиславовна',
  birthDate: '2014-05-17',
  birthPlace: 'пос. Тайный Ключ',
  address: 'Иркутская обл., пос. Тайный Ключ, ул. Забытая, д. 77',
  phone: '+7 902 111-22-33',
  email: 'violetta.u@example.ru',
  docNumber: '640512',
  aliasLastName: 'Уничтажаемова',
  aliasDocNumber: '640599',
  ipra: 'ИПРА-777-2021',
  pmpk: 'ПМПК-5150',
  consentDocument: 'Заявление Уничтожаемовой от 01.09.2021',
};
const SECRETS = [
  V.lastName,
  V.firstName,
  V.middleName,
  V.birthDate,
  V.birthPlace,
  V.address,
  'Забытая',
  V.phone,
  V.email,
  V.docNumber,
  V.aliasLastName,
  V.aliasDocNumber,
  V.ipra,
  V.pmpk,
  'Уничтожаемов',
  SNILS,
  ALIAS_SNILS,
];

const destroy = (u: TestUser | null, id: string, payload: unknown) =>
  s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${id}/destroy`,
    headers: u ? u.headers : {},
    payload: payload as object,
  });
const get = (u: TestUser | null, url: string) =>
  s.app.inject({ method: 'GET', url, headers: u ? u.headers : {} });
const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

/**
 * The text of a pdfkit PDF: Roboto is embedded as a subset with a ToUnicode map per font, and text
 * is drawn as hex glyph codes; mapping them back is enough to read what the document says.
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.indexOf('stream');
    let stream: string | null = null;
    if (at >= 0) {
      const start = m.index! + m[0].indexOf(body) + at + 'stream'.length + 1;
      const bytes = pdf.subarray(start, raw.indexOf('endstream', start));
      try {
        stream = inflateSync(bytes).toString('latin1');
      } catch {
        stream = bytes.toString('latin1');
      }
    }
    objects.set(m[1]!, { dict: at >= 0 ? body.slice(0, at) : body, stream });
  }
  const fonts = new Map<string, Map<number, string>>();
  for (const m of raw.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(m[2]!)?.dict ?? '');
    const cmap = ref ? objects.get(ref[1]!)?.stream : null;
    if (!cmap || fonts.has(m[1]!)) continue;
    const map = new Map<number, string>();
    for (const r of cmap.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/g)) {
      [...r[2]!.matchAll(/<([0-9a-f]+)>/g)].forEach((d, i) => {
        const chars = d[1]!.match(/.{4}/g)!.map((h) => String.fromCharCode(Number.parseInt(h, 16)));
        map.set(Number.parseInt(r[1]!, 16) + i, chars.join(''));
      });
    }
    fonts.set(m[1]!, map);
  }
  let out = '';
  for (const { stream } of objects.values()) {
    if (!stream?.includes('BT')) continue;
    let font = new Map<number, string>();
    for (const t of stream.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9a-f]+)>|(ET)/g)) {
      if (t[1]) font = fonts.get(t[1]) ?? new Map();
      else if (t[2])
        out += t[2]
          .match(/.{4}/g)!
          .map((h) => font.get(Number.parseInt(h, 16)) ?? '')
          .join('');
      else out += '\n';
    }
  }
  // Each word is drawn on its own; a word followed by a space continues the line.
  return out.replace(/ \n/g, ' ');
}

beforeAll(async () => {
  s = await startTestServer(OPERATOR);
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  org = (await buildOrganization(s, { territoryId: mun })).id;
  regional = await buildUser(s, 'regional_operator', region, { healthAccess: true });
  operator = await buildUser(s, 'org_operator', org);
  municipal = await buildUser(s, 'municipal_specialist', mun);
  const victim = await createLearner(s, operator, org, {
    lastName: V.lastName,
    firstName: V.firstName,
    middleName: V.middleName,
    birthDate: V.birthDate,
    birthPlace: V.birthPlace,
    sex: 'female',
    snils: SNILS,
    documents: [{ type: '03', series: 'II-ИК', number: V.docNumber, issuedOn: '2014-06-02' }],
    addresses: [{ kind: 'registration', text: V.address, oktmo: '25612151' }],
    contacts: [
      { kind: 'phone', value: V.phone },
      { kind: 'email', value: V.email },
    ],
    hardships: [{ category: 'family_hardship', startedOn: '2022-02-01', note: 'Семья Уничтожаемовых' }],
    enrollment: { organizationId: org, startedOn: '2021-09-01' },
  });
  victimId = victim.id;
  const patched = await s.app.inject({
    method: 'PATCH',
    url: `/api/v1/persons/${victimId}`,
    headers: operator.headers,
    payload: { version: 1, birthPlace: `${V.birthPlace}, Иркутский р-н` },
  });
  if (patched.statusCode !== 200) throw new Error(patched.body);
  const rep = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${victimId}/representatives`,
    headers: operator.headers,
    payload: {
      relation: 'mother',
      representative: learnerInput(null, {
        lastName: 'Хранителева',
        firstName: 'Мария',
        middleName: 'Олеговна',
        sex: 'female',
        birthDate: '1986-04-09',
        documents: [],
      }),
    },
  });
  if (rep.statusCode !== 201) throw new Error(rep.body);
  motherId = rep.json().representatives[0].person.id;
  await q(`INSERT INTO person_health (person_id, health_group, pe_group) VALUES ($1, 3, 'special_a')`, [
    victimId,
  ]);
  await q(
    `INSERT INTO person_disabilities (person_id, category, valid_from, ipra_number) VALUES ($1, 'child', '2019-03-01', $2)`,
    [victimId, V.ipra],
  );
  await q(
    `INSERT INTO person_special_needs (person_id, pmpk_date, pmpk_number) VALUES ($1, '2020-04-01', $2)`,
    [victimId, V.pmpk],
  );
  await q(
    `INSERT INTO consents (subject_id, representative_id, purpose, scope, given_on, document)
     VALUES ($1, $2, 'health_data', '{health_group,disability}', '2021-09-01', $3)`,
    [victimId, motherId, V.consentDocument],
  );
  const other = await createLearner(s, operator, org);
  const [a, b] = [victimId, other.id].sort();
  await q(`INSERT INTO person_distinctions (person_a, person_b, reason) VALUES ($1, $2, $3)`, [
    a,
    b,
    `${V.lastName} — другой ребенок`,
  ]);
  // An earlier duplicate, merged into the record: the same child, so it goes too.
  const alias = await q(
    `INSERT INTO persons (last_name, first_name, birth_date, sex, snils, status, merged_into_id)
     VALUES ($1, 'Виолета', $2, 'female', $3, 'merged', $4) RETURNING id`,
    [V.aliasLastName, V.birthDate, ALIAS_SNILS, victimId],
  );
  aliasId = alias[0].id;
  await q(`INSERT INTO person_documents (person_id, type, series, number) VALUES ($1, '03', 'II-ИК', $2)`, [
    aliasId,
    V.aliasDocNumber,
  ]);
  await q(`INSERT INTO person_merges (survivor_id, merged_id, reason, moved) VALUES ($1, $2, $3, $4)`, [
    victimId,
    aliasId,
    `Дубль ${V.lastName}`,
    JSON.stringify({ documents: [V.aliasDocNumber] }),
  ]);
  // A request for access to her record, with a free-text comment, and the match token it came from.
  await q(
    `INSERT INTO access_requests (kind, person_id, requester_user_id, requester_node_id, target_node_id,
       organization_id, started_on, comment)
     VALUES ('enroll', $1, $2, $3, $3, $3, '2025-09-01', $4)`,
    [victimId, operator.id, org, `Переводится ${V.lastName}`],
  );
  await q(
    `INSERT INTO match_tokens (token_hash, user_id, person_id, expires_at)
     VALUES (sha256('destruction-test'::bytea), $1, $2, now() + interval '1 hour')`,
    [operator.id, victimId],
  );
  expect((await get(operator, `/api/v1/persons/${victimId}`)).statusCode).toBe(200);
  // Her own ЕСИА account, as sign-in creates it: the СНИЛС and the name ЕСИА gave.
  const account = await buildUser(s, 'citizen', null);
  await q('UPDATE users SET snils = $1, full_name = $2 WHERE id = $3', [
    SNILS,
    `${V.lastName} ${V.firstName} ${V.middleName}`,
    account.id,
  ]);
  citizen = { id: account.id, ...(await signIn(s, account.login)) };
  expect((await get(citizen, '/api/v1/citizen/me')).json().person.id).toBe(victimId);
});
afterAll(() => s.stop());

const BODY = { basis: 'subject_request', basisDetails: 'Заявление вх. № 45 от 10.06.2025', confirm: true };

describe('destruction: refusals', () => {
  it('answers 401 anonymously and 403 below the regional operator, audited', async () => {
    expect((await destroy(null, victimId, BODY)).statusCode).toBe(401);
    for (const u of [municipal, operator]) {
      const res = await destroy(u, victimId, BODY);
      expect(res.statusCode).toBe(403);
      expect((await get(u, '/api/v1/destruction-acts')).statusCode).toBe(403);
    }
    const denied = await auditRows(s, `action = 'person.destroy' AND outcome = 'denied'`);
    expect(denied.map((r) => r.actor_user_id)).toEqual(expect.arrayContaining([municipal.id, operator.id]));
  });

  it('rejects bad input with field paths and never touches the record', async () => {
    const cases: [unknown, string][] = [
      [{ basis: 'whim', confirm: true }, 'body.basis'],
      [{ basis: 'subject_request' }, 'body.confirm'],
      [{ basis: 'subject_request', confirm: false }, 'body.confirm'],
      [{ ...BODY, extra: 1 }, 'body.extra'],
      [{ ...BODY, basisDetails: 'x'.repeat(501) }, 'body.basisDetails'],
    ];
    for (const [payload, path] of cases) {
      const res = await destroy(regional, victimId, payload);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await destroy(regional, 'not-a-uuid', BODY)).statusCode).toBe(400);
    const missing = await destroy(regional, '00000000-0000-4000-8000-000000000000', BODY);
    expect(missing.statusCode).toBe(404);
    expect(
      await auditRows(s, `action = 'person.destroy' AND outcome = 'denied' AND object_id = $1`, [
        '00000000-0000-4000-8000-000000000000',
      ]),
    ).toHaveLength(1);
    expect((await q('SELECT status FROM persons WHERE id = $1', [victimId]))[0].status).toBe('active');
  });

  it('refuses a merged alias (409), a learner still enrolled (422) and a basis naming the subject (422)', async () => {
    const alias = await destroy(regional, aliasId, BODY);
    expect(alias.statusCode).toBe(409);
    expect(alias.json().survivorId).toBe(victimId);
    const enrolled = await destroy(regional, victimId, BODY);
    expect(enrolled.statusCode).toBe(422);
    expect(enrolled.json().errors[0].code).toBe('still_enrolled');
    await q(`UPDATE enrollments SET ended_on = '2025-05-31' WHERE person_id = $1`, [victimId]);
    for (const details of [
      `Заявление ${V.lastName.slice(0, -1)}ой В. Р.`,
      `СНИЛС ${SNILS.slice(0, 3)}-${SNILS.slice(3, 6)}-${SNILS.slice(6, 9)} ${SNILS.slice(9)}`,
      `свидетельство ${V.docNumber}`,
      // Latin look-alikes, invisible characters and full-width digits spell the same identifiers.
      `Заявление ${V.lastName.replace(/а/g, 'a').replace(/о/g, 'o').replace('У', 'Y')}`,
      `Заявление ${V.lastName.slice(0, 5)}\u200b${V.lastName.slice(5)}`,
      `СНИЛС ${[...SNILS].map((d) => String.fromCharCode(0xff10 + Number(d))).join('')}`,
    ]) {
      const res = await destroy(regional, victimId, { ...BODY, basisDetails: details });
      expect(res.statusCode, details).toBe(422);
      expect(res.json().errors[0].path).toBe('body.basisDetails');
    }
    expect(await q('SELECT 1 FROM destruction_acts')).toHaveLength(0);
  });
});

describe('destruction', () => {
  it('destroys the data in one go and writes a numbered act', async () => {
    const counted = async () =>
      (await q('SELECT count(*)::int AS n FROM enrollments WHERE organization_id = $1', [org]))[0]
        .n as number;
    const before = await counted();
    const res = await destroy(regional, victimId, BODY);
    expect(res.statusCode, res.body).toBe(201);
    ({ actId, actNumber } = res.json());
    expect(actNumber).toMatch(/^УПД-\d{4}-\d{6}$/);

    expect((await get(regional, `/api/v1/persons/${victimId}`)).statusCode).toBe(404);
    const search = await get(regional, `/api/v1/persons?q=${encodeURIComponent(V.lastName)}`);
    expect(search.json().items.map((i: { id: string }) => i.id)).not.toContain(victimId);
    expect((await get(regional, `/api/v1/persons?snils=${SNILS}`)).json().items).toEqual([]);
    expect(await counted()).toBe(before);
    const requests = await q(
      `SELECT (SELECT count(*) FROM access_requests WHERE person_id = $1)::int AS r,
              (SELECT count(*) FROM match_tokens WHERE person_id = $1)::int AS t`,
      [victimId],
    );
    expect(requests[0]).toEqual({ r: 0, t: 0 });

    const [row] = await q('SELECT * FROM persons WHERE id = $1', [victimId]);
    expect(row).toMatchObject({
      status: 'destroyed',
      last_name: 'Удалено',
      middle_name: null,
      birth_date: '2014-01-01',
      sex: 'female',
      snils: null,
      birth_place: null,
    });
    expect((await q('SELECT status, merged_into_id FROM persons WHERE id = $1', [aliasId]))[0]).toEqual({
      status: 'destroyed',
      merged_into_id: null,
    });
    const [act] = await q('SELECT * FROM destruction_acts WHERE id = $1', [actId]);
    expect(act).toMatchObject({
      person_id: victimId,
      basis: 'subject_request',
      performed_by: regional.id,
      kept_statistics: { sex: 'female', birthYear: 2014, municipalityOktmo: '25612151', enrollments: 1 },
    });
    expect(act.destroyed_categories).toEqual(
      expect.arrayContaining([
        'full_name',
        'birth_date',
        'birth_place',
        'snils',
        'citizenship',
        'documents',
        'addresses',
        'contacts',
        'hardships',
        'health',
        'disabilities',
        'special_needs',
        'representations',
        'consent_details',
        'change_history',
        'duplicate_decisions',
        'merge_records',
      ]),
    );
    // The consent stays as evidence of a lawful basis, without what identifies anyone.
    expect(
      await q('SELECT purpose, given_on, document, representative_id FROM consents WHERE subject_id = $1', [
        victimId,
      ]),
    ).toEqual([{ purpose: 'health_data', given_on: '2021-09-01', document: null, representative_id: null }]);
    const history = await q(`SELECT action FROM change_history WHERE entity_id = ANY($1::uuid[])`, [
      [victimId, aliasId],
    ]);
    expect(history).toEqual([{ action: 'destroy' }]);
    const mother = (await get(regional, `/api/v1/persons/${motherId}`)).json();
    expect(mother.status).toBe('active');
    expect(mother.represents).toEqual([]);

    const [audit] = await auditRows(s, `action = 'person.destroy' AND outcome = 'success'`);
    expect(audit).toMatchObject({ object_id: victimId, actor_user_id: regional.id });
    expect(audit.details).toMatchObject({ actId, actNumber, basis: 'subject_request', aliases: 1 });
    expect(audit.subject_ids).toEqual(expect.arrayContaining([victimId, aliasId, motherId]));
  });

  it('leaves none of the personal data in any table, the audit log included', async () => {
    const tables = await q(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.length).toBeGreaterThan(20);
    for (const { tablename } of tables) {
      const rows = await q(`SELECT t::text AS row FROM "${tablename}" t`);
      const text = rows.map((r) => r.row as string).join('\n');
      for (const secret of SECRETS) expect(text.includes(secret), `${tablename}: ${secret}`).toBe(false);
    }
    const audit = (await q('SELECT t::text AS row FROM audit_log t')).map((r) => r.row).join('\n');
    expect(audit).toContain(victimId);
    for (const secret of SECRETS) expect(audit).not.toContain(secret);
  });

  it('closes the citizen account linked by the СНИЛС: its session stops working', async () => {
    expect((await get(citizen, '/api/v1/citizen/me')).statusCode).toBe(401);
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: citizen.login, password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
    const [user] = await q(
      'SELECT blocked, snils, full_name, login, email, password_hash FROM users WHERE id = $1',
      [citizen.id],
    );
    expect(user).toEqual({
      blocked: true,
      snils: null,
      full_name: 'Удалено',
      login: null,
      email: null,
      password_hash: null,
    });
    const live = `user_id = $1 AND revoked_at IS NULL`;
    expect(await q(`SELECT 1 FROM sessions WHERE ${live}`, [citizen.id])).toEqual([]);
    expect(await q(`SELECT 1 FROM role_assignments WHERE ${live}`, [citizen.id])).toEqual([]);
    const [act] = await q('SELECT destroyed_categories FROM destruction_acts WHERE id = $1', [actId]);
    expect(act.destroyed_categories).toContain('citizen_account');

    const [audit] = await auditRows(s, `action = 'user.block' AND object_id = $1`, [citizen.id]);
    expect(audit).toMatchObject({ actor_user_id: regional.id, outcome: 'success', subject_ids: [victimId] });
    expect(audit.details).toMatchObject({ reason: 'person_destroyed', actId, grantsRevoked: 1 });
    expect(audit.details.sessionsRevoked).toBeGreaterThanOrEqual(1);
    const [destroyed] = await auditRows(s, `action = 'person.destroy' AND outcome = 'success'`);
    expect(destroyed.details.citizenAccounts).toBe(1);
  });

  it('answers 404 to a second destruction of the same record', async () => {
    expect((await destroy(regional, victimId, BODY)).statusCode).toBe(404);
    expect((await destroy(regional, aliasId, BODY)).statusCode).toBe(404);
  });
});

describe('acts', () => {
  it('lists acts with their categories and the performer', async () => {
    const res = await get(regional, '/api/v1/destruction-acts');
    expect(res.statusCode).toBe(200);
    const [item] = res.json().items;
    expect(item).toMatchObject({
      id: actId,
      actNumber,
      personId: victimId,
      basis: 'subject_request',
      basisDetails: BODY.basisDetails,
      performedBy: { id: regional.id },
    });
    expect(item.basisTitle).toMatch(/Требование субъекта/);
    expect(item.destroyedCategories).toContainEqual({ code: 'snils', title: 'СНИЛС' });
    expect(res.json().nextCursor).toBeNull();
    expect((await get(regional, '/api/v1/destruction-acts?cursor=zzz')).statusCode).toBe(400);
    expect(
      await auditRows(s, `action = 'destruction_act.list' AND actor_user_id = $1`, [regional.id]),
    ).toHaveLength(1);
  });

  it('renders the act as a PDF that names the record and the categories, not the person', async () => {
    const res = await get(regional, `/api/v1/destruction-acts/${actId}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="destruction-act-/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(res.rawPayload);
    expect(text).toContain(`АКТ № ${actNumber}`);
    // A long uuid wraps at a hyphen.
    expect(text.replace(/-\n/g, '-')).toContain(victimId);
    expect(text).toContain('СНИЛС');
    expect(text).toContain('Требование субъекта персональных данных');
    expect(text).toContain('Выгрузка из журнала регистрации событий');
    expect(text).toContain('Тестовый regional_operator');
    // The operator as configured, and the official who signs for it.
    expect(text).toContain(OPERATOR.OPERATOR_NAME);
    expect(text).toContain(`ИНН ${OPERATOR.OPERATOR_INN}`);
    expect(text).toContain(OPERATOR.OPERATOR_ADDRESS);
    expect(text).toContain(OPERATOR.OPERATOR_SIGNER_POSITION);
    expect(text).not.toContain('Региональный оператор АИС');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(await auditRows(s, `action = 'destruction_act.read' AND object_id = $1`, [actId])).toHaveLength(1);
    expect(
      (await get(regional, '/api/v1/destruction-acts/00000000-0000-4000-8000-000000000000/pdf')).statusCode,
    ).toBe(404);
    expect((await get(operator, `/api/v1/destruction-acts/${actId}/pdf`)).statusCode).toBe(403);
  });
});

describe('destruction: a staff account with the same СНИЛС', () => {
  it('keeps the account and its staff role, and ends the citizen role and the sessions', async () => {
    const snils = makeSnils('141421356');
    const learner = await createLearner(s, operator, org, { snils });
    await q(`UPDATE enrollments SET ended_on = '2025-05-31' WHERE person_id = $1`, [learner.id]);
    const staff = await buildUser(s, 'org_operator', org);
    await q('UPDATE users SET snils = $1 WHERE id = $2', [snils, staff.id]);
    await q(`INSERT INTO role_assignments (user_id, role) VALUES ($1, 'citizen')`, [staff.id]);
    const before = { id: staff.id, ...(await signIn(s, staff.login)) };
    expect((await get(before, '/api/v1/citizen/me')).json().person.id).toBe(learner.id);

    const res = await destroy(regional, learner.id, BODY);
    expect(res.statusCode, res.body).toBe(201);
    expect((await get(before, '/api/v1/citizen/me')).statusCode).toBe(401);
    expect((await q('SELECT blocked, snils, full_name FROM users WHERE id = $1', [staff.id]))[0]).toEqual({
      blocked: false,
      snils,
      full_name: 'Тестовый org_operator',
    });
    const roles = await q('SELECT role FROM role_assignments WHERE user_id = $1 AND revoked_at IS NULL', [
      staff.id,
    ]);
    expect(roles).toEqual([{ role: 'org_operator' }]);
    const after = { id: staff.id, ...(await signIn(s, staff.login)) };
    expect((await get(after, '/api/v1/citizen/me')).statusCode).toBe(403);
    expect((await get(after, `/api/v1/organizations/${org}`)).statusCode).toBe(200);

    const [audit] = await auditRows(s, `action = 'role.revoke' AND object_id = $1`, [staff.id]);
    expect(audit.subject_ids).toEqual([learner.id]);
    expect(audit.details).toMatchObject({
      role: 'citizen',
      reason: 'person_destroyed',
      actId: res.json().actId,
      grantsRevoked: 1,
    });
    const [act] = await q('SELECT destroyed_categories FROM destruction_acts WHERE id = $1', [
      res.json().actId,
    ]);
    expect(act.destroyed_categories).not.toContain('citizen_account');
  });
});
