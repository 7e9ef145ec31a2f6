import type pg from 'pg';
import { ensureUser, signIn } from '../harness/app.ts';
import { type BareServer, startBareServer } from '../harness/bare-server.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const ID_COUNT = 1000;
const TARGET_RATIO = 0.4;
const ROW_SQL = 'SELECT * FROM persons WHERE id = $1';

/**
 * Learners of the municipality with the most learners who were placed in a unit in each of the five
 * academic years and are enrolled there now, in a fixed pseudo-random order: the cards with the longest
 * histories.
 */
async function fiveYearLearners(admin: pg.Client) {
  const m = await admin.query<{ id: string; name: string }>(
    `SELECT t.id, t.name FROM enrollments e
       JOIN scope_closure c ON c.descendant_id = e.organization_id
       JOIN territories t ON t.id = c.ancestor_id AND t.kind = 'municipality'
      GROUP BY t.id, t.name ORDER BY count(*) DESC, t.id LIMIT 1`,
  );
  const municipality = m.rows[0];
  if (!municipality) throw new Error('learner-history: no municipality with learners');
  const r = await admin.query<{ id: string }>(
    `SELECT e.person_id AS id FROM enrollments e
       JOIN placements p ON p.enrollment_id = e.id JOIN units u ON u.id = p.unit_id
      WHERE e.organization_id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = $1)
      GROUP BY e.person_id HAVING count(DISTINCT u.academic_year_id) >= 5
         -- Still learning there: a learner who left long ago is archival, and the history is for full access.
         AND bool_or(e.ended_on IS NULL)
      ORDER BY md5(e.person_id::text) LIMIT $2`,
    [municipality.id, ID_COUNT],
  );
  if (r.rows.length === 0) throw new Error('learner-history: no learner with five years of history');
  return { municipality, ids: r.rows.map((x) => x.id) };
}

export function learnerHistory(): Benchmark {
  let bare: BareServer | null = null;
  let sample: { municipality: { id: string; name: string }; ids: string[] } | null = null;
  let movementsPerLearner = 0;
  return {
    name: 'learner-history',
    description:
      'the learner card and its five-year history (GET /api/v1/persons/:id, GET /api/v1/persons/:id/trajectory) ' +
      'as a municipal specialist, for learners placed in each of the five years, vs the bare person row read',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      sample = await fiveYearLearners(ctx.admin);
      const { ids } = sample;
      const mv = await ctx.admin.query<{ n: string }>(
        'SELECT (count(*)::numeric / $2)::text AS n FROM movements WHERE person_id = ANY($1::uuid[])',
        [ids, ids.length],
      );
      movementsPerLearner = Number(mv.rows[0]!.n);
      const u = await ensureUser(
        ctx.admin,
        'bench-municipal',
        'municipal_specialist',
        sample.municipality.id,
      );
      const cookie = await signIn(ctx.appUrl, u.login, u.password);
      for (const path of [`/api/v1/persons/${ids[0]}`, `/api/v1/persons/${ids[0]}/trajectory`]) {
        const res = await fetch(`${ctx.appUrl}${path}`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`learner-history: ${path} answered ${res.status}`);
      }
      bare = await startBareServer(ctx.app.database.pool, (app, pool) => {
        app.get<{ Params: { id: string } }>('/persons/:id', async (req, reply) => {
          const r = await pool.query(ROW_SQL, [req.params.id]);
          return r.rows[0] ?? reply.code(404).send({ error: 'not found' });
        });
      });
      return [
        {
          name: 'trajectory',
          description: `GET /api/v1/persons/:id/trajectory, municipal specialist of ${sample.municipality.name}`,
          load: {
            kind: 'http',
            url: ctx.appUrl,
            paths: ids.map((id) => `/api/v1/persons/${id}/trajectory`),
            headers: { cookie },
          },
        },
        {
          name: 'card',
          description: 'GET /api/v1/persons/:id (the card itself) for the same learners',
          load: {
            kind: 'http',
            url: ctx.appUrl,
            paths: ids.map((id) => `/api/v1/persons/${id}`),
            headers: { cookie },
          },
        },
        {
          name: 'bare',
          baseline: true,
          description: `bare Fastify 5 + pg.Pool of the app's size: ${ROW_SQL}`,
          load: { kind: 'http', url: bare.url, paths: ids.map((id) => `/persons/${id}`) },
        },
      ];
    },
    async details(results) {
      const ratios = Object.fromEntries(
        results.filter((r) => !r.baseline).map((r) => [r.name, Math.round(r.ratio * 100) / 100]),
      );
      console.warn(`learner-history: ratio (target ≥ ${TARGET_RATIO}): ${JSON.stringify(ratios)}`);
      return {
        targetRatio: TARGET_RATIO,
        ratios,
        municipality: sample?.municipality,
        learners: sample?.ids.length,
        movementsPerLearner,
        baselineStatement: ROW_SQL,
      };
    },
    async teardown() {
      await bare?.close();
      bare = null;
    },
  };
}
