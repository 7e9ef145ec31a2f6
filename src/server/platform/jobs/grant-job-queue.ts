import pg from 'pg';

/**
 * Gives the runtime login role what pg-boss needs in its schema: reading and writing its tables and
 * calling its functions; no CREATE, so the role still owns nothing and alters nothing. Run with the
 * owner's connection after the migrations, on every start (the role may be created after migration
 * 0019 ran, and a later pg-boss migration may add tables).
 */
export async function grantJobQueue(ownerUrl: string, role: string, schema = 'pgboss'): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'kontingent-migrate' });
  await client.connect();
  try {
    // A database migrated from another directory (a test's scratch migrations) may have no queue.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!exists.rowCount) return;
    const r = client.escapeIdentifier(role);
    const s = client.escapeIdentifier(schema);
    // Two servers starting together would otherwise collide on the same catalogue rows.
    await client.query(`
      BEGIN;
      SELECT pg_advisory_xact_lock(7388003);
      REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC;
      GRANT USAGE ON SCHEMA ${s} TO ${r};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r};
      COMMIT;
    `);
  } finally {
    await client.end();
  }
}
