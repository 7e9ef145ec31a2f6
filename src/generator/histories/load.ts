// Loads the histories of the learners already in the database (the person generator's enrollments).
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { withoutExclusions } from '../exclusions.ts';
import { type CopyClient, copyRows } from '../load.ts';
import { dayNumber } from '../random.ts';
import type { GeneratedRegion } from '../types.ts';
import { academicYears, generateHistories, type HistoriesOptions } from './generate.ts';
import type { Current, LearnerInput } from './learner.ts';
import { HISTORY_COLUMNS, type HistoryBatch } from './rows.ts';

/** The generator's open enrollments without a programme, one learner per person, sorted by person id. */
async function readLearners(client: CopyClient): Promise<LearnerInput[]> {
  const learners: LearnerInput[] = [];
  let rest = '';
  const take = (line: string) => {
    const [id, personId, orgId, started, birth, kind] = line.split('\t') as string[];
    const current: Current = { id: id!, organizationId: orgId!, startedOn: dayNumber(started!) };
    let l = learners.at(-1);
    if (!l || l.personId !== personId) {
      l = { personId: personId!, birthDay: dayNumber(birth!), main: null, additional: [] };
      learners.push(l);
    }
    if (kind === 'additional' || l.main) l.additional.push(current);
    else l.main = current;
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) take(line);
      done();
    },
  });
  // Main enrollments (kindergarten, school, college) before clubs, so the first row of a person is the main one.
  const stream = client.query(
    copyTo(`COPY (SELECT e.id, e.person_id, e.organization_id, e.started_on, p.birth_date, o.kind
                    FROM enrollments e JOIN persons p ON p.id = e.person_id
                    JOIN organizations o ON o.id = e.organization_id
                   WHERE e.programme_id IS NULL AND e.ended_on IS NULL
                   ORDER BY e.person_id, o.kind = 'additional', e.started_on, e.id) TO STDOUT`),
  );
  await pipeline(stream, sink);
  if (rest) take(rest);
  return learners;
}

export type HistoriesLoadResult = { learners: number } & Record<keyof HistoryBatch, number>;

async function copyBatch(client: CopyClient, b: HistoryBatch, counts: HistoriesLoadResult) {
  counts.programmes += await copyRows(
    client,
    'education_programmes',
    HISTORY_COLUMNS.education_programmes,
    b.programmes,
  );
  counts.units += await copyRows(client, 'units', HISTORY_COLUMNS.units, b.units);
  counts.orders += await copyRows(client, 'orders', HISTORY_COLUMNS.orders, b.orders);
  counts.enrollments += await copyRows(client, 'enrollments', HISTORY_COLUMNS.enrollments, b.enrollments);
  counts.legacy += await copyRows(client, 'history_current', HISTORY_COLUMNS.enrollments, b.legacy);
  counts.movements += await copyRows(client, 'movements', HISTORY_COLUMNS.movements, b.movements);
  counts.periods += await copyRows(
    client,
    'enrollment_status_periods',
    HISTORY_COLUMNS.enrollment_status_periods,
    b.periods,
  );
  counts.placements += await copyRows(client, 'placements', HISTORY_COLUMNS.placements, b.placements);
}

/**
 * Writes five years of programmes, units, signed orders with their movements, status periods and
 * placements for every learner the person generator enrolled, in one transaction. The generator's open
 * enrollment becomes the learner's last stay (its dates, organization and programme rewritten); earlier
 * stays are new enrollments. Refuses when histories are already there.
 */
export async function loadHistories(
  client: CopyClient,
  region: GeneratedRegion,
  options: HistoriesOptions,
): Promise<HistoriesLoadResult> {
  const counts: HistoriesLoadResult = {
    learners: 0,
    programmes: 0,
    units: 0,
    orders: 0,
    enrollments: 0,
    legacy: 0,
    movements: 0,
    periods: 0,
    placements: 0,
  };
  await client.query('BEGIN');
  try {
    await client.query('LOCK TABLE enrollments IN SHARE ROW EXCLUSIVE MODE');
    const done = await client.query('SELECT 1 FROM movements LIMIT 1');
    if ((done.rowCount ?? 0) > 0)
      throw new Error('The registry already has orders; refusing to load histories.');
    const learners = await readLearners(client);
    counts.learners = learners.length;
    await client.query(`SET LOCAL work_mem = '256MB'`);
    // Cards and access are assembled once at the end (as the person load does), not per statement.
    await client.query(`SET LOCAL kontingent.person_cards = 'deferred'`);
    // The projection of 0026 recomputes an enrollment's dates on every period row, and the first-period
    // trigger invents periods the load brings itself: a million learners would pay a few row updates
    // each. The load writes the dates and periods together, switches the row triggers off inside this
    // transaction only (ALTER TABLE is transactional and locks the tables until COMMIT) and checks below
    // that the dates equal the projection and the placements lie inside their enrollments.
    await client.query(`ALTER TABLE enrollment_status_periods DISABLE TRIGGER enrollment_status_periods_project;
      ALTER TABLE enrollments DISABLE TRIGGER enrollments_0_first_period;
      ALTER TABLE enrollments DISABLE TRIGGER enrollments_dates_guard;
      ALTER TABLE placements DISABLE TRIGGER placements_inside_enrollment`);
    // The generator's enrollments: their trigger-made period goes, the history's last stay takes the row.
    await client.query(`DELETE FROM enrollment_status_periods sp USING enrollments e
                         WHERE sp.enrollment_id = e.id AND e.programme_id IS NULL AND e.ended_on IS NULL
                           AND sp.movement_id IS NULL`);
    const years = new Map<number, string>();
    for (const y of academicYears(options.seed)) {
      await client.query(
        'INSERT INTO academic_years (id, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (starts_on) DO NOTHING',
        [y.id, y.starts_on, y.ends_on],
      );
      const r = await client.query<{ id: string }>('SELECT id FROM academic_years WHERE starts_on = $1', [
        y.starts_on,
      ]);
      years.set(Number(y.starts_on.slice(0, 4)), r.rows[0]!.id);
    }
    await client.query(`CREATE TEMP TABLE history_current (id uuid PRIMARY KEY, person_id uuid, organization_id uuid,
      started_on date, ended_on date, programme_id uuid, education_form text, funding text) ON COMMIT DROP`);
    await withoutExclusions(client, ['enrollments', 'enrollment_status_periods', 'placements'], async () => {
      for (const batch of generateHistories(region, learners, years, options)) {
        await copyBatch(client, batch, counts);
      }
      await client.query(`UPDATE enrollments e SET organization_id = h.organization_id, started_on = h.started_on,
                                 ended_on = h.ended_on, programme_id = h.programme_id,
                                 education_form = h.education_form, funding = h.funding
                            FROM history_current h WHERE e.id = h.id`);
    });
    await client.query(`ALTER TABLE enrollment_status_periods ENABLE TRIGGER enrollment_status_periods_project;
      ALTER TABLE enrollments ENABLE TRIGGER enrollments_0_first_period;
      ALTER TABLE enrollments ENABLE TRIGGER enrollments_dates_guard;
      ALTER TABLE placements ENABLE TRIGGER placements_inside_enrollment`);
    await checkHistories(client);
    await client.query('SELECT person_cards_rebuild()');
    await client.query('SELECT person_access_rebuild()');
    await client.query('COMMIT');
    return counts;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** Violations of what the switched-off triggers guarantee; an empty list when the histories are sound. */
export const HISTORY_CHECKS = {
  datesNotProjection: `SELECT count(*)::int AS n FROM enrollments e
      JOIN (SELECT enrollment_id, min(valid_from) AS s, min(valid_from) FILTER (WHERE status = 'exited') AS x
              FROM enrollment_status_periods GROUP BY enrollment_id) p ON p.enrollment_id = e.id
     WHERE (e.started_on, e.ended_on) IS DISTINCT FROM (p.s, p.x)`,
  enrollmentsWithoutPeriods: `SELECT count(*)::int AS n FROM enrollments e
     WHERE NOT EXISTS (SELECT 1 FROM enrollment_status_periods p WHERE p.enrollment_id = e.id)`,
  placementsOutside: `SELECT count(*)::int AS n FROM placements p JOIN enrollments e ON e.id = p.enrollment_id
     WHERE NOT daterange(e.started_on, e.ended_on, '[)') @> daterange(p.valid_from, p.valid_to, '[)')`,
} as const;

export async function checkHistories(client: CopyClient) {
  const failed: string[] = [];
  for (const [name, q] of Object.entries(HISTORY_CHECKS)) {
    const n = (await client.query<{ n: number }>(q)).rows[0]!.n;
    if (n > 0) failed.push(`${name}: ${n}`);
  }
  if (failed.length > 0)
    throw new Error(`generated histories break the schema's rules: ${failed.join(', ')}`);
}
