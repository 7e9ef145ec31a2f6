import { sql } from 'kysely';
import { auditedPage, type Ctx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { resolveScope, type ScopeQuery } from '../stat-forms/report-scope.ts';
import { CHECK_BY_CODE } from './checks.ts';
import { DataQualityActions as A } from './data-quality.policy.ts';

export type FindingsQuery = ScopeQuery & {
  check?: string | undefined;
  status: 'open' | 'closed';
  cursor?: string | undefined;
  limit: number;
};

/**
 * The findings of an organization or a territory, by check, each with what it is about (a learner's
 * name, a class, an order) and where to fix it. Names learners: scoped and audited with the persons shown.
 */
export async function listFindings(ctx: Ctx, q: FindingsQuery) {
  const action = A['dataQuality.findings.read'];
  const scope = await resolveScope(ctx, q, action);
  if (q.check !== undefined && !CHECK_BY_CODE.has(q.check))
    throw invalidField('query.check', 'Неизвестная проверка', 'unknown');
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor, 2);
  if (q.cursor !== undefined && !after) throw invalidField('query.cursor', 'Некорректный курсор', 'invalid');
  const rows = await sql<{
    id: string;
    check_code: string;
    organization_id: string;
    organization_name: string;
    object_type: string;
    object_id: string;
    opened_at: Date;
    closed_at: Date | null;
    person_id: string | null;
    label: string;
  }>`
    SELECT f.id, f.check_code, f.organization_id, org.short_name AS organization_name, f.object_type,
           f.object_id, f.opened_at, f.closed_at, p.id AS person_id,
           coalesce(p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, ''),
                    'Класс (группа) ' || u.name,
                    'Приказ № ' || o.number || ' от ' || to_char(o.order_date, 'DD.MM.YYYY'),
                    org.short_name) AS label
      FROM data_quality_findings f
      JOIN organizations org ON org.id = f.organization_id
      LEFT JOIN enrollments e ON f.object_type = 'enrollment' AND e.id = f.object_id
      LEFT JOIN movements m ON f.object_type = 'movement' AND m.id = f.object_id
      LEFT JOIN persons p ON p.id = CASE f.object_type WHEN 'person' THEN f.object_id
                                                       WHEN 'enrollment' THEN e.person_id
                                                       WHEN 'movement' THEN m.person_id END
      LEFT JOIN units u ON f.object_type = 'unit' AND u.id = f.object_id
      LEFT JOIN orders o ON f.object_type = 'order' AND o.id = f.object_id
     WHERE ${scope.organizations('f.organization_id')}
       AND ${q.status === 'open' ? sql`f.closed_at IS NULL` : sql`f.closed_at IS NOT NULL`}
       ${q.check !== undefined ? sql`AND f.check_code = ${q.check}` : sql``}
       ${after ? sql`AND (f.check_code, f.id) > (${after[0]!}, ${after[1]!}::uuid)` : sql``}
     ORDER BY f.check_code, f.id
     LIMIT ${q.limit + 1}`.execute(ctx.db);
  const page = rows.rows.slice(0, q.limit);
  const last = page.at(-1);
  const items = page.map((r) => {
    const check = CHECK_BY_CODE.get(r.check_code);
    return {
      id: r.id,
      check: r.check_code,
      severity: check?.severity ?? 'warning',
      title: check?.title ?? r.check_code,
      fix: check?.fix ?? '',
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      objectType: r.object_type,
      objectId: r.object_id,
      personId: r.person_id,
      label: r.label,
      openedAt: r.opened_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
    };
  });
  return auditedPage(
    ctx,
    {
      items,
      nextCursor: rows.rows.length > q.limit && last ? encodeCursor([last.check_code, last.id]) : null,
    },
    {
      action,
      objectType: scope.kind,
      objectId: scope.id,
      grant: scope.grant,
      subjectIds: [...new Set(items.map((i) => i.personId).filter((x): x is string => x !== null))],
      details: { status: q.status, check: q.check ?? null },
    },
  );
}
