import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { personIdInScope } from '../persons/person-scope.ts';

export type AuditFilter = {
  action?: string | undefined;
  actorUserId?: string | undefined;
  actorName?: string | undefined;
  personId?: string | undefined;
  organizationId?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// The log is aliased l: person_access, probed inside the label, is aliased a (persons/person-scope.ts).

/** Events the actor may read: a regional operator all; others those of actors and organizations in scope. */
function visibleTo(grants: Grant[]) {
  if (grants.some((g) => g.role === 'regional_operator')) return sql<boolean>`true`;
  const below = sql`(SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${scopeNodes(grants)}::uuid[]))`;
  return sql<boolean>`(l.scope_node_id IN ${below}
    OR (l.object_type = 'organization' AND l.object_id ~ ${UUID_TEXT} AND l.object_id::uuid IN ${below}))`;
}

/**
 * What the event is about, in words: a person's full name only when the reader may see that person
 * (otherwise null, and the screen says the record is outside the reader's scope), an organization's
 * short name with its territory, a user's full name.
 */
function objectLabel(grants: Grant[]) {
  const personId = sql`l.object_id::uuid`;
  return sql<string | null>`CASE
    WHEN l.object_id IS NULL OR l.object_id !~ ${UUID_TEXT} THEN NULL
    WHEN l.object_type = 'person' THEN (
      SELECT concat_ws(' ', p.last_name, p.first_name, p.middle_name) FROM persons p
       WHERE p.id = ${personId} AND ${personIdInScope(personId, grants)})
    WHEN l.object_type = 'organization' THEN (
      SELECT o.short_name || ' (' || t.name || ')' FROM organizations o JOIN territories t ON t.id = o.territory_id
       WHERE o.id = l.object_id::uuid)
    WHEN l.object_type = 'user' THEN (SELECT x.full_name FROM users x WHERE x.id = l.object_id::uuid)
  END`;
}

/**
 * The audit log as a manager sees it: who (name and role), whom (names within the reader's scope),
 * what and when. Filters by action, outcome, period, user (id or name), person and organization.
 */
export async function listAudit(ctx: Ctx, f: AuditFilter, only?: { subjectIds: string[] }) {
  const grants = authorize(ctx.actor!, 'audit.read');
  let q = ctx.db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_user_id')
    .leftJoin('territories as t', 't.id', 'l.scope_node_id')
    .leftJoin('organizations as o', 'o.id', 'l.scope_node_id')
    .select([
      'l.id',
      'l.at',
      'l.actor_user_id',
      'u.full_name',
      'l.actor_role',
      sql<string | null>`coalesce(t.name, o.short_name)`.as('scope_name'),
      'l.action',
      'l.object_type',
      'l.object_id',
      objectLabel(grants).as('object_label'),
      sql<number>`coalesce(cardinality(l.subject_ids), 0)`.as('subject_count'),
      'l.outcome',
      'l.ip',
      'l.request_id',
    ])
    .where(visibleTo(grants));
  const persons = only?.subjectIds ?? (f.personId ? [f.personId] : null);
  if (persons) q = q.where(aboutPersons(persons));
  if (f.organizationId) {
    q = q.where(
      sql<boolean>`(l.scope_node_id = ${f.organizationId}::uuid
        OR (l.object_type = 'organization' AND l.object_id = ${f.organizationId}))`,
    );
  }
  if (f.actorName) {
    const like = `%${likeEscape(f.actorName.toLowerCase())}%`;
    q = q.where(sql<boolean>`(lower(u.full_name) LIKE ${like} OR lower(u.login) LIKE ${like})`);
  }
  if (f.action) {
    const codes = f.action
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (codes.length) q = q.where('l.action', 'in', codes);
  }
  if (f.actorUserId) q = q.where('l.actor_user_id', '=', f.actorUserId);
  if (f.objectType) q = q.where('l.object_type', '=', f.objectType);
  if (f.objectId) q = q.where('l.object_id', '=', f.objectId);
  if (f.outcome) q = q.where('l.outcome', '=', f.outcome);
  if (f.from) q = q.where('l.at', '>=', new Date(`${f.from}T00:00:00Z`));
  if (f.to) q = q.where('l.at', '<', new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000));
  if (f.cursor) {
    if (!/^\d{1,19}$/.test(f.cursor)) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    q = q.where('l.id', '<', f.cursor);
  }
  const rows = await q
    .orderBy('l.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor_user_id ? { id: r.actor_user_id, fullName: r.full_name ?? '' } : null,
    actorRole: r.actor_role,
    scopeName: r.scope_name,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    objectLabel: r.object_label,
    subjectCount: Number(r.subject_count),
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.request_id,
  }));
  return { items, nextCursor: rows.length > f.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Events that concern a person: about the record itself, or reading or changing data that shows them. */
const aboutPersons = (ids: string[]) =>
  sql<boolean>`((l.object_type = 'person' AND l.object_id = ANY(${ids}::text[]))
    OR l.subject_ids && ${ids}::uuid[])`;

/** Person ids named in a page of events, for the audit entry of the read itself. */
export const namedPersons = (
  items: { objectType: string | null; objectId: string | null; objectLabel: string | null }[],
) => [
  ...new Set(
    items.filter((i) => i.objectType === 'person' && i.objectLabel && i.objectId).map((i) => i.objectId!),
  ),
];
