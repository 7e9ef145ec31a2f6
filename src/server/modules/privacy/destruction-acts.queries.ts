import { sql } from 'kysely';
import { ROLE_TITLES, type Role } from '../../../common/roles.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { BASIS_TITLES, type Basis, DESTROYED_CATEGORY_TITLES } from './destruction-terms.ts';
import { PrivacyActions } from './privacy.policy.ts';

type ActRow = {
  id: string;
  act_number: string;
  person_id: string;
  basis: Basis;
  basis_details: string | null;
  destroyed_categories: string[];
  kept_statistics: Record<string, unknown>;
  method: string;
  performed_at: Date;
  performed_by: string | null;
  performer_name: string | null;
};

const view = (r: ActRow) => ({
  id: r.id,
  actNumber: r.act_number,
  personId: r.person_id,
  basis: r.basis,
  basisTitle: BASIS_TITLES[r.basis],
  basisDetails: r.basis_details,
  destroyedCategories: r.destroyed_categories.map((code) => ({
    code,
    title: DESTROYED_CATEGORY_TITLES[code] ?? code,
  })),
  keptStatistics: r.kept_statistics,
  method: r.method,
  performedAt: r.performed_at.toISOString(),
  performedBy: r.performed_by ? { id: r.performed_by, fullName: r.performer_name ?? '' } : null,
});
export type DestructionActView = ReturnType<typeof view>;

const base = sql`
  SELECT a.id, a.act_number, a.person_id, a.basis, a.basis_details, a.destroyed_categories,
         a.kept_statistics, a.method, a.performed_at, a.performed_by, u.full_name AS performer_name
    FROM destruction_acts a LEFT JOIN users u ON u.id = a.performed_by`;

/** Acts of destruction, newest first. */
export async function listDestructionActs(ctx: Ctx, page: { cursor?: string | undefined; limit: number }) {
  authorize(ctx.actor!, PrivacyActions['person.destroy']);
  let after = sql`true`;
  if (page.cursor) {
    const c = decodeCursor(page.cursor, 2);
    if (!c || Number.isNaN(Date.parse(c[0]!))) {
      throw invalidField('query.cursor', 'Некорректный курсор страницы');
    }
    after = sql`(a.performed_at, a.id) < (${c[0]}::timestamptz, ${c[1]}::uuid)`;
  }
  const rows = await sql<ActRow>`${base} WHERE ${after}
    ORDER BY a.performed_at DESC, a.id DESC LIMIT ${page.limit + 1}`.execute(ctx.db);
  const items = rows.rows.slice(0, page.limit).map(view);
  const last = rows.rows[page.limit - 1];
  return {
    items,
    nextCursor:
      rows.rows.length > page.limit && last ? encodeCursor([last.performed_at.toISOString(), last.id]) : null,
  };
}

/**
 * One act with the audit record of the destruction: the log extract the act goes with (№ 179 п. 4).
 * The operator's details come from the configuration, as the installation's operator names itself.
 */
export async function readDestructionAct(ctx: Ctx, id: string) {
  authorize(ctx.actor!, PrivacyActions['person.destroy']);
  const r = await sql<ActRow>`${base} WHERE a.id = ${id}`.execute(ctx.db);
  const row = r.rows[0];
  if (!row) throw notFound('Акт об уничтожении');
  const log = await sql<{ id: string; at: Date; actor_role: string | null; outcome: string; hash: string }>`
    SELECT id, at, actor_role, outcome, hash FROM audit_log
     WHERE action = 'person.destroy' AND object_type = 'person' AND object_id = ${row.person_id}
       AND details->>'actId' = ${row.id}
     ORDER BY id LIMIT 1`.execute(ctx.db);
  const entry = log.rows[0];
  return {
    act: view(row),
    operator: ctx.config.operator,
    performerRole: entry?.actor_role ? (ROLE_TITLES[entry.actor_role as Role] ?? entry.actor_role) : null,
    logEntry: entry
      ? { id: entry.id, at: entry.at.toISOString(), outcome: entry.outcome, hash: entry.hash }
      : null,
  };
}
