import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';

export const CASE_KINDS = [
  'not_started',
  'left_not_arrived',
  'stopped_attending',
  'preschool_absent',
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_STATUSES = ['detected', 'checking', 'cause_found', 'measures_taken', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** One child a rule found: where the case goes and what it rests on (counts and dates, no names). */
export type Finding = {
  person_id: string;
  municipality_id: string | null;
  organization_id: string | null;
  movement_id: string | null;
  episode: string;
  evidence_on: string;
  evidence: Record<string, unknown>;
};

/** SQL: the municipality above an organization or territory node (the closure holds both). */
export const municipalityOf = (column: string) =>
  sql<string>`(SELECT sc.ancestor_id FROM scope_closure sc JOIN territories t ON t.id = sc.ancestor_id
                WHERE sc.descendant_id = ${sql.ref(column)} AND t.kind = 'municipality' LIMIT 1)`;

/**
 * Opens a case for every finding that has no open case of its kind and no case of the same episode.
 * Both rules are unique indexes, so twenty runs at once still leave one case: the losers do nothing.
 */
export async function openFindings(
  tx: Tx,
  kind: CaseKind,
  findings: Finding[],
  today: string,
  caseDays: number,
) {
  const rows = findings.filter((f) => f.municipality_id !== null);
  if (rows.length === 0) return 0;
  const r = await sql<{ n: number }>`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(person_id uuid, municipality_id uuid, organization_id uuid, movement_id uuid, episode text,
             evidence_on date, evidence jsonb)
    ), ins AS (
      INSERT INTO out_of_education_cases (kind, person_id, municipality_id, organization_id, movement_id, episode,
                                          detected_on, evidence_on, evidence, deadline)
      SELECT ${kind}, x.person_id, x.municipality_id, x.organization_id, x.movement_id, x.episode, ${today}::date,
             x.evidence_on, x.evidence, ${today}::date + ${caseDays}::int
        FROM x ORDER BY x.person_id
      ON CONFLICT DO NOTHING
      RETURNING id
    ), ev AS (
      INSERT INTO out_of_education_case_events (case_id, action, to_status, note)
      SELECT id, 'detected', 'detected', 'выявлен автоматически' FROM ins
    )
    SELECT count(*)::int AS n FROM ins`.execute(tx);
  return r.rows[0]?.n ?? 0;
}

/** A predicate over open cases `c` of a kind that says the child is back in education, and why. */
export type Resolution = {
  kind: CaseKind;
  persons: string[] | null;
  resolved: RawBuilder<unknown>;
  why: string;
};

export const openCases = (
  kind: CaseKind,
  persons: string[] | null,
  resolved: RawBuilder<unknown>,
  why: string,
): Resolution => ({ kind, persons, resolved, why });

/** Closes the open cases whose child is back, each with a history row «закрыт автоматически: …». */
export async function closeResolved(tx: Tx, r: Resolution) {
  const only = r.persons ? sql`AND c.person_id = ANY(${r.persons}::uuid[])` : sql``;
  const res = await sql<{ n: number }>`
    WITH closing AS (
      SELECT c.id, c.status FROM out_of_education_cases c
       WHERE c.kind = ${r.kind} AND c.status <> 'closed' ${only} AND ${r.resolved}
       ORDER BY c.id
         FOR UPDATE
    ), upd AS (
      UPDATE out_of_education_cases c SET status = 'closed', closed_at = now(), version = c.version + 1,
             updated_at = now(), updated_by = NULL
        FROM closing WHERE c.id = closing.id AND c.status <> 'closed'
      RETURNING c.id, closing.status AS from_status
    ), ev AS (
      INSERT INTO out_of_education_case_events (case_id, action, from_status, to_status, note)
      SELECT id, 'auto_closed', from_status, 'closed', ${`закрыт автоматически: ${r.why}`} FROM upd
    )
    SELECT count(*)::int AS n FROM upd`.execute(tx);
  return res.rows[0]?.n ?? 0;
}
