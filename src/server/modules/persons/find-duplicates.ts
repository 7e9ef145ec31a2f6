import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { PersonInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import { personInScope } from './person-scope.ts';

export type ExactDuplicate = { personId: string; field: string; path: string };

/** The same СНИЛС or the same identity document already belongs to another active person. */
export async function findExactDuplicate(
  db: Kysely<DB>,
  p: {
    snils?: string | null | undefined;
    documents?: Pick<PersonInput['documents'][number], 'type' | 'series' | 'number'>[] | undefined;
  },
  path = 'body',
  exceptId?: string,
): Promise<ExactDuplicate | null> {
  if (p.snils) {
    const r = await sql<{ id: string }>`SELECT id FROM persons WHERE snils = ${p.snils} AND status = 'active'
      AND id IS DISTINCT FROM ${exceptId ?? null}::uuid LIMIT 1`.execute(db);
    if (r.rows[0]) return { personId: r.rows[0].id, field: 'snils', path: `${path}.snils` };
  }
  for (const [i, d] of (p.documents ?? []).entries()) {
    const r = await sql<{ person_id: string }>`
      SELECT d.person_id FROM person_documents d JOIN persons p ON p.id = d.person_id
       WHERE d.type = ${d.type} AND coalesce(d.series, '') = ${d.series ?? ''} AND d.number = ${d.number}
         AND d.invalidated_at IS NULL AND p.status = 'active'
         AND d.person_id IS DISTINCT FROM ${exceptId ?? null}::uuid LIMIT 1`.execute(db);
    if (r.rows[0])
      return { personId: r.rows[0].person_id, field: 'document', path: `${path}.documents.${i}.number` };
  }
  return null;
}

/**
 * What person_name_score needs before it scores at all — both name parts, in order or swapped, at 0.7 —
 * as inlinable comparisons: scoring is a function call the planner cannot inline, some thirty times
 * dearer, and most people born on a day fail this test. Exactly the score's own name condition, so
 * adding it changes no result.
 */
export const namesMayMatch = (
  l: RawBuilder<unknown>,
  f: RawBuilder<unknown>,
  pl: RawBuilder<unknown>,
  pf: RawBuilder<unknown>,
) =>
  sql`((name_part_similarity(${l}, ${pl}) >= 0.7 AND name_part_similarity(${f}, ${pf}) >= 0.7)
       OR (name_part_similarity(${l}, ${pf}) >= 0.7 AND name_part_similarity(${f}, ${pl}) >= 0.7))`;

/** A near-duplicate as found; duplicate-answer.ts decides what of it the caller may see. */
export type Candidate = {
  id: string;
  score: number;
  inScope: boolean;
  displayName: string;
  birthDate: string;
  organization: string | null;
};

/**
 * People born the same day whose names match despite typos, ё/е, swapped first and last name or
 * Latin spelling, each marked whether it lies in the caller's scope.
 */
export async function findCandidates(
  db: Kysely<DB>,
  grants: Grant[],
  p: { lastName: string; firstName: string; middleName?: string | null | undefined; birthDate: string },
  exceptId?: string,
): Promise<Candidate[]> {
  const r = await sql<{
    id: string;
    score: number;
    in_scope: boolean;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    birth_date: string;
    organization: string | null;
  }>`
    WITH q AS (SELECT person_name_key(${p.lastName}) AS l, person_name_key(${p.firstName}) AS f,
                      coalesce(person_name_key(${p.middleName ?? null}::text), '') AS m)
    SELECT x.* FROM (
      SELECT p.id, person_name_score(q.l, q.f, q.m, p.last_name_key, p.first_name_key, p.middle_name_key) AS score,
             ${personInScope('p.id', grants)} AS in_scope,
             p.last_name, p.first_name, p.middle_name, p.birth_date,
             (SELECT o.short_name FROM enrollments e JOIN organizations o ON o.id = e.organization_id
               WHERE e.person_id = p.id ORDER BY e.ended_on NULLS FIRST, e.started_on DESC LIMIT 1) AS organization
        FROM persons p, q
       WHERE p.birth_date = ${p.birthDate} AND p.status = 'active'
         AND ${namesMayMatch(sql`q.l`, sql`q.f`, sql`p.last_name_key`, sql`p.first_name_key`)}
         AND p.id IS DISTINCT FROM ${exceptId ?? null}::uuid) x
    WHERE x.score IS NOT NULL
    ORDER BY x.score DESC LIMIT 10`.execute(db);
  return r.rows.map((c) => ({
    id: c.id,
    score: Math.round(c.score * 100) / 100,
    inScope: c.in_scope,
    displayName: [c.last_name, c.first_name, c.middle_name].filter(Boolean).join(' '),
    birthDate: c.birth_date,
    organization: c.organization,
  }));
}

/** Which of the persons lie in the caller's scope. */
export async function personsInScope(db: Kysely<DB>, ids: string[], grants: Grant[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await sql<{ id: string }>`
    SELECT p.id FROM persons p WHERE p.id = ANY(${ids}::uuid[]) AND ${personInScope('p.id', grants)}`.execute(
    db,
  );
  return new Set(r.rows.map((x) => x.id));
}
