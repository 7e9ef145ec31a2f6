import { type RawBuilder, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, grantsFor, scopeNodes } from '../../platform/access/policy.ts';
import { auditedPage, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { HealthActions } from '../person-health/person-health.policy.ts';
import { coversRegion } from '../persons/person-scope.ts';
import { ChangeActions } from './changes.policy.ts';
import {
  type ChangeItem,
  type ChangePage,
  type EntityType,
  type FeedPosition,
  parsePosition,
} from './changes.schemas.ts';
import { entityOfDbType, FEED_ENTITIES, type Rendered } from './feed-entities.ts';

type LogRow = { xid: string; id: string; entity_type: string; entity_id: string };

const positionOf = (p: FeedPosition) => (p.xid === '0' && p.id === '0' ? '0' : `${p.xid}.${p.id}`);
const after = (a: FeedPosition, b: FeedPosition) =>
  BigInt(a.xid) > BigInt(b.xid) || (BigInt(a.xid) === BigInt(b.xid) && BigInt(a.id) > BigInt(b.id));

/** A person row reaches readers at its nodes now (archival included) or at nodes it just left. */
function personReach(grants: Grant[]): RawBuilder<boolean> {
  if (grants.length === 0) return sql<boolean>`false`;
  if (coversRegion(grants)) return sql<boolean>`true`;
  const nodes = scopeNodes(grants);
  return sql<boolean>`(l.lost_nodes && ${nodes}::uuid[] OR EXISTS (SELECT 1 FROM person_access a
    WHERE a.node_id = ANY(${nodes}::uuid[]) AND a.person_id = l.entity_id))`;
}

function organizationReach(grants: Grant[]): RawBuilder<boolean> {
  if (coversRegion(grants)) return sql<boolean>`true`;
  return sql<boolean>`EXISTS (SELECT 1 FROM scope_closure c
    WHERE c.ancestor_id = ANY(${scopeNodes(grants)}::uuid[]) AND c.descendant_id = l.organization_id)`;
}

/** SQL: the change row l concerns the reader's scope (its rendering decides upsert or tombstone). */
function reaches(grants: Grant[], healthGrants: Grant[]) {
  const arms = Object.values(FEED_ENTITIES).map((e) => {
    const reach =
      e.scope === 'organization'
        ? organizationReach(grants)
        : personReach(e.scope === 'health' ? healthGrants : grants);
    return sql`WHEN ${e.dbType} THEN ${reach}`;
  });
  return sql<boolean>`(CASE l.entity_type ${sql.join(arms, sql` `)} ELSE false END)`;
}

/**
 * One page of the change feed after `since`, for the reader's scope. In one REPEATABLE READ snapshot:
 * the horizon is the snapshot's xmin, so only rows of transactions that have ended are served (see
 * migration 0036), in (xid, id) order; each row's record is rendered as it is now, or becomes a
 * tombstone. A page that is not full moves the cursor past every final row, whether this reader saw it
 * or not, so rows of other scopes are not scanned again. Audited as a list read of the persons shown.
 */
export async function readChanges(ctx: Ctx, q: { since: string; limit: number }): Promise<ChangePage> {
  const grants = authorize(ctx.actor!, ChangeActions['changes.read']);
  const healthGrants = grantsFor(ctx.actor!, HealthActions['health.read']);
  const from = parsePosition(q.since);
  const { page, subjects } = await withTransaction(ctx.db, async (tx) => {
    await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(tx);
    const h = await sql<{ horizon: string }>`
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`.execute(tx);
    const horizon = h.rows[0]!.horizon;
    const rows = (
      await sql<LogRow>`
        SELECT l.xid::text AS xid, l.id::text AS id, l.entity_type, l.entity_id::text AS entity_id
          FROM change_log l
         WHERE (l.xid, l.id) > (${from.xid}::xid8, ${from.id}::bigint) AND l.xid < ${horizon}::xid8
           AND ${reaches(grants, healthGrants)}
         ORDER BY l.xid, l.id
         LIMIT ${q.limit + 1}`.execute(tx)
    ).rows;
    const hasMore = rows.length > q.limit;
    const served = rows.slice(0, q.limit);

    const byType = new Map<EntityType, string[]>();
    for (const r of served) {
      const type = entityOfDbType(r.entity_type)!;
      byType.set(type, [...new Set([...(byType.get(type) ?? []), r.entity_id])]);
    }
    const rendered = new Map<string, Rendered>();
    const rc = { tx, grants, healthGrants, timeZone: ctx.config.timeZone };
    for (const [type, ids] of byType) {
      for (const [id, item] of await FEED_ENTITIES[type].render(rc, ids)) rendered.set(`${type}:${id}`, item);
    }
    const subjects = new Set<string>();
    const items: ChangeItem[] = served.map((r) => {
      const entityType = entityOfDbType(r.entity_type)!;
      const { subjects: s, ...item } = rendered.get(`${entityType}:${r.entity_id}`)!;
      for (const id of s ?? []) subjects.add(id);
      return { position: `${r.xid}.${r.id}`, entityType, ...item };
    });

    let next = served.length > 0 ? { xid: served.at(-1)!.xid, id: served.at(-1)!.id } : from;
    if (!hasMore) {
      const last = await sql<FeedPosition>`
        SELECT xid::text AS xid, id::text AS id FROM change_log
         WHERE xid < ${horizon}::xid8 ORDER BY xid DESC, id DESC LIMIT 1`.execute(tx);
      const final = last.rows[0];
      if (final && after(final, next)) next = final;
    }
    return { page: { items, nextCursor: positionOf(next), hasMore }, subjects: [...subjects] };
  });
  return auditedPage(ctx, page, {
    action: 'changes.read',
    objectType: 'change_feed',
    subjectIds: subjects.length > 0 ? subjects : null,
    details: { since: q.since, nextCursor: page.nextCursor },
  });
}
