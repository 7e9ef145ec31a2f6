import type pg from 'pg';
import { ensureUser, signIn } from '../harness/app.ts';
import { type BareServer, startBareServer } from '../harness/bare-server.ts';
import { type CapturedQuery, captureQueries } from '../harness/capture.ts';
import { keepAliveGetter } from '../harness/http-get.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

// Enough distinct persons that the benchmark measures lookups, not a few rows hot in every cache layer.
const ID_COUNT = 1000;
// Requests of the closed audit check: all answered before the audit rows are counted.
const CHECK_REQUESTS = 1000;
const TARGET_RATIO = 0.4;
// The issue's baseline: the bare single-row read of the person.
const ROW_SQL = 'SELECT * FROM persons WHERE id = $1';

/** The municipality with the most learners: the municipal specialist's scope check is at its widest. */
async function largestMunicipality(
  admin: pg.Client,
): Promise<{ id: string; name: string; learners: number }> {
  const r = await admin.query<{ id: string; name: string; n: string }>(
    `SELECT t.id, t.name, count(*) AS n FROM enrollments e
       JOIN scope_closure c ON c.descendant_id = e.organization_id
       JOIN territories t ON t.id = c.ancestor_id AND t.kind = 'municipality'
      GROUP BY t.id, t.name ORDER BY count(*) DESC, t.id LIMIT 1`,
  );
  if (!r.rows[0]) throw new Error('person-card: no enrollments under any municipality');
  return { id: r.rows[0].id, name: r.rows[0].name, learners: Number(r.rows[0].n) };
}

/** Learners of the municipality and their representatives, in a fixed pseudo-random (md5) order. */
async function sampleIds(admin: pg.Client, municipalityId: string): Promise<string[]> {
  const r = await admin.query<{ id: string }>(
    `WITH orgs AS (SELECT descendant_id FROM scope_closure WHERE ancestor_id = $1),
          visible AS (
            SELECT e.person_id AS id FROM enrollments e WHERE e.organization_id IN (SELECT * FROM orgs)
            UNION
            SELECT r.representative_id FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
             WHERE r.revoked_at IS NULL AND e.organization_id IN (SELECT * FROM orgs))
     SELECT v.id FROM visible v JOIN persons p ON p.id = v.id
      WHERE p.status = 'active' ORDER BY md5(v.id::text) LIMIT $2`,
    [municipalityId, ID_COUNT],
  );
  if (r.rows.length === 0) throw new Error('person-card: no persons in the municipality');
  return r.rows.map((row) => row.id);
}

async function auditedReads(admin: pg.Client, afterId: string, users: string[]): Promise<number> {
  const r = await admin.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_log
      WHERE id > $1 AND action = 'person.read' AND outcome = 'success' AND actor_user_id = ANY($2::uuid[])`,
    [afterId, users],
  );
  return Number(r.rows[0]!.n);
}

const lastAuditId = async (admin: pg.Client) =>
  (await admin.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;

/**
 * Reads each card once more, `concurrency` at a time, waiting for every answer; then every 2xx must have
 * its audit row, because a read is answered only after its audit entry has committed.
 */
async function closedAuditCheck(ctx: BenchContext, cookie: string, userId: string, ids: string[]) {
  const from = await lastAuditId(ctx.admin);
  const http = keepAliveGetter(10);
  let ok = 0;
  let next = 0;
  try {
    const loop = async () => {
      while (next < CHECK_REQUESTS) {
        const id = ids[next++ % ids.length]!;
        if ((await http.get(`${ctx.appUrl}/api/v1/persons/${id}`, { cookie })).status === 200) ok++;
      }
    };
    await Promise.all(Array.from({ length: 10 }, loop));
  } finally {
    http.close();
  }
  const rows = await auditedReads(ctx.admin, from, [userId]);
  return { requests: CHECK_REQUESTS, responses2xx: ok, auditRows: rows, equal: rows === ok };
}

export function personCard(): Benchmark {
  let bare: BareServer | null = null;
  let ctxRef: BenchContext | null = null;
  let auditFrom = '0';
  let users: { municipal: { id: string; cookie: string }; regional: { id: string; cookie: string } } | null =
    null;
  let ids: string[] = [];
  let statements: string[] = [];
  let municipality: { id: string; name: string; learners: number } | null = null;
  return {
    name: 'person-card',
    description:
      'GET /api/v1/persons/:id through the full stack (session, policy, scope, one-query card, read audit) ' +
      'vs a bare Fastify route reading the person row by id',
    needs: ['persons'],
    async setup(ctx: BenchContext) {
      ctxRef = ctx;
      municipality = await largestMunicipality(ctx.admin);
      ids = await sampleIds(ctx.admin, municipality.id);
      const mu = await ensureUser(ctx.admin, 'bench-municipal', 'municipal_specialist', municipality.id);
      const ro = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      users = {
        municipal: { id: mu.userId, cookie: await signIn(ctx.appUrl, mu.login, mu.password) },
        regional: { id: ro.userId, cookie: await signIn(ctx.appUrl, ro.login, ro.password) },
      };
      let cardStatement: CapturedQuery | undefined;
      for (const [who, u] of Object.entries(users)) {
        const sent = await captureQueries(ctx.app.database.pool, async () => {
          const res = await fetch(`${ctx.appUrl}/api/v1/persons/${ids[0]}`, {
            headers: { cookie: u.cookie },
          });
          const card = (await res.json()) as { id?: string };
          if (res.status !== 200 || card.id !== ids[0]) {
            throw new Error(`person-card: the ${who} card answered ${res.status} for a person in scope`);
          }
        });
        if (who === 'municipal') {
          statements = sent.map((q) => q.text.replace(/\s+/g, ' ').trim().slice(0, 120));
          cardStatement = sent.find((q) => q.values.includes(ids[0]) && /person_card/.test(q.text));
        }
      }
      if (!cardStatement) throw new Error('person-card: the card statement was not captured');
      const card = cardStatement;
      const idAt = card.values.flatMap((v, i) => (v === ids[0] ? [i] : []));
      bare = await startBareServer(ctx.app.database.pool, (app, pool) => {
        app.get<{ Params: { id: string } }>('/persons/:id', async (req, reply) => {
          const r = await pool.query(ROW_SQL, [req.params.id]);
          return r.rows[0] ?? reply.code(404).send({ error: 'not found' });
        });
        // Diagnostic: the app's own card statement (municipal scope), nothing else: splits the gap into
        // the statement's cost and the stack's (session, policy, audit, serialization).
        app.get<{ Params: { id: string } }>('/persons/:id/card', async (req, reply) => {
          const values = [...card.values];
          for (const i of idAt) values[i] = req.params.id;
          // Named like the app's, so it is planned once per connection as the app's is.
          const r = await pool.query({ name: 'bench-person-card', text: card.text, values });
          return r.rows[0] ?? reply.code(404).send({ error: 'not found' });
        });
      });
      const row = (await (await fetch(`${bare.url}/persons/${ids[1] ?? ids[0]}`)).json()) as { id?: string };
      if (row.id !== (ids[1] ?? ids[0])) throw new Error('person-card: the baseline answered another person');
      auditFrom = await lastAuditId(ctx.admin);
      const paths = (prefix: string) => ids.map((id) => `${prefix}/${id}`);
      return [
        {
          name: 'municipal',
          description: `full stack as a municipal specialist of ${municipality.name} (scope subquery on)`,
          load: {
            kind: 'http',
            url: ctx.appUrl,
            paths: paths('/api/v1/persons'),
            headers: { cookie: users.municipal.cookie },
          },
        },
        {
          name: 'regional',
          description: 'full stack as the regional operator (no scope predicate: the region covers everyone)',
          load: {
            kind: 'http',
            url: ctx.appUrl,
            paths: paths('/api/v1/persons'),
            headers: { cookie: users.regional.cookie },
          },
        },
        {
          name: 'bare',
          baseline: true,
          description: `bare Fastify 5 + pg.Pool of the app's size: ${ROW_SQL}, row as JSON`,
          load: { kind: 'http', url: bare.url, paths: paths('/persons') },
        },
        {
          name: 'bare-card',
          diagnostic: true,
          description: "bare route sending the app's card statement (municipal scope) captured from the app",
          load: { kind: 'http', url: bare.url, paths: ids.map((id) => `/persons/${id}/card`) },
        },
      ];
    },
    async details(results) {
      const ctx = ctxRef!;
      const u = users!;
      // autocannon stops with requests in flight: the server answers (and audits) them, autocannon does not
      // count them. So over the run the audit rows may exceed the 2xx it saw by at most the connections of
      // each warm-up and measured phase; the closed check below has no such slack.
      const full = results.filter((r) => r.name === 'municipal' || r.name === 'regional');
      const seen2xx = full.reduce((s, r) => s + r.rounds.reduce((t, m) => t + (m.responses2xx ?? 0), 0), 0);
      const runs = full.reduce((s, r) => s + r.rounds.length, 0);
      const rows = await auditedReads(ctx.admin, auditFrom, [u.municipal.id, u.regional.id]);
      const slack = runs * 2 * ctx.params.connections;
      const closed = await closedAuditCheck(ctx, u.municipal.cookie, u.municipal.id, ids);
      const ratios = Object.fromEntries(full.map((r) => [r.name, Math.round(r.ratio * 100) / 100]));
      console.warn(
        `person-card: ratio (target ≥ ${TARGET_RATIO}): ${Object.entries(ratios)
          .map(([n, r]) => `${n} ${r}`)
          .join(', ')}`,
      );
      console.warn(
        `person-card: audit rows written during the run ${rows}, 2xx counted by autocannon ${seen2xx} ` +
          `(difference ${rows - seen2xx}, in-flight bound ${slack}); closed check: ${closed.responses2xx} 2xx, ` +
          `${closed.auditRows} audit rows — ${closed.equal ? 'equal' : 'NOT EQUAL'}`,
      );
      return {
        targetRatio: TARGET_RATIO,
        ratios,
        municipality,
        ids: ids.length,
        baselineStatement: ROW_SQL,
        statementsOfOneMunicipalRead: statements,
        audit: {
          rowsDuringRun: rows,
          responses2xxSeen: seen2xx,
          difference: rows - seen2xx,
          inFlightBound: slack,
          withinBound: rows >= seen2xx && rows - seen2xx <= slack,
          closedCheck: closed,
        },
      };
    },
    async teardown() {
      await bare?.close();
      bare = null;
    },
  };
}
