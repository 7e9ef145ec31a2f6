import pg from 'pg';
import { ensureUser, signIn } from '../harness/app.ts';
import { type CapturedQuery, captureQueries } from '../harness/capture.ts';
import { keepAliveGetter } from '../harness/http-get.ts';
import type { BenchContext, Benchmark, Variant } from '../harness/types.ts';
import { deriveQueries, deriveSlipQueries, QUERY_KINDS, type SearchQuery } from './person-queries.ts';

// Queries per actor: enough that no single plan or cache line dominates, few enough to profile each once.
const QUERY_COUNT = 200;
// Low concurrency: an operator's search box, not a batch job.
const CONCURRENCY = [1, 4];
const TARGET_P95_MS = 50;

type Actor = { name: 'regional' | 'org'; cookie: string; queries: SearchQuery[] };
/** One query as profiled once through the app: its latency, whether it found its person, its SQL. */
type Profiled = SearchQuery & { ms: number; found: boolean; results: number; statement: CapturedQuery };

const pathOf = (q: string) => `/api/v1/persons?q=${encodeURIComponent(q)}`;

/** The organization with the most learners: the widest scope an organization operator has. */
async function largestOrganization(admin: pg.Client): Promise<{ id: string; learners: number }> {
  const r = await admin.query<{ id: string; n: string }>(
    `SELECT organization_id AS id, count(*) AS n FROM enrollments
      GROUP BY organization_id ORDER BY count(*) DESC, organization_id LIMIT 1`,
  );
  if (!r.rows[0]) throw new Error('person-search: no enrollments loaded');
  return { id: r.rows[0].id, learners: Number(r.rows[0].n) };
}

/** Sends every query once, sequentially, recording what the route sent to PostgreSQL for it. */
async function profile(ctx: BenchContext, actor: Actor): Promise<Profiled[]> {
  const http = keepAliveGetter(1);
  const out: Profiled[] = [];
  try {
    for (const query of actor.queries) {
      let res = { status: 0, body: '' };
      let ms = 0;
      const sent = await captureQueries(ctx.app.database.pool, async () => {
        const t = performance.now();
        res = await http.get(`${ctx.appUrl}${pathOf(query.q)}`, { cookie: actor.cookie });
        ms = performance.now() - t;
      });
      if (res.status !== 200)
        throw new Error(`person-search: «${query.q}» answered ${res.status} ${res.body}`);
      const statement = sent.find((s) => /person_name_key(_candidates)?\(/.test(s.text));
      if (!statement) throw new Error(`person-search: no search statement captured for «${query.q}»`);
      const items = (JSON.parse(res.body) as { items: { id: string }[] }).items;
      const found = query.personId !== null && items.some((i) => i.id === query.personId);
      out.push({ ...query, ms, found, results: items.length, statement });
    }
  } finally {
    http.close();
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Per kind of query: single-request latency and how often the person it came from was on the page. */
function byKind(profiled: Profiled[]) {
  return Object.fromEntries(
    QUERY_KINDS.map((kind) => {
      const of = profiled.filter((p) => p.kind === kind);
      const withPerson = of.filter((p) => p.personId !== null);
      return [
        kind,
        {
          queries: of.length,
          p50: round1(
            pct(
              of.map((p) => p.ms),
              50,
            ),
          ),
          p95: round1(
            pct(
              of.map((p) => p.ms),
              95,
            ),
          ),
          max: round1(Math.max(...of.map((p) => p.ms))),
          found: withPerson.length ? `${withPerson.filter((p) => p.found).length}/${withPerson.length}` : '—',
          meanResults: round1(of.reduce((s, p) => s + p.results, 0) / Math.max(1, of.length)),
        },
      ];
    }),
  );
}

type Getter = ReturnType<typeof keepAliveGetter>;

function kindTable(profiled: Profiled[]): string {
  const rows = Object.entries(byKind(profiled)).map(([kind, k]) =>
    [kind, k.queries, k.p50, k.p95, k.max, k.found, k.meanResults].map(String),
  );
  const head = ['kind', 'queries', 'p50 ms', 'p95 ms', 'max ms', 'found', 'results'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function variants(
  ctx: BenchContext,
  actor: Actor,
  profiled: Profiled[],
  sqlPool: pg.Pool,
  getters: Getter[],
): Variant[] {
  const paths = actor.queries.map((q) => `${ctx.appUrl}${pathOf(q.q)}`);
  const out: Variant[] = [];
  for (const c of CONCURRENCY) {
    const http = keepAliveGetter(c);
    getters.push(http);
    const sqlName = `sql-${actor.name}-c${c}`;
    out.push({
      name: `${actor.name}-c${c}`,
      compareTo: sqlName,
      description: `GET /api/v1/persons?q= as ${actor.name === 'org' ? 'an organization' : 'a regional'} operator, ${c} in flight`,
      load: {
        kind: 'timed',
        unit: 'req',
        concurrency: c,
        run: async (call) => {
          const res = await http.get(paths[call % paths.length]!, { cookie: actor.cookie });
          if (res.status !== 200) throw new Error(`search answered ${res.status}`);
          return { units: 1 };
        },
      },
    });
    out.push({
      name: sqlName,
      baseline: actor.name === 'regional' && c === 1,
      compareTo: sqlName,
      description: `the statement the app sent for each query, re-run through pg, ${c} in flight`,
      load: {
        kind: 'timed',
        unit: 'query',
        concurrency: c,
        run: async (call) => {
          const s = profiled[call % profiled.length]!.statement;
          await sqlPool.query(s.text, s.values);
          return { units: 1 };
        },
      },
    });
  }
  return out;
}

type SearchBench = {
  name: string;
  description: string;
  derive: (admin: pg.Client, scope: string, total: number) => Promise<SearchQuery[]>;
};

export const personSearch = (): Benchmark =>
  searchBenchmark({
    name: 'person-search',
    description:
      'fuzzy ФИО search GET /api/v1/persons?q= through the full stack (regional and organization operator) ' +
      "vs the app's own statement run through pg, at 1 and 4 requests in flight",
    derive: deriveQueries,
  });

/** The issue's acceptance mix: 200 full names, each with one slip, and how often the person is found. */
export const personSearchSlips = (): Benchmark =>
  searchBenchmark({
    name: 'person-search-slips',
    description:
      'full-name search with one adjacent swap, wrong or dropped letter in one name part: found on the first ' +
      "page, and latency vs the app's own statement run through pg",
    derive: deriveSlipQueries,
  });

function searchBenchmark(spec: SearchBench): Benchmark {
  let sqlPool: pg.Pool | null = null;
  const getters: Getter[] = [];
  const profiles: Record<string, Profiled[]> = {};
  let organization: { id: string; learners: number } | null = null;
  return {
    name: spec.name,
    description: spec.description,
    needs: ['persons'],
    async setup(ctx: BenchContext) {
      organization = await largestOrganization(ctx.admin);
      const orgScope = `p.id IN (SELECT person_id FROM enrollments WHERE organization_id = '${organization.id}'
        UNION SELECT r.representative_id FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
         WHERE r.revoked_at IS NULL AND e.organization_id = '${organization.id}')`;
      const regional = await ensureUser(
        ctx.admin,
        'bench-regional',
        'regional_operator',
        ctx.rootTerritoryId,
      );
      const orgUser = await ensureUser(ctx.admin, 'bench-org-operator', 'org_operator', organization.id);
      const actors: Actor[] = [
        {
          name: 'regional',
          cookie: await signIn(ctx.appUrl, regional.login, regional.password),
          queries: await spec.derive(ctx.admin, 'true', QUERY_COUNT),
        },
        {
          name: 'org',
          cookie: await signIn(ctx.appUrl, orgUser.login, orgUser.password),
          queries: await spec.derive(ctx.admin, orgScope, QUERY_COUNT),
        },
      ];
      const { connectionString, options } = ctx.app.database.pool.options;
      sqlPool = new pg.Pool({
        connectionString,
        max: Math.max(...CONCURRENCY),
        application_name: 'kontingent-bench-sql',
        ...(options ? { options } : {}),
      });
      sqlPool.on('error', () => {});
      const out: Variant[] = [];
      for (const actor of actors) {
        const profiled = await profile(ctx, actor);
        profiles[actor.name] = profiled;
        console.warn(`${spec.name}: ${actor.name} queries one at a time, by kind:\n${kindTable(profiled)}`);
        out.push(...variants(ctx, actor, profiled, sqlPool, getters));
      }
      // Baseline first in the table, then the app; regional before org.
      return out.sort((a, b) => Number(b.baseline === true) - Number(a.baseline === true));
    },
    async details(results) {
      const p95 = Object.fromEntries(results.map((r) => [r.name, round1(r.median.p95 ?? Number.NaN)]));
      const over = results.filter((r) => !r.name.startsWith('sql-') && (r.median.p95 ?? 0) > TARGET_P95_MS);
      console.warn(
        `${spec.name}: target p95 ≤ ${TARGET_P95_MS} ms: ${over.length ? `missed by ${over.map((r) => `${r.name} (${round1(r.median.p95 ?? 0)} ms)`).join(', ')}` : 'met by every app variant'}`,
      );
      const foundOnFirstPage = Object.fromEntries(
        Object.entries(profiles).map(([actor, v]) => {
          const withPerson = v.filter((p) => p.personId !== null);
          const found = withPerson.filter((p) => p.found).length;
          return [
            actor,
            `${found}/${withPerson.length} (${round1((100 * found) / Math.max(1, withPerson.length))} %)`,
          ];
        }),
      );
      console.warn(`${spec.name}: person found on the first page: ${JSON.stringify(foundOnFirstPage)}`);
      return {
        targetP95Ms: TARGET_P95_MS,
        foundOnFirstPage,
        p95ByVariant: p95,
        organization,
        byKind: Object.fromEntries(Object.entries(profiles).map(([k, v]) => [k, byKind(v)])),
        queries: Object.fromEntries(
          Object.entries(profiles).map(([k, v]) => [
            k,
            v.map((p) => ({
              kind: p.kind,
              q: p.q,
              personId: p.personId,
              ms: round1(p.ms),
              found: p.found,
            })),
          ]),
        ),
        statementSample: profiles.regional?.[1]?.statement.text.replace(/\s+/g, ' ').trim(),
      };
    },
    async teardown() {
      for (const g of getters.splice(0)) g.close();
      await sqlPool?.end();
      sqlPool = null;
    },
  };
}
