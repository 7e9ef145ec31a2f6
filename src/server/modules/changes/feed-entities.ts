import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { readOrderIn } from '../orders/read-order.ts';
import { readHealth } from '../person-health/person-health.queries.ts';
import { outsideFullScope } from '../persons/full-scope.ts';
import { cardSubjects, readPersonCards } from '../persons/person-card.ts';
import type {
  ChangeItem,
  EntityType,
  FeedAchievement,
  FeedAttendance,
  FeedEnrollment,
  FeedResult,
} from './changes.schemas.ts';

/** What a change row becomes for this reader, without its position and type. */
export type Rendered = Omit<ChangeItem, 'position' | 'entityType'> & { subjects?: string[] };

export type RenderCtx = {
  tx: Tx;
  /** The reader's grants for the feed, and for health data (empty: none). */
  grants: Grant[];
  healthGrants: Grant[];
  timeZone: string;
};

/**
 * One kind of record the feed carries. `scope` says how a change row is matched to a reader:
 * 'organization' by the organization kept on the row (the closure table), 'person' through
 * person_access and the nodes the change took access from, 'health' the same with the health grants.
 * `render` turns the ids of a page into the records' current state, or tombstones. A new kind adds
 * its capture triggers, its database name and an entry here.
 */
export type FeedEntity = {
  dbType: string;
  scope: 'organization' | 'person' | 'health';
  render: (c: RenderCtx, ids: string[]) => Promise<Map<string, Rendered>>;
};

const tombstone = (id: string, reason: NonNullable<Rendered['reason']>, mergedInto?: string | null) => ({
  id,
  op: 'delete' as const,
  reason,
  ...(mergedInto ? { mergedInto } : {}),
});

/** Persons' status: a destroyed or merged record is a tombstone for everyone who sees its row. */
async function statuses(tx: Tx, ids: string[]) {
  const r = await sql<{ id: string; status: string; merged_into_id: string | null }>`
    SELECT id, status, merged_into_id FROM persons WHERE id = ANY(${ids}::uuid[])`.execute(tx);
  return new Map(r.rows.map((x) => [x.id, x]));
}

function goneOrNull(id: string, p: { status: string; merged_into_id: string | null } | undefined) {
  if (!p) return tombstone(id, 'deleted');
  if (p.status === 'destroyed') return tombstone(id, 'destroyed');
  if (p.status === 'merged') return tombstone(id, 'merged', p.merged_into_id);
  return null;
}

/** The person card as GET /persons/{id} gives it (no health), with full access; otherwise a tombstone. */
async function renderPersons(c: RenderCtx, ids: string[]) {
  const [cards, st] = await Promise.all([readPersonCards(c.tx, ids, c.grants), statuses(c.tx, ids)]);
  const out = new Map<string, Rendered>();
  for (const id of ids) {
    const card = cards.get(id);
    const gone = goneOrNull(id, st.get(id));
    if (gone) out.set(id, gone);
    else if (card && card.access === 'full')
      out.set(id, { id, op: 'upsert', person: card, subjects: cardSubjects(card) });
    else out.set(id, tombstone(id, 'out_of_scope'));
  }
  return out;
}

/** Health as GET /persons/{id}/health gives it, for a health grant whose full scope holds the person. */
async function renderHealth(c: RenderCtx, ids: string[]) {
  const [outside, st] = await Promise.all([outsideFullScope(c.tx, ids, c.healthGrants), statuses(c.tx, ids)]);
  const out = new Map<string, Rendered>();
  const hidden = new Set(outside);
  for (const id of ids) {
    const gone = goneOrNull(id, st.get(id));
    if (gone) out.set(id, gone);
    else if (hidden.has(id)) out.set(id, tombstone(id, 'out_of_scope'));
    else out.set(id, { id, op: 'upsert', personHealth: await readHealth(c.tx, id), subjects: [id] });
  }
  return out;
}

async function renderEnrollments(c: RenderCtx, ids: string[]) {
  const r = await sql<FeedEnrollment>`
    SELECT e.id, e.person_id AS "personId", e.organization_id AS "organizationId",
           e.programme_id AS "programmeId", e.level, e.education_form AS "educationForm", e.funding,
           e.started_on AS "startedOn", e.ended_on AS "endedOn", e.version,
           coalesce((SELECT json_agg(json_build_object('id', p.id, 'status', p.status, 'movementId', p.movement_id,
                                                       'from', p.valid_from, 'to', p.valid_to)
                                     ORDER BY p.valid_from, p.id)
                       FROM enrollment_status_periods p WHERE p.enrollment_id = e.id), '[]') AS periods,
           coalesce((SELECT json_agg(json_build_object('id', pl.id, 'unitId', pl.unit_id, 'movementId', pl.movement_id,
                                                       'from', pl.valid_from, 'to', pl.valid_to)
                                     ORDER BY pl.valid_from, pl.id)
                       FROM placements pl WHERE pl.enrollment_id = e.id), '[]') AS placements
      FROM enrollments e WHERE e.id = ANY(${ids}::uuid[])`.execute(c.tx);
  const found = new Map(r.rows.map((e) => [e.id, e]));
  return new Map<string, Rendered>(
    ids.map((id) => {
      const e = found.get(id);
      return [id, e ? { id, op: 'upsert', enrollment: e, subjects: [e.personId] } : tombstone(id, 'deleted')];
    }),
  );
}

/** The order as GET /orders/{id} gives it; a deleted draft is a tombstone. */
async function renderOrders(c: RenderCtx, ids: string[]) {
  const r = await sql<{ id: string }>`SELECT id FROM orders WHERE id = ANY(${ids}::uuid[])`.execute(c.tx);
  const present = new Set(r.rows.map((x) => x.id));
  const out = new Map<string, Rendered>();
  for (const id of ids) {
    if (!present.has(id)) {
      out.set(id, tombstone(id, 'deleted'));
      continue;
    }
    const order = await readOrderIn(c.tx, id, c.timeZone);
    out.set(id, { id, op: 'upsert', order, subjects: order.movements.map((m) => m.person.id) });
  }
  return out;
}

/**
 * Attendance days by id. The table is partitioned by date and its key is (id, date): a lookup by id
 * probes each month's index, which a page of at most a thousand rows affords. An absence for illness
 * is health data: it reads as «valid» unless the reader's health grants hold the learner in full.
 */
async function renderAttendance(c: RenderCtx, ids: string[]) {
  const r = await sql<FeedAttendance>`
    SELECT id, person_id AS "personId", organization_id AS "organizationId", to_char(date, 'YYYY-MM-DD') AS date,
           status, reason, lessons_scheduled AS "lessonsScheduled", lessons_missed AS "lessonsMissed",
           lessons_unexcused AS "lessonsUnexcused", source_system AS "sourceSystem", source_id AS "sourceId", version
      FROM attendance_days WHERE id = ANY(${ids}::uuid[])`.execute(c.tx);
  const ill = [...new Set(r.rows.filter((a) => a.reason === 'illness').map((a) => a.personId))];
  const hidden = new Set(
    ill.length === 0
      ? []
      : c.healthGrants.length === 0
        ? ill
        : await outsideFullScope(c.tx, ill, c.healthGrants),
  );
  const found = new Map(r.rows.map((a) => [a.id, a]));
  return new Map<string, Rendered>(
    ids.map((id) => {
      const a = found.get(id);
      if (!a) return [id, tombstone(id, 'deleted')];
      const shown = a.reason === 'illness' && hidden.has(a.personId) ? { ...a, reason: 'valid' as const } : a;
      return [id, { id, op: 'upsert', attendance: shown, subjects: [a.personId] }];
    }),
  );
}

async function renderResults(c: RenderCtx, ids: string[]) {
  const r = await sql<FeedResult>`
    SELECT id, person_id AS "personId", organization_id AS "organizationId", academic_year AS "academicYear", kind,
           period_type AS "periodType", period_number AS "periodNumber", subject, scale, grade,
           to_char(graded_on, 'YYYY-MM-DD') AS "gradedOn", source_system AS "sourceSystem", source_id AS "sourceId",
           version
      FROM learner_results WHERE id = ANY(${ids}::uuid[])`.execute(c.tx);
  const found = new Map(r.rows.map((x) => [x.id, x]));
  return new Map<string, Rendered>(
    ids.map((id) => {
      const x = found.get(id);
      return [id, x ? { id, op: 'upsert', result: x, subjects: [x.personId] } : tombstone(id, 'deleted')];
    }),
  );
}

async function renderAchievements(c: RenderCtx, ids: string[]) {
  const r = await sql<FeedAchievement>`
    SELECT id, person_id AS "personId", organization_id AS "organizationId", title, level, kind,
           to_char(achieved_on, 'YYYY-MM-DD') AS date, result, place, score::float8 AS score, subject,
           source_system AS "sourceSystem", source_id AS "sourceId", version
      FROM learner_achievements WHERE id = ANY(${ids}::uuid[])`.execute(c.tx);
  const found = new Map(r.rows.map((x) => [x.id, x]));
  return new Map<string, Rendered>(
    ids.map((id) => {
      const x = found.get(id);
      return [
        id,
        x ? { id, op: 'upsert', achievement: x, subjects: [x.personId] } : tombstone(id, 'deleted'),
      ];
    }),
  );
}

export const FEED_ENTITIES: Record<EntityType, FeedEntity> = {
  person: { dbType: 'person', scope: 'person', render: renderPersons },
  personHealth: { dbType: 'person_health', scope: 'health', render: renderHealth },
  enrollment: { dbType: 'enrollment', scope: 'organization', render: renderEnrollments },
  order: { dbType: 'order', scope: 'organization', render: renderOrders },
  attendance: { dbType: 'attendance', scope: 'organization', render: renderAttendance },
  result: { dbType: 'result', scope: 'organization', render: renderResults },
  achievement: { dbType: 'achievement', scope: 'organization', render: renderAchievements },
};

export const entityOfDbType = (dbType: string) =>
  (Object.entries(FEED_ENTITIES) as [EntityType, FeedEntity][]).find(([, e]) => e.dbType === dbType)?.[0];
