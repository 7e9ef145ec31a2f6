import type pg from 'pg';
import { ensureUser, signIn } from '../harness/app.ts';
import { type BareServer, startBareServer } from '../harness/bare-server.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

// Enough distinct rows that the benchmark measures lookups, not one row hot in every cache layer.
const ID_COUNT = 500;

// The app's withNames() in organizations.queries.ts, as Kysely compiles it.
const CARD_SQL = `
  SELECT o.*, t.name AS territory_name, p.short_name AS parent_name, s.short_name AS successor_name
    FROM organizations o
    JOIN territories t ON t.id = o.territory_id
    LEFT JOIN organizations p ON p.id = o.parent_organization_id
    LEFT JOIN organizations s ON s.id = o.successor_organization_id
   WHERE o.id = $1`;

async function sampleIds(admin: pg.Client): Promise<string[]> {
  // md5 order: a fixed pseudo-random spread over kinds, territories and statuses, the same on every run.
  const r = await admin.query<{ id: string }>(
    'SELECT id FROM organizations ORDER BY md5(id::text) LIMIT $1',
    [ID_COUNT],
  );
  if (r.rows.length === 0) throw new Error('no organizations loaded');
  return r.rows.map((row) => row.id);
}

/** One request to each side before measuring: both must answer 200 with the same organization. */
async function checkSameAnswer(fullUrl: string, cookie: string, bareUrl: string, id: string) {
  const full = await fetch(`${fullUrl}/api/v1/organizations/${id}`, { headers: { cookie } });
  const bare = await fetch(`${bareUrl}/organizations/${id}`);
  if (full.status !== 200 || bare.status !== 200) {
    throw new Error(`organization-card: full ${full.status} ${await full.text()}, bare ${bare.status}`);
  }
  const [f, b] = (await Promise.all([full.json(), bare.json()])) as [{ id: string }, { id: string }];
  if (f.id !== id || b.id !== id)
    throw new Error('organization-card: the two variants answer different rows');
}

export function organizationCard(): Benchmark {
  let bare: BareServer | null = null;
  return {
    name: 'organization-card',
    description: 'GET /api/v1/organizations/:id through the full stack vs a bare Fastify route, same SELECT',
    async setup(ctx: BenchContext) {
      const ids = await sampleIds(ctx.admin);
      const user = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const cookie = await signIn(ctx.appUrl, user.login, user.password);
      bare = await startBareServer(ctx.app.database.pool, (app, pool) => {
        app.get<{ Params: { id: string } }>('/organizations/:id', async (req, reply) => {
          const r = await pool.query(CARD_SQL, [req.params.id]);
          if (r.rows.length === 0) return reply.code(404).send({ error: 'not found' });
          return r.rows[0];
        });
      });
      await checkSameAnswer(ctx.appUrl, cookie, bare.url, ids[0]!);
      return [
        {
          name: 'full',
          description: 'session, policy, closure-table scope check, joins, branches, zod serialization',
          load: {
            kind: 'http',
            url: ctx.appUrl,
            paths: ids.map((id) => `/api/v1/organizations/${id}`),
            headers: { cookie },
          },
        },
        {
          name: 'bare',
          baseline: true,
          description: 'bare Fastify 5 + pg.Pool, the same SELECT with the same joins, row as JSON',
          load: { kind: 'http', url: bare.url, paths: ids.map((id) => `/organizations/${id}`) },
        },
      ];
    },
    async teardown() {
      await bare?.close();
      bare = null;
    },
  };
}
