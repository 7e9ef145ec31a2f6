import { sql } from 'kysely';
import { auditedPage, type Ctx } from '../../platform/context.ts';
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

type LearnerRow = {
  total: number;
  person_id: string | null;
  enrollment_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  sex: 'male' | 'female';
  age: number;
  organization_id: string;
  organization_name: string;
  unit_id: string | null;
  unit_name: string | null;
  sort_key: string;
  cell_days: number | null;
  total_days: number | null;
};

/**
 * The learners a computed cell counts (drill-down): the same relation and the same cell rule as the
 * report, so the list has exactly as many entries as the cell's value — one per person when the cell
 * counts persons (their first enrollment in the cell), one per enrollment otherwise. Personal data:
 * scoped like the report and audited with the persons shown.
 */
export async function cellLearners(
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
  if (cell.count === 'units')
    throw new AppError('business_rule', 'Ячейка считает классы (группы): откройте их список', [
      { path: 'params.row', code: 'counts_units', message: 'Расшифровка ячейки — список классов (групп)' },
    ]);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor, 2);
  if (q.cursor !== undefined && !after) throw invalidField('query.cursor', 'Некорректный курсор', 'cursor');
  const scope = await resolveScope(ctx, q, A['statForm.learners.read']);
  const inCell = cellSql(cell.row, cell.column);
  // A days cell lists each child once with their days in it (the days sum to the cell).
  const counted =
    cell.count === 'days'
      ? sql`SELECT DISTINCT ON (b.person_id) b.*, sum(b.days) OVER (PARTITION BY b.person_id)::int AS cell_days
              FROM b WHERE ${inCell} ORDER BY b.person_id, b.enrollment_id`
      : cell.count === 'persons'
        ? sql`SELECT DISTINCT ON (b.person_id) b.*, NULL::int AS cell_days FROM b WHERE ${inCell}
               ORDER BY b.person_id, b.enrollment_id`
        : sql`SELECT b.*, NULL::int AS cell_days FROM b WHERE ${inCell}`;
  const r = await sql<LearnerRow>`
    WITH ${sectionBase(section, scope, asOf, {
      units: true,
      repeating: await repeatingEnrollments(ctx, [section], scope, asOf),
    })},
    cell AS (SELECT c.*, lower(concat_ws(' ', c.last_name, c.first_name, c.middle_name)) AS sort_key
               FROM (${counted}) c)
    SELECT t.total, t.total_days, pg.*
      FROM (SELECT count(*)::int AS total, sum(cell_days)::int AS total_days FROM cell) t
      LEFT JOIN LATERAL (
        SELECT c.person_id, c.enrollment_id, c.last_name, c.first_name, c.middle_name,
               c.birth_date::text AS birth_date, c.sex, c.age, c.organization_id, c.organization_name,
               c.unit_id, c.unit_name, c.sort_key, c.cell_days
          FROM cell c
         WHERE ${after ? sql`(c.sort_key COLLATE "C", c.enrollment_id) > (${after[0]}::text COLLATE "C", ${after[1]}::uuid)` : sql`TRUE`}
         ORDER BY c.sort_key COLLATE "C", c.enrollment_id
         LIMIT ${q.limit + 1}) pg ON TRUE`.execute(ctx.db);
  const rows = r.rows.filter((x) => x.person_id !== null);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const items = page.map((x) => ({
    personId: x.person_id!,
    enrollmentId: x.enrollment_id,
    lastName: x.last_name,
    firstName: x.first_name,
    middleName: x.middle_name,
    birthDate: x.birth_date,
    sex: x.sex,
    age: x.age,
    organizationId: x.organization_id,
    organizationName: x.organization_name,
    unitId: x.unit_id,
    unitName: x.unit_name,
    days: x.cell_days,
  }));
  return auditedPage(
    ctx,
    {
      asOf,
      cell: { section: section.code, row: cell.row.code, column: cell.column.code, count: cell.count },
      scope: { kind: scope.kind, id: scope.id, name: scope.name },
      items,
      totalCount: r.rows[0]?.total ?? 0,
      totalDays: cell.count === 'days' ? (r.rows[0]?.total_days ?? 0) : null,
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_key, last.enrollment_id]) : null,
    },
    {
      action: 'statForm.learners.read',
      objectType: scope.kind,
      objectId: scope.id,
      grant: scope.grant,
      subjectIds: items.map((i) => i.personId),
      details: { form: def.code, edition: def.edition, row: cell.row.code, column: cell.column.code, asOf },
    },
  );
}
