import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { AppError, invalidField } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { cellSql, findCell } from './cell-sql.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { sectionOfRow } from './listed-rows.ts';
import { isManualCell } from './manual-cells.ts';
import { repeatingEnrollments } from './repeating-enrollments.ts';
import { resolveScope, type ScopeQuery } from './report-scope.ts';
import { sectionBase } from './section-base.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

type UnitRow = {
  total: number;
  unit_id: string | null;
  unit_name: string;
  organization_id: string;
  organization_name: string;
  learners: number;
  sort_key: string;
};

/**
 * The classes (groups) a units-counting cell counts: the distinct units its learners are placed in on
 * the reference date, from the same relation and cell rule as the report — as many entries as the cell's
 * value — each with how many of the cell's learners it holds. Counts, not personal data: open to whoever
 * reads the form, scoped like it and audited as a report read.
 */
export async function cellUnits(
  ctx: Ctx,
  p: { code: string; edition: string; row: string; column: string },
  q: ScopeQuery & { asOf?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const def = formEdition(p.code, p.edition);
  const section = sectionOfRow(def, p.row);
  const cell = section && findCell(section, p.row, p.column);
  if (!section || !cell)
    throw new AppError('not_found', `В форме ${def.code} нет ячейки ${p.row}:${p.column}`);
  if (isManualCell(section, cell.row.code, cell.column.code))
    throw new AppError('business_rule', 'Ячейка вводится организацией вручную: за ней нет списка', [
      { path: 'params.row', code: 'manual_cell', message: 'Ячейка не рассчитывается по реестру' },
    ]);
  if (cell.count !== 'units')
    throw new AppError('business_rule', 'Ячейка считает обучающихся: откройте их список', [
      { path: 'params.row', code: 'counts_learners', message: 'Расшифровка ячейки — список обучающихся' },
    ]);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor, 2);
  if (q.cursor !== undefined && !after) throw invalidField('query.cursor', 'Некорректный курсор', 'cursor');
  const scope = await resolveScope(ctx, q, A['statForm.read']);
  const r = await sql<UnitRow>`
    WITH ${sectionBase(section, scope, asOf, {
      units: true,
      repeating: await repeatingEnrollments(ctx, [section], scope, asOf),
    })},
    cell AS (
      SELECT b.unit_id, b.unit_name, b.organization_id, b.organization_name,
             count(DISTINCT b.person_id)::int AS learners,
             lower(b.organization_name || ' ' || b.unit_name) AS sort_key
        FROM b WHERE b.unit_id IS NOT NULL AND ${cellSql(cell.row, cell.column)}
       GROUP BY b.unit_id, b.unit_name, b.organization_id, b.organization_name)
    SELECT t.total, pg.* FROM (SELECT count(*)::int AS total FROM cell) t
      LEFT JOIN LATERAL (
        SELECT c.* FROM cell c
         WHERE ${after ? sql`(c.sort_key COLLATE "C", c.unit_id) > (${after[0]}::text COLLATE "C", ${after[1]}::uuid)` : sql`TRUE`}
         ORDER BY c.sort_key COLLATE "C", c.unit_id
         LIMIT ${q.limit + 1}) pg ON TRUE`.execute(ctx.db);
  const rows = r.rows.filter((x) => x.unit_id !== null);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  await auditNow(ctx, {
    action: 'statForm.units.read',
    objectType: scope.kind,
    objectId: scope.id,
    grant: scope.grant,
    details: { form: def.code, edition: def.edition, row: cell.row.code, column: cell.column.code, asOf },
  });
  return {
    asOf,
    cell: { section: section.code, row: cell.row.code, column: cell.column.code },
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    items: page.map((x) => ({
      unitId: x.unit_id!,
      unitName: x.unit_name,
      organizationId: x.organization_id,
      organizationName: x.organization_name,
      learners: x.learners,
    })),
    totalCount: r.rows[0]?.total ?? 0,
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_key, last.unit_id!]) : null,
  };
}
