import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildRegion } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

/** Ancestors by walking parent links, the slow way the closure table must agree with. */
async function walk(node: string): Promise<string[]> {
  const r = await s.owner.query(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT $1::uuid, 0
       UNION ALL
       SELECT coalesce(o.parent_organization_id, o.territory_id, t.parent_id), up.depth + 1
         FROM up LEFT JOIN organizations o ON o.id = up.id LEFT JOIN territories t ON t.id = up.id
        WHERE coalesce(o.parent_organization_id, o.territory_id, t.parent_id) IS NOT NULL)
     SELECT id FROM up ORDER BY depth`,
    [node],
  );
  return r.rows.map((x) => x.id);
}

it('the closure table equals the parent walk after random moves of organizations and branches', async () => {
  await buildRegion(s);
  const muns = [await buildMunicipality(s), await buildMunicipality(s), await buildMunicipality(s)];
  const orgs: string[] = [];
  for (let i = 0; i < 6; i++) orgs.push((await buildOrganization(s, { territoryId: muns[i % 3] })).id);
  await fc.assert(
    fc.asyncProperty(fc.nat(5), fc.nat(2), fc.option(fc.nat(5)), async (o, m, parent) => {
      const id = orgs[o]!;
      const parentId = parent === null || orgs[parent] === id ? null : orgs[parent]!;
      // A branch's own branches would be cycles; move those back under their municipality first.
      await s.owner.query(
        'UPDATE organizations SET parent_organization_id = NULL WHERE parent_organization_id = $1',
        [id],
      );
      if (parentId)
        await s.owner.query('UPDATE organizations SET parent_organization_id = NULL WHERE id = $1', [
          parentId,
        ]);
      await s.owner.query(
        'UPDATE organizations SET territory_id = $2, parent_organization_id = $3 WHERE id = $1',
        [id, muns[m], parentId],
      );
      for (const node of [...orgs, ...muns]) {
        const closure = await s.owner.query(
          'SELECT ancestor_id FROM scope_closure WHERE descendant_id = $1 ORDER BY depth',
          [node],
        );
        expect(closure.rows.map((x) => x.ancestor_id)).toEqual(await walk(node));
      }
    }),
    { numRuns: 40 },
  );
});
