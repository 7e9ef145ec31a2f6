import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { api } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let clerk: TestUser;
let munB: string;
let far: Awaited<ReturnType<typeof buildOrganization>>;
let closed: Awaited<ReturnType<typeof buildOrganization>>;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  const munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  const own = await buildOrganization(s, { territoryId: munA, kind: 'school' });
  far = await buildOrganization(s, { territoryId: munB, kind: 'school' });
  closed = await buildOrganization(s, { territoryId: munB, kind: 'school' });
  await s.owner.query(
    `UPDATE organizations SET status = 'liquidated', liquidated_on = current_date WHERE id = $1`,
    [closed.id],
  );
  clerk = await buildUser(s, 'org_operator', own.id);
});
afterAll(() => s.stop());

const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

describe('the organization directory', () => {
  it('lets a school find a school of another municipality, with the public fields only', async () => {
    // The registry search is scoped: the clerk does not find the other municipality's school there.
    const scoped = await call(clerk, 'GET', `/organizations?q=${encodeURIComponent(far.shortName)}`);
    expect(scoped.json().items.map((i: { id: string }) => i.id)).not.toContain(far.id);

    const res = await call(clerk, 'GET', `/organizations/directory?q=${encodeURIComponent(far.shortName)}`);
    expect(res.statusCode, res.body).toBe(200);
    const hit = res.json().items.find((i: { id: string }) => i.id === far.id);
    expect(Object.keys(hit).sort()).toEqual(['fullName', 'id', 'inn', 'kind', 'shortName', 'territoryName']);
    expect(res.body).not.toContain('Иванова Мария Петровна');

    const byInn = await call(clerk, 'GET', `/organizations/directory?q=${far.inn}`);
    expect(ids(byInn.json())).toContain(far.id);
    const inMun = await call(
      clerk,
      'GET',
      `/organizations/directory?territoryId=${munB.toUpperCase()}&kind=school`,
    );
    expect(ids(inMun.json())).toContain(far.id);
    // A liquidated organization receives nobody.
    expect(ids(inMun.json())).not.toContain(closed.id);
  });

  it('refuses bad input with a field path and serves staff only', async () => {
    const nul = await call(clerk, 'GET', '/organizations/directory?q=%D1%88%D0%BA%00');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].path).toBe('query.q');
    const many = await call(clerk, 'GET', '/organizations/directory?limit=5000');
    expect(many.statusCode).toBe(400);
    expect(many.json().errors[0].path).toBe('query.limit');
    const capped = await call(clerk, 'GET', '/organizations/directory?limit=50');
    expect(capped.statusCode).toBe(200);
    expect(capped.json().items.length).toBeLessThanOrEqual(50);
    const citizen = await buildUser(s, 'citizen', null);
    expect((await call(citizen, 'GET', '/organizations/directory?q=школа')).statusCode).toBe(403);
  });
});
