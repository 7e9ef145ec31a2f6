import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/server/platform/db/tx.ts';
import { buildOrganization, buildUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('transactions', () => {
  it('a deadlock victim is rolled back and run again, so both crossing edits land', async () => {
    const org = await buildOrganization(s);
    const operator = await buildUser(s, 'org_admin', org.id);
    const a = await createLearner(s, operator, org.id);
    const b = await createLearner(s, operator, org.id);
    const db = s.app.services.db;
    let attempts = 0;
    let release: () => void = () => {};
    const bothLocked = new Promise<void>((r) => {
      let n = 0;
      release = () => {
        if (++n === 2) r();
      };
    });
    // Each transaction locks one person, waits until the other has locked the other one, then
    // reaches for it: a textbook deadlock that PostgreSQL breaks by aborting one of them.
    const cross = (first: string, second: string, place: string) =>
      withTransaction(db, async (tx) => {
        attempts++;
        await sql`UPDATE persons SET birth_place = ${place} WHERE id = ${first}`.execute(tx);
        release();
        await bothLocked;
        await sql`UPDATE persons SET birth_place = ${place} WHERE id = ${second}`.execute(tx);
      });
    await Promise.all([cross(a.id, b.id, 'с. Первое'), cross(b.id, a.id, 'с. Второе')]);
    expect(attempts).toBe(3);
    const places = await s.owner.query('SELECT birth_place FROM persons WHERE id = ANY($1)', [[a.id, b.id]]);
    const values = places.rows.map((r) => r.birth_place);
    expect(values[0]).toBe(values[1]);
  });

  it('other errors are not retried', async () => {
    let attempts = 0;
    await expect(
      withTransaction(s.app.services.db, async () => {
        attempts++;
        throw Object.assign(new Error('unique'), { code: '23505' });
      }),
    ).rejects.toThrow('unique');
    expect(attempts).toBe(1);
  });
});
