import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { type IntakeScope, type Reject, reject } from './intake-batch.ts';

export type LearnerRef = {
  index: number;
  sourceId: string;
  personId?: string | undefined;
  snils?: string | undefined;
  organizationId?: string | undefined;
  date: string;
};
export type Matched = { index: number; personId: string; organizationId: string; organizationKind: string };

type Row = {
  idx: number;
  pid: string | null;
  snils_mismatch: boolean;
  held: string[] | null;
  ever: string[] | null;
};

/**
 * Which items' learners the token's organizations hold on the item's date, in one statement for the
 * whole batch: the person by id (a merged-away record answers for its survivor) or by СНИЛС, then the
 * enrollments at those organizations whose dates cover the day (ended_on is the first day out).
 * Returns the matched items with their organization; the others get their reason in rejects.
 */
export async function matchLearners(
  tx: Tx,
  scope: IntakeScope,
  refs: LearnerRef[],
  rejects: Reject[],
): Promise<Matched[]> {
  if (refs.length === 0) return [];
  const input = refs.map((r) => ({
    idx: r.index,
    person_id: r.personId ?? null,
    snils: r.snils ?? null,
    date: r.date,
  }));
  const r = await sql<Row>`
    WITH i AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS i(idx int, person_id uuid, snils text, date date)
    ), p AS (
      SELECT i.idx, i.date,
             CASE WHEN i.person_id IS NULL THEN bys.id
                  WHEN byid.status = 'active' THEN byid.id
                  WHEN byid.status = 'merged' THEN byid.merged_into_id END AS pid,
             (i.person_id IS NOT NULL AND i.snils IS NOT NULL AND byid.snils IS DISTINCT FROM i.snils) AS snils_mismatch
        FROM i
        LEFT JOIN persons byid ON byid.id = i.person_id
        LEFT JOIN persons bys ON i.person_id IS NULL AND bys.snils = i.snils AND bys.status = 'active'
    )
    SELECT p.idx, p.pid, p.snils_mismatch,
           array_agg(DISTINCT e.organization_id) FILTER (
             WHERE e.started_on <= p.date AND (e.ended_on IS NULL OR e.ended_on > p.date)) AS held,
           array_agg(DISTINCT e.organization_id) FILTER (WHERE e.id IS NOT NULL) AS ever
      FROM p LEFT JOIN enrollments e ON e.person_id = p.pid
     GROUP BY p.idx, p.pid, p.snils_mismatch`.execute(tx);
  const byIdx = new Map(r.rows.map((row) => [row.idx, row]));
  const matched: Matched[] = [];
  for (const ref of refs) {
    const row = byIdx.get(ref.index);
    const no = (code: string) => rejects.push(reject(ref.index, ref.sourceId, code));
    if (!row?.pid) no('unknown_learner');
    else if (row.snils_mismatch) no('snils_mismatch');
    else if (ref.organizationId && !scope.organizations.has(ref.organizationId))
      no('organization_out_of_scope');
    else {
      // The token's organizations are filtered here: a region's e-journal holds thousands, and an
      // array of them compared in SQL with every enrollment cost more than the whole match.
      const mine = (o: string) =>
        scope.organizations.has(o) && (!ref.organizationId || o === ref.organizationId);
      const held = (row.held ?? []).filter(mine);
      if (held.length === 0) no((row.ever ?? []).some(mine) ? 'not_enrolled_on_date' : 'learner_not_held');
      else if (held.length > 1) no('ambiguous_organization');
      else
        matched.push({
          index: ref.index,
          personId: row.pid,
          organizationId: held[0]!,
          organizationKind: scope.organizations.get(held[0]!) ?? 'school',
        });
    }
  }
  return matched;
}
