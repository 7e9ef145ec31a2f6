import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { FoldedDay } from './fold-day.ts';
import type { AttendanceItem } from './intake.schemas.ts';
import { type Reject, reject } from './intake-batch.ts';

export type DayRow = FoldedDay & {
  index: number;
  item: AttendanceItem;
  personId: string;
  organizationId: string;
};

type Answer = {
  idx: number | null;
  reassigned: boolean | null;
  source_system: string | null;
  source_id: string | null;
  date: string | null;
  inserted: boolean | null;
};

/**
 * The batch's days in one statement: the rows already stored that an item may not touch (its source
 * key held by another learner or organization, or its learner's day held by another source record: the
 * day counts once) are found first and their items left out; the others are inserted, and a resend with
 * equal values leaves its row as it is. One parse of the batch and one round trip, as the batch is large.
 */
export async function writeDays(tx: Tx, batchId: string, rows: DayRow[], rejects: Reject[]) {
  const input = rows.map((r) => ({
    idx: r.index,
    organization_id: r.organizationId,
    person_id: r.personId,
    date: r.item.date,
    status: r.status,
    reason: r.reason,
    lessons_scheduled: r.lessonsScheduled,
    lessons_missed: r.lessonsMissed,
    lessons_unexcused: r.lessonsUnexcused,
    lessons: r.lessons,
    source_system: r.item.sourceSystem,
    source_id: r.item.sourceId,
  }));
  // The batch's date range, spelled out, lets the planner keep only its months' partitions.
  const dates = rows.map((r) => r.item.date).sort();
  const [first, last] = [dates[0]!, dates.at(-1)!];
  // Each item is one probe of a unique key per check, item by item (a correlated EXISTS). A join left to
  // the planner was wrong both ways: it sees neither the batch's size (a function's rows are estimated at
  // 100) nor, in a partition filled since its last ANALYZE, how many rows a day already holds — it hashed
  // the whole day on every batch, or looped the batch inside the day. The organization is compared so that
  // only the day's unique key (person_id, date, organization_id) can serve the second probe, not an
  // organization's whole day through (organization_id, date).
  const r = await sql<Answer>`
    WITH x AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(idx int, organization_id uuid,
               person_id uuid, date date, status text, reason text, lessons_scheduled smallint,
               lessons_missed smallint, lessons_unexcused smallint, lessons jsonb, source_system text, source_id text)
    ), y AS MATERIALIZED (
      SELECT x.*,
             EXISTS (SELECT 1 FROM attendance_days a
                      WHERE a.source_system = x.source_system AND a.source_id = x.source_id AND a.date = x.date
                        AND a.date BETWEEN ${first}::date AND ${last}::date
                        AND (a.person_id <> x.person_id OR a.organization_id <> x.organization_id)) AS reassigned,
             EXISTS (SELECT 1 FROM attendance_days a
                      WHERE a.person_id = x.person_id AND a.date = x.date
                        AND a.organization_id IS NOT DISTINCT FROM x.organization_id
                        AND a.date BETWEEN ${first}::date AND ${last}::date
                        AND (a.source_system, a.source_id) <> (x.source_system, x.source_id)) AS taken
        FROM x
    ), written AS (
      INSERT INTO attendance_days AS a (organization_id, person_id, date, status, reason, lessons_scheduled,
                                        lessons_missed, lessons_unexcused, lessons, source_system, source_id, batch_id)
      SELECT x.organization_id, x.person_id, x.date, x.status, x.reason, x.lessons_scheduled, x.lessons_missed,
             x.lessons_unexcused, x.lessons, x.source_system, x.source_id, ${batchId}::uuid
        FROM y x WHERE NOT x.reassigned AND NOT x.taken
       ORDER BY x.source_system, x.source_id, x.date
      ON CONFLICT (source_system, source_id, date) DO UPDATE SET
        status = EXCLUDED.status, reason = EXCLUDED.reason, lessons_scheduled = EXCLUDED.lessons_scheduled,
        lessons_missed = EXCLUDED.lessons_missed, lessons_unexcused = EXCLUDED.lessons_unexcused,
        lessons = EXCLUDED.lessons, version = a.version + 1, batch_id = EXCLUDED.batch_id, received_at = now()
       WHERE a.organization_id = EXCLUDED.organization_id AND a.person_id = EXCLUDED.person_id
         AND (a.status, a.reason, a.lessons_scheduled, a.lessons_missed, a.lessons_unexcused, a.lessons)
             IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reason, EXCLUDED.lessons_scheduled, EXCLUDED.lessons_missed,
                               EXCLUDED.lessons_unexcused, EXCLUDED.lessons)
      RETURNING a.source_system, a.source_id, a.date::text AS date, a.version = 1 AS inserted
    )
    SELECT y.idx, y.reassigned, NULL AS source_system, NULL AS source_id, NULL AS date, NULL::boolean AS inserted
      FROM y WHERE y.reassigned OR y.taken
    UNION ALL
    SELECT NULL, NULL, w.source_system, w.source_id, w.date, w.inserted FROM written w`.execute(tx);
  const bad = new Map<number, boolean>();
  const key = (s: string, id: string, d: string) => `${s}\u0000${id}\u0000${d}`;
  const changed = new Map<string, boolean>();
  for (const a of r.rows) {
    if (a.idx !== null) bad.set(a.idx, (bad.get(a.idx) ?? false) || a.reassigned === true);
    else changed.set(key(a.source_system!, a.source_id!, a.date!), a.inserted === true);
  }
  const outcomes = new Map<number, 'inserted' | 'updated' | 'unchanged'>();
  const applied: DayRow[] = [];
  for (const row of rows) {
    if (bad.has(row.index)) {
      const code = bad.get(row.index) ? 'source_id_reassigned' : 'day_already_recorded';
      rejects.push(reject(row.index, row.item.sourceId, code));
      continue;
    }
    applied.push(row);
    const c = changed.get(key(row.item.sourceSystem, row.item.sourceId, row.item.date));
    outcomes.set(row.index, c === undefined ? 'unchanged' : c ? 'inserted' : 'updated');
  }
  return { applied, outcomes };
}
