import type { Kysely } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import type { Config } from '../../platform/config.ts';
import type { DB } from '../../platform/db/schema.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { attendanceResolved, findAttendance } from './attendance-rules.ts';
import { type CaseKind, closeResolved, openFindings } from './case-store.ts';
import {
  findLeftNotArrived,
  findNotStarted,
  leftNotArrivedResolved,
  notStartedResolved,
} from './enrollment-rules.ts';

export type DetectionResult = Record<`${CaseKind}Opened` | `${CaseKind}Closed`, number>;

/** Closes the cases whose child is back first, then opens what the rule finds today. */
async function runKind(tx: Tx, config: Config, kind: CaseKind, today: string, persons: string[] | null) {
  if (kind === 'not_started') {
    const closed = await closeResolved(tx, notStartedResolved(today, persons));
    const opened = await openFindings(
      tx,
      kind,
      await findNotStarted(tx, config, today),
      today,
      config.outOfEducationCaseDays,
    );
    return { opened, closed };
  }
  if (kind === 'left_not_arrived') {
    const closed = await closeResolved(tx, leftNotArrivedResolved(today, persons));
    const opened = await openFindings(
      tx,
      kind,
      await findLeftNotArrived(tx, config, today),
      today,
      config.outOfEducationCaseDays,
    );
    return { opened, closed };
  }
  const closed = await closeResolved(tx, attendanceResolved(kind, persons));
  const found = await findAttendance(tx, config, kind, today, persons);
  const opened = await openFindings(tx, kind, found, today, config.outOfEducationCaseDays);
  return { opened, closed };
}

/**
 * Runs the rules over the whole region, each kind in a transaction of its own (the daily job, and
 * tests with a chosen day). Idempotent: a rerun finds the same children and opens nothing new.
 */
export async function detectCases(
  db: Kysely<DB>,
  config: Config,
  opts: { today?: string; kinds?: readonly CaseKind[] } = {},
): Promise<DetectionResult> {
  const today = opts.today ?? dateInZone(new Date(), config.timeZone);
  const kinds =
    opts.kinds ?? (['not_started', 'left_not_arrived', 'stopped_attending', 'preschool_absent'] as const);
  const out = {} as DetectionResult;
  for (const kind of kinds) {
    const { opened, closed } = await withTransaction(db, (tx) => runKind(tx, config, kind, today, null));
    out[`${kind}Opened`] = opened;
    out[`${kind}Closed`] = closed;
  }
  return out;
}

/**
 * After an attendance batch, inside its transaction, set-based: the cases of the batch's learners who
 * are back close, and the attendance rules run for those the batch sent an unexcused absence for — only
 * such a day can start or lengthen a run, so the others are not read again (at a million records a day
 * that is 75 days of history re-read for every learner of every batch). A month over the threshold is
 * judged once the month is over, by the daily run, or by the first batch with an unexcused day.
 */
export async function detectAfterAttendance(
  tx: Tx,
  config: Config,
  personIds: string[],
  absentWithoutReason: string[],
) {
  const persons = [...new Set(personIds)];
  if (persons.length === 0) return;
  const flagged = [...new Set(absentWithoutReason)];
  const today = dateInZone(new Date(), config.timeZone);
  for (const kind of ['stopped_attending', 'preschool_absent'] as const) {
    await closeResolved(tx, attendanceResolved(kind, persons));
    if (flagged.length === 0) continue;
    const found = await findAttendance(tx, config, kind, today, flagged);
    await openFindings(tx, kind, found, today, config.outOfEducationCaseDays);
  }
}
