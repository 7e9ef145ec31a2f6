import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { changeRows, type RowChange } from './merge-rows.ts';

type Active = {
  id: string;
  person_id: string;
  organization_id: string;
  organization_name: string;
  kind: string;
  started_on: string;
};

/** An enrollment the clerk may choose to keep: what the merge dialog shows of it. */
export type EnrollmentOption = {
  id: string;
  personId: string;
  organizationId: string;
  organizationName: string;
  startedOn: string;
};
export type EnrollmentChoice = { kind: string; options: EnrollmentOption[] };

/**
 * Kinds of organization in which the two records study in different places: a learner goes to one
 * school at a time, so the clerk says which stays. Different kinds (a school and additional education)
 * stay side by side, and one organization on both records is the registry's twin rule, not a choice.
 */
export async function enrollmentChoices(tx: Tx, ids: [string, string]): Promise<EnrollmentChoice[]> {
  const r = await sql<Active>`
    SELECT e.id, e.person_id, e.organization_id, o.kind, to_char(e.started_on, 'YYYY-MM-DD') AS started_on,
           o.short_name || ' (' || t.name || ')' AS organization_name
      FROM enrollments e JOIN organizations o ON o.id = e.organization_id
      JOIN territories t ON t.id = o.territory_id
     WHERE e.person_id IN (${ids[0]}, ${ids[1]}) AND e.ended_on IS NULL
     ORDER BY o.kind, e.started_on DESC, e.id
       FOR UPDATE OF e`.execute(tx);
  const byKind = Map.groupBy(r.rows, (e) => e.kind);
  const out: EnrollmentChoice[] = [];
  for (const [kind, rows] of byKind) {
    const onBoth = ids.every((id) => rows.some((e) => e.person_id === id));
    if (!onBoth || new Set(rows.map((e) => e.organization_id)).size < 2) continue;
    out.push({
      kind,
      options: rows.map((e) => ({
        id: e.id,
        personId: e.person_id,
        organizationId: e.organization_id,
        organizationName: e.organization_name,
        startedOn: e.started_on,
      })),
    });
  }
  return out;
}

/**
 * Ends, on the day of the merge, the enrollments of each contested kind that the clerk did not keep
 * (one kept per kind). Refuses a merge without a choice where one is needed, listing the options.
 */
export async function applyEnrollmentChoice(
  tx: Tx,
  ids: [string, string],
  keep: string[] | undefined,
): Promise<RowChange[]> {
  const choices = await enrollmentChoices(tx, ids);
  if (choices.length === 0) return [];
  const kept = new Set((keep ?? []).map((k) => k.toLowerCase()));
  const wrong = choices.some((c) => c.options.filter((o) => kept.has(o.id)).length !== 1);
  if (wrong) {
    throw new AppError(
      'business_rule',
      'Обе записи обучаются в разных организациях одного вида: выберите, какое обучение остается',
      [
        {
          path: 'body.keepEnrollmentIds',
          code: 'enrollment_choice',
          message: 'Выберите одно обучение в каждой группе',
        },
      ],
      { enrollmentChoices: choices },
    );
  }
  const ended = choices.flatMap((c) => c.options.filter((o) => !kept.has(o.id)).map((o) => o.id));
  // The merge date, or the first day of an enrollment that only starts later (ended_on >= started_on).
  return changeRows(tx, 'enrollments', ended, 'ended', {
    ended_on: sql`greatest(started_on, current_date)`,
  });
}
