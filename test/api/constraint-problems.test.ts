import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('catalogue', () => {
  it('lists', async () => {
    const r = await s.owner.query(`
      SELECT c.conname AS name, c.contype AS type, c.conrelid::regclass::text AS table_name,
             pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = 'public' AND c.contype IN ('u', 'p', 'c', 'x')
      UNION ALL
      SELECT i.indexrelid::regclass::text, 'i', i.indrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND i.indisunique
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
       ORDER BY 3, 2, 1`);
    console.log(JSON.stringify(r.rows));
    expect(r.rows.length).toBeGreaterThan(0);
  });
});
