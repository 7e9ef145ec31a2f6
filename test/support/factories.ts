import { randomUUID } from 'node:crypto';
import { makeInn10, makeOgrn } from '../../src/common/identifiers/index.ts';
import type { Role } from '../../src/common/roles.ts';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import type { TestServer } from './server.ts';

export const PASSWORD = 'Test-Password-2026!';
let passwordHash: Promise<string> | null = null;
let counter = 0;
const next = () => ++counter + Math.floor(Math.random() * 1e6);

const digits = (n: number, len: number) => String(n).padStart(len, '0').slice(-len);

export async function buildRegion(s: TestServer) {
  const existing = await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`);
  if (existing.rows[0]) return existing.rows[0].id as string;
  const r = await s.owner.query(
    `INSERT INTO territories (kind, name, oktmo) VALUES ('region', 'Иркутская область', '25000000') RETURNING id`,
  );
  return r.rows[0].id as string;
}

export async function buildMunicipality(s: TestServer, name = `Муниципалитет ${next()}`) {
  const regionId = await buildRegion(s);
  const r = await s.owner.query(
    `INSERT INTO territories (kind, name, oktmo, parent_id, municipality_type)
     VALUES ('municipality', $1, $2, $3, 'urban_okrug') RETURNING id`,
    [name, `25${digits(next(), 6)}`, regionId],
  );
  return r.rows[0].id as string;
}

/** A valid organization payload for the API; ИНН/ОГРН are unique and pass their checksums. */
export function organizationInput(territoryId: string, over: Record<string, unknown> = {}) {
  const n = next();
  return {
    kind: 'school',
    fullName: `Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № ${n}»`,
    shortName: `МБОУ СОШ № ${n}`,
    legalForm: '75403',
    inn: makeInn10(`38${digits(n, 7)}`),
    kpp: `38${digits(n, 2)}01001`,
    ogrn: makeOgrn(`10238${digits(n, 7)}`),
    territoryId,
    ...over,
  };
}

export async function buildOrganization(s: TestServer, opts: { territoryId?: string; kind?: string } = {}) {
  const territoryId = opts.territoryId ?? (await buildMunicipality(s));
  const o = organizationInput(territoryId, opts.kind ? { kind: opts.kind } : {});
  const r = await s.owner.query(
    `INSERT INTO organizations (kind, full_name, short_name, legal_form, inn, kpp, ogrn, territory_id, head)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      o.kind,
      o.fullName,
      o.shortName,
      o.legalForm,
      o.inn,
      o.kpp,
      o.ogrn,
      territoryId,
      { fullName: 'Иванова Мария Петровна', position: 'Директор' },
    ],
  );
  return { ...o, id: r.rows[0].id as string, territoryId };
}

export type TestUser = {
  id: string;
  login: string;
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
};

/** A user with one role, signed in through the real login endpoint. */
export async function buildUser(
  s: TestServer,
  role: Role,
  scopeNodeId: string | null,
  opts: { healthAccess?: boolean } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const login = `u${randomUUID().slice(0, 8)}`;
  const u = await s.owner.query(
    `INSERT INTO users (login, full_name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [login, `Тестовый ${role}`, await passwordHash],
  );
  const id = u.rows[0].id as string;
  await s.owner.query(
    `INSERT INTO role_assignments (user_id, role, scope_node_id, health_access) VALUES ($1, $2, $3, $4)`,
    [id, role, scopeNodeId, opts.healthAccess ?? false],
  );
  return { id, ...(await signIn(s, login)) };
}

export async function signIn(s: TestServer, login: string, password = PASSWORD) {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kt_session')!;
  const csrf = res.json().csrfToken as string;
  const cookieHeader = `kt_session=${cookie.value}`;
  return { login, cookie: cookieHeader, csrf, headers: { cookie: cookieHeader, 'x-csrf-token': csrf } };
}

export async function auditRows(s: TestServer, where: string, params: unknown[] = []) {
  const r = await s.owner.query(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`, params);
  return r.rows;
}

/**
 * An API token for a system reading the organizations' data (an e-journal, the federal segment), issued
 * by a municipal specialist; answers the headers that present it. Throws unless the token was issued.
 */
export async function apiTokenHeaders(
  s: TestServer,
  issuer: TestUser,
  organizationIds: string[],
  name = 'Внешняя система',
) {
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: issuer.headers,
    payload: { name, organizationIds },
  });
  if (res.statusCode !== 201) throw new Error(`api token not issued: ${res.statusCode} ${res.body}`);
  return { authorization: `Bearer ${res.json().token as string}` };
}
