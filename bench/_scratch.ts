import pg from 'pg';
import { ensureUser, signIn, startBenchApp } from './harness/app.ts';
import { captureQueries } from './harness/capture.ts';
import { openBenchDatabase } from './harness/database.ts';
import { prepareRegion } from './harness/region.ts';

const db = await openBenchDatabase();
const app = await startBenchApp(db.adminUrl);
const admin = new pg.Client({ connectionString: db.adminUrl });
await admin.connect();
const region = await prepareRegion(admin, 20000, '38');
const u = await ensureUser(admin, 'bench-regional', 'regional_operator', region.rootTerritoryId);
const cookie = await signIn(app.url, u.login, u.password);
const ids = (await admin.query('SELECT id FROM organizations LIMIT 20')).rows.map((r) => r.id);
await fetch(`${app.url}/api/v1/organizations/${ids[0]}`, { headers: { cookie } });
const q = await captureQueries(app.server.database.pool, async () => {
  for (const id of ids) {
    const r = await fetch(`${app.url}/api/v1/organizations/${id}`, { headers: { cookie } });
    await r.text();
  }
});
process.stdout.write(`${q.length} statements for ${ids.length} requests\n`);
for (const s of q.slice(0, 3)) process.stdout.write(`${s.text.slice(0, 120)}\n`);
const r = await fetch(`${app.url}/api/v1/organizations/${ids[0]}`, { headers: { cookie } });
process.stdout.write(`${JSON.stringify([...r.headers])}\n${(await r.text()).length} bytes\n`);
const b = await admin.query('EXPLAIN (ANALYZE, BUFFERS) ' + q[0]!.text.replace('$1', `'{${region.rootTerritoryId}}'`).replace('$2', `'${ids[0]}'`));
process.stdout.write(b.rows.map((x) => x['QUERY PLAN']).join('\n') + '\n');
await admin.end();
await app.server.stop();
await db.stop();
