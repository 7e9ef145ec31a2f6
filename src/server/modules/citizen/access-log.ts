import { sql } from 'kysely';
import { ROLE_TITLES, type Role } from '../../../common/roles.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { accessActionLabel } from './access-log-labels.ts';

/** The audit action of a citizen reading their access log. */
export const ACCESS_LOG_ACTION = 'citizen.access_log';

export type AccessLogItem = {
  at: string;
  actorRole: string;
  organization: string | null;
  action: string;
  actionCode: string;
  subject: { id: string; fullName: string };
};

/**
 * Who accessed the persons' data and when (152-ФЗ ст. 14 ч. 7): audit rows whose subjects include
 * one of them, one item per (row, subject). The staff member is named by role and organization
 * only — what the law asks for — never by name. Left out: the citizen's own actions, refusals
 * (nothing was disclosed) and reads of this very log by anyone (a log of reading the log would
 * grow with every visit and tell nothing about the data itself; those reads are still audited).
 */
export async function readAccessLog(
  ctx: Ctx,
  subjectIds: string[],
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: AccessLogItem[]; nextCursor: string | null }> {
  if (subjectIds.length === 0) return { items: [], nextCursor: null };
  let after = sql<boolean>`true`;
  let upTo = sql<boolean>`true`;
  if (page.cursor) {
    const c = decodeCursor(page.cursor, 2);
    if (!c || !/^\d{1,19}$/.test(c[0]!)) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    after = sql<boolean>`(a.id, s.subject_id) < (${c[0]}::bigint, ${c[1]}::uuid)`;
    upTo = sql<boolean>`id <= ${c[0]}::bigint`;
  }
  // The matching rows are found through the GIN index on subject_ids first (materialised, so the
  // planner cannot trade it for a backward scan of the whole log hoping to meet a few rows early).
  const rows = await sql<{
    id: string;
    at: Date;
    actor_role: string | null;
    organization: string | null;
    action: string;
    subject_id: string;
    full_name: string;
  }>`
    WITH hits AS MATERIALIZED (
      SELECT id, at, actor_role, scope_node_id, action, subject_ids FROM audit_log
       WHERE subject_ids && ${subjectIds}::uuid[]
         AND actor_user_id IS DISTINCT FROM ${ctx.actor!.userId}::uuid
         AND outcome = 'success' AND action <> ${ACCESS_LOG_ACTION} AND ${upTo})
    SELECT a.id, a.at, a.actor_role, coalesce(o.short_name, t.name) AS organization, a.action,
           s.subject_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) AS full_name
      FROM hits a
      CROSS JOIN LATERAL unnest(a.subject_ids) AS s(subject_id)
      JOIN persons p ON p.id = s.subject_id
      LEFT JOIN organizations o ON o.id = a.scope_node_id
      LEFT JOIN territories t ON t.id = a.scope_node_id
     WHERE s.subject_id = ANY(${subjectIds}::uuid[]) AND ${after}
     ORDER BY a.id DESC, s.subject_id DESC
     LIMIT ${page.limit + 1}`.execute(ctx.db);
  const items = rows.rows.slice(0, page.limit).map((r) => ({
    at: r.at.toISOString(),
    actorRole: r.actor_role ? (ROLE_TITLES[r.actor_role as Role] ?? r.actor_role) : 'Система',
    organization: r.organization,
    action: accessActionLabel(r.action),
    actionCode: r.action,
    subject: { id: r.subject_id, fullName: r.full_name },
  }));
  const last = rows.rows[page.limit - 1];
  return {
    items,
    nextCursor: rows.rows.length > page.limit && last ? encodeCursor([last.id, last.subject_id]) : null,
  };
}
