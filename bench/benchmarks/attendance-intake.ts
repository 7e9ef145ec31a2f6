import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { postJson } from '../harness/http-get.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const BATCH = 10_000;

type Learner = { person_id: string; organization_id: string };

/** The day `back` days before today (UTC), as 'YYYY-MM-DD'. */
const dayBack = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

/** One school day of the region: every learner present, every seventh absent with a reason. */
const dayOf = (learners: Learner[], date: string, source: string) =>
  learners.map((l, i) => ({
    organization_id: l.organization_id,
    person_id: l.person_id,
    date,
    status: i % 7 === 0 ? 'absent' : 'present',
    reason: i % 7 === 0 ? (['illness', 'valid', 'unexcused'] as const)[i % 3] : null,
    source_system: source,
    source_id: `${date}-${l.person_id}`,
  }));

/**
 * One school day of the region's attendance sent through POST /api/v1/intake/attendance in batches of
 * 10,000 (an integration client bound to every organization) against a bare COPY of the same number of
 * rows into the same partitioned table (pg-copy-streams, one stream). Each call writes a day no call
 * wrote before: intake days count back from yesterday on even offsets, COPY days on odd ones.
 */
export function attendanceIntake(): Benchmark {
  let learners: Learner[] = [];
  let client: pg.Client | null = null;
  const intakeMs: number[] = [];
  const copyMs: number[] = [];
  let rejected = 0;
  let intakeDay = 0;
  let copyDay = 0;
  return {
    name: 'attendance-intake',
    description:
      'a school day of the region (every enrolled learner) through POST /api/v1/intake/attendance in batches ' +
      'of 10,000 vs a bare COPY of the same rows into attendance_days',
    needs: ['persons'],
    async setup(ctx: BenchContext) {
      client = new pg.Client({ connectionString: ctx.adminUrl });
      await client.connect();
      const c = client;
      const d = dayBack(1);
      learners = (
        await c.query<Learner>(
          `SELECT DISTINCT ON (e.person_id, e.organization_id) e.person_id, e.organization_id
             FROM enrollments e JOIN persons p ON p.id = e.person_id AND p.status = 'active'
            WHERE e.started_on <= $1::date - 30 AND (e.ended_on IS NULL OR e.ended_on > $1::date)
            ORDER BY e.person_id, e.organization_id`,
          [d],
        )
      ).rows;
      // Learners with two enrollments on one day answer ambiguous_organization: keep one of each.
      const seen = new Set<string>();
      learners = learners.filter((l) => !seen.has(l.person_id) && seen.add(l.person_id));
      // A service account of the region's e-journal with a token bound to every organization.
      const login = `bench-ejournal-${randomBytes(3).toString('hex')}`;
      const user = await c.query<{ id: string }>(
        `INSERT INTO users (login, full_name, is_service) VALUES ($1, 'Электронный журнал региона', true) RETURNING id`,
        [login],
      );
      await c.query(
        `INSERT INTO role_assignments (user_id, role, scope_node_id)
         SELECT $1, 'integration_client', id FROM organizations`,
        [user.rows[0]!.id],
      );
      const token = `kt_${randomBytes(24).toString('base64url')}`;
      await c.query(
        `INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, expires_at)
         VALUES ($1, 'Нагрузочный тест', $2, $3, now() + interval '1 day')`,
        [user.rows[0]!.id, createHash('sha256').update(token).digest('hex'), token.slice(0, 8)],
      );
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      console.warn(`attendance-intake: ${learners.length} learners a day`);
      return [
        {
          name: 'intake',
          description: `POST /api/v1/intake/attendance, ${BATCH} items a batch, one batch after another`,
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const date = dayBack(2 + 2 * intakeDay++);
              const rows = dayOf(learners, date, 'bench-intake');
              const t = performance.now();
              for (let i = 0; i < rows.length; i += BATCH) {
                const items = rows.slice(i, i + BATCH).map((r) => ({
                  sourceSystem: r.source_system,
                  sourceId: r.source_id,
                  personId: r.person_id,
                  organizationId: r.organization_id,
                  date: r.date,
                  status: r.status,
                  ...(r.reason ? { reason: r.reason } : {}),
                }));
                const res = await postJson(`${ctx.appUrl}/api/v1/intake/attendance`, headers, { items });
                if (res.status !== 200)
                  throw new Error(`intake answered ${res.status}: ${res.body.slice(0, 300)}`);
                rejected += (JSON.parse(res.body) as { counts: { rejected: number } }).counts.rejected;
              }
              intakeMs.push(performance.now() - t);
              return { units: rows.length };
            },
          },
        },
        {
          name: 'copy',
          baseline: true,
          description: 'COPY attendance_days (…) FROM STDIN of the same number of rows, one stream',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const date = dayBack(3 + 2 * copyDay++);
              const rows = dayOf(learners, date, 'bench-copy');
              const batch = randomUUID();
              const t = performance.now();
              await c.query(`SELECT attendance_ensure_partitions(ARRAY[$1::date])`, [date]);
              const text = rows
                .map(
                  (r) =>
                    `${r.organization_id}\t${r.person_id}\t${r.date}\t${r.status}\t${r.reason ?? '\\N'}\t${r.source_system}\t${r.source_id}\t${batch}\n`,
                )
                .join('');
              await pipeline(
                (async function* () {
                  yield Buffer.from(text);
                })(),
                c.query(
                  copyFrom(
                    'COPY attendance_days (organization_id, person_id, date, status, reason, source_system, source_id, batch_id) FROM STDIN',
                  ),
                ),
              );
              copyMs.push(performance.now() - t);
              return { units: rows.length };
            },
          },
        },
      ];
    },
    async details() {
      const median = (xs: number[]) =>
        [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
      const intake = median(intakeMs);
      const copy = median(copyMs);
      // Throughput of the API as a share of the bare COPY's, on the same number of rows.
      const share = copy / intake;
      const perSecond = learners.length / (intake / 1000);
      const millionSeconds = 1_000_000 / perSecond;
      console.warn(
        `attendance-intake: ${learners.length} rows a day; intake ${(intake / 1000).toFixed(2)} s, COPY ` +
          `${(copy / 1000).toFixed(2)} s (medians); intake throughput = ${(share * 100).toFixed(0)} % of COPY; ` +
          `${Math.round(perSecond)} rows/s through the API → 1,000,000 rows in ≈ ${Math.round(millionSeconds)} s; ` +
          `rejected ${rejected}`,
      );
      return {
        learners: learners.length,
        intakeMs,
        copyMs,
        share,
        rowsPerSecond: perSecond,
        millionSeconds,
        rejected,
      };
    },
    async teardown() {
      await client?.end();
      client = null;
    },
  };
}
