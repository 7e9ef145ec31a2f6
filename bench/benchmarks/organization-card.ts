import type pg from 'pg';
import { ensureUser, signIn } from '../harness/app.ts';
import { type BareServer, startBareServer } from '../harness/bare-server.ts';
import { type CapturedQuery, captureQueries } from '../harness/capture.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { registerBareRoutes } from './organization-card-bare.ts';

// Enough distinct rows that the benchmark measures lookups, not one row hot in every cache layer.
const ID_COUNT = 500;

async function sampleIds(admin: pg.Client): Promise<string[]> {
  // md5 order: a fixed pseudo-random spread over kinds, territories and statuses, the same on every run.
  const r = await admin.query<{ id: string }>(
    'SELECT id FROM organizations ORDER BY md5(id::text) LIMIT $1',
    [ID_COUNT],
  );
  if (r.rows.length === 0) throw new Error('no organizations loaded');
  return r.rows.map((row) => row.id);
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ id?: string }> {
  const res = await fetch(url, { headers });
  if (res.status !== 200)
    throw new Error(`organization-card: GET ${url} answered ${res.status} ${await res.text()}`);
  return (await res.json()) as { id?: string };
}

/**
 * Requests one card through the app and records what it sent to PostgreSQL. The statements carrying the
 * organization id are the route's own (session lookups carry none); the baseline re-runs the first.
 */
async function captureCardStatement(ctx: BenchContext, cookie: string, id: string): Promise<CapturedQuery[]> {
  const sent = await captureQueries(ctx.app.database.pool, async () => {
    const card = await getJson(`${ctx.appUrl}/api/v1/organizations/${id}`, { cookie });
    if (card.id !== id) throw new Error('organization-card: the app answered another organization');
  });
  const own = sent.filter((q) => q.values.includes(id));
  if (own.length === 0) throw new Error('organization-card: no statement of the route carried the id');
  if (own.length > 1) {
    console.warn(
      `organization-card: the route sent ${own.length} statements; the baseline runs the first only`,
    );
  }
  return own;
}

export function organizationCard(): Benchmark {
  let bare: BareServer | null = null;
  let statements: CapturedQuery[] = [];
  return {
    name: 'organization-card',
    description:
      "GET /api/v1/organizations/:id through the full stack vs a bare Fastify route sending the app's SQL",
    async setup(ctx: BenchContext) {
      const ids = await sampleIds(ctx.admin);
      const sampleId = ids[0]!;
      const user = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const cookie = await signIn(ctx.appUrl, user.login, user.password);
      statements = await captureCardStatement(ctx, cookie, sampleId);
      bare = await startBareServer(ctx.app.database.pool, (app, pool) =>
        registerBareRoutes(app, pool, statements[0]!, sampleId),
      );
      const other = ids[1] ?? sampleId;
      if ((await getJson(`${bare.url}/organizations/${other}`)).id !== other) {
        throw new Error('organization-card: the baseline answered another organization');
      }
      const barePaths = (suffix: string) => ids.map((id) => `/organizations/${id}${suffix}`);
      return [
        {
          name: 'full',
          description:
            'session, policy, scope check, joins, branches, zod serialization, all plugins and hooks',
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
          description: "bare Fastify 5 + pg.Pool of the app's size sending the app's statement, row as JSON",
          load: { kind: 'http', url: bare.url, paths: barePaths('') },
        },
        {
          name: 'bare-row',
          diagnostic: true,
          description: 'bare route with the row query alone (withNames: no scope subquery, no branches)',
          load: { kind: 'http', url: bare.url, paths: barePaths('/row') },
        },
      ];
    },
    details: () => ({ routeStatements: statements.map((s) => s.text.replace(/\s+/g, ' ').trim()) }),
    async teardown() {
      await bare?.close();
      bare = null;
    },
  };
}
