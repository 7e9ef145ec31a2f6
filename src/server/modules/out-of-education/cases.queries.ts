import { type Kysely, sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { CaseStatus } from './case-store.ts';
import { OutOfEducationActions as A } from './out-of-education.policy.ts';
import type { CaseFilters } from './out-of-education.schemas.ts';

type Row = {
  id: string;
  kind: string;
  status: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  municipality_id: string;
  municipality_name: string;
  organization_id: string | null;
  organization_name: string | null;
  responsible_user_id: string | null;
  responsible_name: string | null;
  detected_on: string;
  evidence_on: string;
  evidence: Record<string, unknown>;
  deadline: string | null;
  version: number;
};

/** The order a case moves in; closing is allowed from every open status (the child was found). */
export const NEXT: Record<CaseStatus, CaseStatus[]> = {
  detected: ['checking', 'closed'],
  checking: ['cause_found', 'closed'],
  cause_found: ['measures_taken', 'closed'],
  measures_taken: ['closed'],
  closed: [],
};

export const todayOf = (ctx: Ctx) => dateInZone(new Date(), ctx.config.timeZone);

/** The scoped base of every read: cases of the municipalities below the caller's grants. */
export function selectCases(grants: Grant[], where = sql<boolean>`true`) {
  return sql<Row>`
    SELECT c.id, c.kind, c.status, p.id AS person_id, p.last_name, p.first_name, p.middle_name,
           p.birth_date::text AS birth_date, c.municipality_id, t.name AS municipality_name,
           c.organization_id, o.short_name AS organization_name, c.responsible_user_id,
           u.full_name AS responsible_name, c.detected_on::text AS detected_on, c.evidence_on::text AS evidence_on,
           c.evidence, c.deadline::text AS deadline, c.version
      FROM out_of_education_cases c
      JOIN persons p ON p.id = c.person_id
      JOIN territories t ON t.id = c.municipality_id
      LEFT JOIN organizations o ON o.id = c.organization_id
      LEFT JOIN users u ON u.id = c.responsible_user_id
     WHERE ${inScope('c.municipality_id', grants)} AND ${where}`;
}

export function present(r: Row, today: string) {
  return {
    id: r.id,
    kind: r.kind as never,
    status: r.status as CaseStatus,
    person: {
      id: r.person_id,
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      birthDate: r.birth_date,
    },
    municipality: { id: r.municipality_id, name: r.municipality_name },
    organization: r.organization_id ? { id: r.organization_id, name: r.organization_name ?? '' } : null,
    responsible: r.responsible_user_id ? { id: r.responsible_user_id, name: r.responsible_name ?? '' } : null,
    detectedOn: r.detected_on,
    evidenceOn: r.evidence_on,
    evidence: r.evidence,
    deadline: r.deadline,
    overdue: r.status !== 'closed' && r.deadline !== null && r.deadline < today,
    version: r.version,
  };
}

export function filterSql(f: CaseFilters, today: string) {
  const parts = [sql<boolean>`true`];
  if (f.kind) parts.push(sql`c.kind = ${f.kind}`);
  if (f.status === 'open') parts.push(sql`c.status <> 'closed'`);
  else if (f.status) parts.push(sql`c.status = ${f.status}`);
  if (f.organizationId) parts.push(sql`c.organization_id = ${f.organizationId}`);
  if (f.responsibleUserId) parts.push(sql`c.responsible_user_id = ${f.responsibleUserId}`);
  if (f.overdue === 'true') parts.push(sql`c.status <> 'closed' AND c.deadline < ${today}::date`);
  if (f.overdue === 'false')
    parts.push(sql`NOT (c.status <> 'closed' AND coalesce(c.deadline < ${today}::date, false))`);
  return sql<boolean>`${sql.join(parts, sql` AND `)}`;
}

/** The inbox: newest findings first, a page at a time; a read of personal data, audited. */
export async function listCases(ctx: Ctx, q: CaseFilters & { cursor?: string; limit: number }) {
  const grants = authorize(ctx.actor!, A['out_of_education.read']);
  const today = todayOf(ctx);
  let after = sql<boolean>`true`;
  if (q.cursor) {
    const key = decodeCursor(q.cursor, 2);
    if (!key) throw invalidField('cursor', 'Некорректный курсор');
    after = sql`(c.detected_on, c.id) < (${key[0]}::date, ${key[1]}::uuid)`;
  }
  const where = sql<boolean>`${filterSql(q, today)} AND ${after}`;
  const r =
    await sql<Row>`${selectCases(grants, where)} ORDER BY c.detected_on DESC, c.id DESC LIMIT ${q.limit + 1}`.execute(
      ctx.db,
    );
  const rows = r.rows.slice(0, q.limit);
  const last = rows.at(-1);
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM out_of_education_cases c
     WHERE ${inScope('c.municipality_id', grants)} AND ${filterSql(q, today)}`.execute(ctx.db);
  const items = rows.map((x) => present(x, today));
  await auditNow(ctx, {
    action: 'out_of_education.list.read',
    objectType: 'out_of_education_case',
    subjectIds: items.length > 0 ? items.map((i) => i.person.id) : null,
    details: { count: items.length },
  });
  return {
    items,
    nextCursor: r.rows.length > q.limit && last ? encodeCursor([last.detected_on, last.id]) : null,
    totalCount: total.rows[0]?.n ?? 0,
  };
}

/** One case as its card shows it; out of scope reads as absent. */
export async function loadCase(db: Kysely<DB>, grants: Grant[], id: string) {
  const r = await selectCases(grants, sql`c.id = ${id}`).execute(db);
  return r.rows[0] ?? null;
}

export async function cardOf(db: Kysely<DB>, row: Row, today: string, canWrite: boolean) {
  const events = await sql<{
    id: string;
    at: Date;
    user_id: string | null;
    user_name: string | null;
    action: string;
    from_status: string | null;
    to_status: string | null;
    responsible_user_id: string | null;
    responsible_name: string | null;
    deadline: string | null;
    note: string | null;
  }>`
    SELECT e.id, e.at, e.user_id, u.full_name AS user_name, e.action, e.from_status, e.to_status,
           e.responsible_user_id, r.full_name AS responsible_name, e.deadline::text AS deadline, e.note
      FROM out_of_education_case_events e
      LEFT JOIN users u ON u.id = e.user_id
      LEFT JOIN users r ON r.id = e.responsible_user_id
     WHERE e.case_id = ${row.id} ORDER BY e.id`.execute(db);
  const specialists = await sql<{ id: string; name: string }>`
    SELECT DISTINCT u.id, u.full_name AS name FROM role_assignments ra JOIN users u ON u.id = ra.user_id
     WHERE ra.role = 'municipal_specialist' AND ra.revoked_at IS NULL AND ra.scope_node_id = ${row.municipality_id}
       AND NOT u.blocked
     ORDER BY u.full_name LIMIT 200`.execute(db);
  const status = row.status as CaseStatus;
  return {
    ...present(row, today),
    history: events.rows.map((e) => ({
      id: Number(e.id),
      at: e.at.toISOString(),
      user: e.user_id ? { id: e.user_id, name: e.user_name ?? '' } : null,
      action: e.action as never,
      fromStatus: e.from_status as CaseStatus | null,
      toStatus: e.to_status as CaseStatus | null,
      responsible: e.responsible_user_id
        ? { id: e.responsible_user_id, name: e.responsible_name ?? '' }
        : null,
      deadline: e.deadline,
      note: e.note,
    })),
    nextStatuses: canWrite ? NEXT[status] : [],
    specialists: specialists.rows,
    canWrite,
  };
}

export async function readCase(ctx: Ctx, id: string) {
  const grants = authorize(ctx.actor!, A['out_of_education.read']);
  const row = await loadCase(ctx.db, grants, id);
  if (!row) {
    await auditNow(ctx, {
      action: 'out_of_education.case.read',
      objectType: 'out_of_education_case',
      objectId: id,
      outcome: 'denied',
    });
    throw notFound('Случай');
  }
  const card = await cardOf(ctx.db, row, todayOf(ctx), true);
  await auditNow(ctx, {
    action: 'out_of_education.case.read',
    objectType: 'out_of_education_case',
    objectId: id,
    subjectIds: [row.person_id],
  });
  return card;
}
