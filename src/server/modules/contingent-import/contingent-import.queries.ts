import { type Kysely, sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import { auditedPage, auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { personsInScope } from '../persons/find-duplicates.ts';
import { ContingentImportActions as A } from './contingent-import.policy.ts';
import type { ContingentImport, ContingentImportDetail } from './contingent-import.schemas.ts';
import { IMPORT_COLUMNS, type ImportColumn, type RowValues } from './import-columns.ts';
import type { CellError } from './parse-row.ts';

const REJECTED_SHOWN = 50;
const HELD_SHOWN = 200;

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

// biome-ignore lint/suspicious/noExplicitAny: a row of the imports query joined with its author
function present(r: any): ContingentImport {
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    fileName: r.file_name,
    format: r.format,
    status: r.status,
    jobId: r.job_id,
    createdAt: iso(r.created_at)!,
    finishedAt: iso(r.finished_at),
    createdBy: r.created_by ? { id: r.created_by, fullName: r.author ?? '' } : null,
    totalRows: r.total_rows,
    processedRows: r.next_row,
    created: r.created,
    linked: r.linked,
    unchanged: r.unchanged,
    rejected: r.rejected,
    held: r.held,
  };
}

const importsBase = (db: Kysely<DB>) =>
  db
    .selectFrom('contingent_imports as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select(['u.full_name as author', 'o.short_name as organization_name']);

export const fullName = (v: RowValues, rep = false) =>
  (rep ? [v.repLastName, v.repFirstName, v.repMiddleName] : [v.lastName, v.firstName, v.middleName])
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');

export const withTitles = (errors: CellError[]) =>
  errors.map((e) => ({ ...e, title: IMPORT_COLUMNS[e.column as ImportColumn]?.title ?? e.column }));

/** The import row within the actor's scope (its organization), or 404. */
export async function loadImport(db: Kysely<DB>, ctx: Ctx, id: string) {
  const grants = authorize(ctx.actor!, A['contingent_import.run']);
  const row = await importsBase(db)
    .where('i.id', '=', id)
    .where(inScope('i.organization_id', grants))
    .executeTakeFirst();
  if (!row) throw notFound('Загрузка').audited('contingent_import.read', 'contingent_import', id);
  return row;
}

/** One import with its progress, first rejected rows and the rows held for a decision. */
export async function readImportIn(db: Kysely<DB>, ctx: Ctx, id: string): Promise<ContingentImportDetail> {
  const row = await loadImport(db, ctx, id);
  const rejects = await sql<{ row_number: number; cells: RowValues; errors: CellError[] }>`
    SELECT row_number, cells, errors FROM contingent_import_rows
     WHERE import_id = ${id} AND outcome = 'rejected' ORDER BY row_index LIMIT ${REJECTED_SHOWN}`.execute(db);
  const held = await sql<{
    row_index: number;
    row_number: number;
    cells: RowValues;
    outcome: string;
    decided_at: Date | null;
    candidate_person_id: string | null;
    candidate_score: number | null;
    last_name: string | null;
    first_name: string | null;
    middle_name: string | null;
    birth_date: string | null;
  }>`
    SELECT r.row_index, r.row_number, r.cells, r.outcome, r.decided_at, r.candidate_person_id, r.candidate_score,
           p.last_name, p.first_name, p.middle_name, p.birth_date::text
      FROM contingent_import_rows r LEFT JOIN persons p ON p.id = r.candidate_person_id
     WHERE r.import_id = ${id} AND (r.outcome = 'held' OR r.decided_at IS NOT NULL)
     ORDER BY r.row_index LIMIT ${HELD_SHOWN}`.execute(db);
  const grants = authorize(ctx.actor!, A['contingent_import.run']);
  const visible = await personsInScope(
    db,
    held.rows.map((h) => h.candidate_person_id).filter((x): x is string => !!x),
    grants,
  );
  return {
    ...present(row),
    rejectedRows: rejects.rows.map((r) => ({
      rowNumber: r.row_number,
      fullName: fullName(r.cells),
      errors: withTitles(r.errors ?? []),
    })),
    heldRows: held.rows.map((h) => {
      const seen = !!h.candidate_person_id && visible.has(h.candidate_person_id);
      return {
        rowIndex: h.row_index,
        rowNumber: h.row_number,
        fullName: fullName(h.cells),
        birthDate: h.cells.birthDate.trim(),
        decided: h.decided_at ? (h.outcome as 'created' | 'linked') : null,
        candidate: h.candidate_person_id
          ? {
              score: h.candidate_score ?? 0,
              inScope: seen,
              displayName: seen ? [h.last_name, h.first_name, h.middle_name].filter(Boolean).join(' ') : null,
              birthDate: seen ? h.birth_date : null,
            }
          : null,
      };
    }),
  };
}

export async function readImport(ctx: Ctx, id: string) {
  const view = await readImportIn(ctx.db, ctx, id);
  await auditNow(ctx, {
    action: 'contingent_import.read',
    objectType: 'contingent_import',
    objectId: id,
    details: { rejectedShown: view.rejectedRows.length, heldShown: view.heldRows.length },
  });
  return view;
}

/** The imports of organizations within the actor's scope, newest first. */
export async function listImports(
  ctx: Ctx,
  q: { organizationId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const grants = authorize(ctx.actor!, A['contingent_import.run']);
  let query = importsBase(ctx.db).where(inScope('i.organization_id', grants));
  if (q.organizationId) query = query.where('i.organization_id', '=', q.organizationId);
  if (q.cursor) {
    const c = decodeCursor(q.cursor, 2);
    if (!c) throw invalidField('query.cursor', 'Некорректный курсор');
    query = query.where(sql<boolean>`(i.created_at, i.id) < (${c[0]}::timestamptz, ${c[1]}::uuid)`);
  }
  const rows = await query
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return auditedPage(
    ctx,
    {
      items: page.map(present),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor([new Date(last.created_at).toISOString(), last.id])
          : null,
    },
    { action: 'contingent_import.list', objectType: 'contingent_import' },
  );
}

/** Every rejected row of an import, for the report; the caller has read the import within scope. */
export async function importRejects(db: Kysely<DB>, id: string) {
  const r = await sql<{ row_number: number; cells: RowValues; errors: CellError[] }>`
    SELECT row_number, cells, errors FROM contingent_import_rows
     WHERE import_id = ${id} AND outcome = 'rejected' ORDER BY row_index`.execute(db);
  return r.rows;
}
