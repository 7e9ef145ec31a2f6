import { type Kysely, sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import { readPerson } from '../persons/read-person.ts';
import type { PersonAchievement } from './intake.schemas.ts';

/** Learners' achievements, newest event first, for a set of persons at once. */
// biome-ignore lint/suspicious/noExplicitAny: read with whatever database handle the caller has
export async function achievementsOf(db: Kysely<any>, ids: string[]) {
  const out = new Map<string, PersonAchievement[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const r = await sql<PersonAchievement & { person_id: string }>`
    SELECT a.person_id, a.id, a.organization_id AS "organizationId", o.short_name AS "organizationName", a.title,
           a.level, a.kind, to_char(a.achieved_on, 'YYYY-MM-DD') AS date, a.result, a.place,
           a.score::float8 AS score, a.subject, a.source_system AS "sourceSystem", a.source_id AS "sourceId",
           a.version, to_json(a.received_at) #>> '{}' AS "receivedAt"
      FROM learner_achievements a JOIN organizations o ON o.id = a.organization_id
     WHERE a.person_id = ANY(${ids}::uuid[])
     ORDER BY a.achieved_on DESC, a.title, a.id`.execute(db);
  for (const { person_id, ...a } of r.rows) out.get(person_id)?.push(a);
  return out;
}

/**
 * GET /persons/{id}/achievements: for whoever fully sees the learner (as the trajectory and results:
 * the archival level of a former organization does not follow the learner on); audited as a read.
 */
export async function readPersonAchievements(ctx: Ctx, id: string) {
  const { data } = await readPerson(ctx, id, {
    action: PersonActions['person.read'],
    load: async (card) => (await achievementsOf(ctx.db, [card.id])).get(card.id) ?? [],
    audit: (card, items) => ({
      action: 'person.achievements.read',
      subjectIds: [card.id],
      details: { achievements: items.length },
    }),
  });
  return { items: data };
}
