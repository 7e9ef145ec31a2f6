import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let specialist: TestUser;
const ids: Record<string, string> = {};

// Names as the registry holds them; clerks type them without «№», quotes or capitals.
const NAMES: Array<[key: string, kind: string, full: string, short: string]> = [
  [
    'lyceum11',
    'school',
    'Муниципальное бюджетное общеобразовательное учреждение «Лицей № 11»',
    'МБОУ «Лицей № 11»',
  ],
  [
    'lyceum115',
    'school',
    'Муниципальное бюджетное общеобразовательное учреждение «Лицей № 115»',
    'МБОУ «Лицей № 115»',
  ],
  [
    'sosh4',
    'school',
    'Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 4',
    'МБОУ СОШ № 4',
  ],
  [
    'sosh14',
    'school',
    'Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 14',
    'МБОУ СОШ № 14',
  ],
  [
    'ds2',
    'preschool',
    'Муниципальное бюджетное дошкольное образовательное учреждение детский сад № 2',
    'МБДОУ д/с № 2',
  ],
  [
    'crr2',
    'preschool',
    'Муниципальное автономное дошкольное образовательное учреждение Центр развития ребенка – детский сад № 2 «Ёлочка»',
    'МАДОУ ЦРР – д/с № 2',
  ],
  [
    'ds24',
    'preschool',
    'Муниципальное бюджетное дошкольное образовательное учреждение детский сад № 24',
    'МБДОУ д/с № 24',
  ],
];

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s, 'Город Поиска');
  specialist = await buildUser(s, 'municipal_specialist', mun);
  for (const [key, kind, full, short] of NAMES) {
    const o = await buildOrganization(s, { territoryId: mun, kind });
    await s.owner.query('UPDATE organizations SET full_name = $2, short_name = $3 WHERE id = $1', [
      o.id,
      full,
      short,
    ]);
    ids[key] = o.id;
  }
});
afterAll(() => s.stop());

async function found(q: string): Promise<string[]> {
  const res = await s.app.inject({
    method: 'GET',
    url: `/api/v1/organizations?q=${encodeURIComponent(q)}&limit=100`,
    headers: specialist.headers,
  });
  expect(res.statusCode).toBe(200);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return (res.json().items as { id: string }[])
    .map((i) => byId[i.id]!)
    .filter(Boolean)
    .sort();
}

describe('organization search reads names as clerks type them', () => {
  it.each([
    ['Лицей 11', ['lyceum11']],
    ['лицей №11', ['lyceum11']],
    ['«ЛИЦЕЙ» 11', ['lyceum11']],
    ['СОШ 4', ['sosh4']],
    ['сош №4', ['sosh4']],
    ['школа 4', ['sosh4']],
    ['школа 14', ['sosh14']],
    ['д/с 2', ['crr2', 'ds2']],
    ['детский сад 2', ['crr2', 'ds2']],
    ['детсад 24', ['ds24']],
    ['елочка', ['crr2']],
    ['Лицей № 11', ['lyceum11']],
  ])('«%s»', async (q, expected) => {
    expect(await found(q)).toEqual(expected);
  });

  it('a number matches a whole number only', async () => {
    expect(await found('4')).toEqual(['sosh4']);
    expect(await found('11')).toEqual(['lyceum11']);
  });

  it('punctuation, LIKE wildcards included, separates words and matches nothing by itself', async () => {
    expect(await found('%')).toEqual(Object.keys(ids).sort());
    expect(await found('_4')).toEqual(['sosh4']);
    expect(await found('л%й 11')).toEqual([]);
  });
});
