import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { api } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let specialist: TestUser;
let region: TestUser;
let other: TestUser;
let mun: string;
let oktmo: string;
let kg: string[];
let far: string;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  mun = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  oktmo = (await s.owner.query('SELECT oktmo FROM territories WHERE id = $1', [mun])).rows[0].oktmo;
  kg = [];
  for (let i = 0; i < 3; i++)
    kg.push((await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id);
  far = (await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id;
  specialist = await buildUser(s, 'municipal_specialist', mun);
  other = await buildUser(s, 'municipal_specialist', munB);
  region = await buildUser(s, 'regional_operator', await buildRegion(s));
});
afterAll(() => s.stop());

const settlement = (n: number) => `${oktmo.slice(0, 8)}${String(n).padStart(3, '0')}`;
const paths = (res: { json: () => { errors?: { path: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.path}:${e.code}`);

describe('catchments', () => {
  it('are kept by the municipality and suggest the kindergartens of an address', async () => {
    const north = await call(specialist, 'POST', '/catchments', {
      municipalityId: mun,
      name: 'Северный',
      oktmo: [settlement(101), settlement(102)],
      kindergartenIds: [kg[0], kg[1]],
    });
    expect(north.statusCode, north.body).toBe(201);
    const south = await call(specialist, 'POST', '/catchments', {
      municipalityId: mun,
      name: 'Южный',
      oktmo: [settlement(201)],
      kindergartenIds: [kg[2]],
      neighbours: [north.json().id],
    });
    expect(south.statusCode, south.body).toBe(201);
    const hint = await call(
      specialist,
      'GET',
      `/catchments/suggest?municipalityId=${mun}&oktmo=${settlement(102)}`,
    );
    expect(hint.json()).toMatchObject({ catchment: { name: 'Северный' } });
    expect(
      hint
        .json()
        .kindergartens.map((k: { id: string }) => k.id)
        .sort(),
    ).toEqual([kg[0], kg[1]].sort());
    const none = await call(
      specialist,
      'GET',
      `/catchments/suggest?municipalityId=${mun}&oktmo=${settlement(999)}`,
    );
    expect(none.json()).toEqual({ catchment: null, kindergartens: [] });
    const list = await call(region, 'GET', `/catchments?municipalityId=${mun}`);
    expect(list.json().items.map((c: { name: string }) => c.name)).toEqual(['Северный', 'Южный']);

    const changed = await call(specialist, 'PUT', `/catchments/${north.json().id}`, {
      name: 'Северный',
      oktmo: [settlement(101)],
      kindergartenIds: [kg[0]],
      version: 1,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, kindergartens: [{ id: kg[0] }] });
    const stale = await call(specialist, 'PUT', `/catchments/${north.json().id}`, {
      name: 'Северный',
      oktmo: [],
      kindergartenIds: [],
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses settlements of another municipality or catchment, foreign kindergartens and strangers', async () => {
    const bad = await call(specialist, 'POST', '/catchments', {
      municipalityId: mun,
      name: 'Спорный',
      oktmo: ['25999000001', settlement(201), 'abc'],
      kindergartenIds: [far],
      neighbours: [mun],
    });
    expect(bad.statusCode).toBe(400);
    // The malformed code is refused by the shape before anything else is looked at.
    expect(paths(bad)).toEqual(['body.oktmo.2:invalid_format']);
    const res = await call(specialist, 'POST', '/catchments', {
      municipalityId: mun,
      name: 'Спорный',
      oktmo: ['25999000001', settlement(201)],
      kindergartenIds: [far],
      neighbours: [mun],
    });
    expect(paths(res).sort()).toEqual(
      [
        'body.kindergartenIds.0:outside_municipality',
        'body.neighbours.0:not_found',
        'body.oktmo.0:outside_municipality',
        'body.oktmo.1:in_other_catchment',
      ].sort(),
    );
    const stranger = await call(other, 'POST', '/catchments', {
      municipalityId: mun,
      name: 'Чужой',
      oktmo: [],
      kindergartenIds: [],
    });
    expect(stranger.statusCode).toBe(403);
    expect(
      (
        await call(region, 'POST', '/catchments', {
          municipalityId: mun,
          name: 'X',
          oktmo: [],
          kindergartenIds: [],
        })
      ).statusCode,
    ).toBe(403);
    const listB = await call(other, 'GET', `/catchments?municipalityId=${mun}`);
    expect(listB.statusCode).toBe(403);
  });
});
