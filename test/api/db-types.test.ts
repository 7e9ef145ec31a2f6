import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { committedDbTypes, generateDbTypes } from '../../scripts/lib/db-types.ts';
import { withDatabase } from '../support/global-setup.ts';

// The Kysely types are generated from the migrated schema; a migration without `npm run db:types` fails here.
test('src/server/platform/db/schema.ts matches the migrated schema', async () => {
  const adminUrl = inject('pgAdminUrl');
  const name = `kt_types_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // A copy, not the template itself: a connection to the template would stop other files cloning it.
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  try {
    const generated = await generateDbTypes(withDatabase(adminUrl, name));
    expect(
      generated === committedDbTypes(),
      'schema.ts is stale: run `npm run db:types` and commit the result',
    ).toBe(true);
    expect(generated).toContain('person_cards: PersonCards;');
  } finally {
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
});
