import { type Kysely, sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import { auditedPage, auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { GiaActions } from './gia.policy.ts';
import type { GiaImport, GiaResult } from './gia.schemas.ts';
import type { GiaColumn } from './gia-rows.ts';

const REJECTED_SHOWN = 50;

// biome-ignore lint/suspicious/noExplicitAny: a row of the imports query joined with its author
function present(r: any): GiaImport {
  return {
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by ? { id: r.created_by, fullName: r.author ?? '' } : null,
    totalRows: r.total_rows,
    matched: r.inserted + r.updated + r.unchanged,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    examKinds: r.exam_kinds,
    subjects: r.subjects,
  };
}

const importsBase = (db: Kysely<DB>) =>
  db
    .selectFrom('gia_imports as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select('u.full_name as author');

/** One import within the actor's scope (the node it was imported under), with its first rejected rows. */
export async function readImport(ctx: Ctx, id: string, opts: { audit: boolean } = { audit: true }) {
  const grants = authorize(ctx.actor!, GiaActions['gia.import']);
  const row = await importsBase(ctx.db)
    .where('i.id', '=', id)
    .where(inScope('i.scope_node_id', grants))
    .executeTakeFirst();
  if (!row) throw notFound('Загрузка');
  const rejects = await ctx.db
    .selectFrom('gia_import_rejects')
    .select(['row_number', 'reason', 'values'])
    .where('import_id', '=', id)
    .orderBy('row_number')
    .limit(REJECTED_SHOWN)
    .execute();
  const view = {
    ...present(row),
    rejectedRows: rejects.map((x) => {
      const v = x.values as Record<GiaColumn, string>;
      return {
        row: x.row_number,
        reason: x.reason,
        lastName: v.lastName ?? '',
        firstName: v.firstName ?? '',
        middleName: v.middleName ?? '',
        subject: v.subject ?? '',
      };
    }),
  };
  if (opts.audit) {
    await auditNow(ctx, {
      action: 'gia.import_read',
      objectType: 'gia_import',
      objectId: id,
      details: { rejectedShown: view.rejectedRows.length },
    });
  }
  return view;
}

/** The imports within the actor's scope, newest first. */
export async function listImports(ctx: Ctx, q: { cursor?: string | undefined; limit: number }) {
  const grants = authorize(ctx.actor!, GiaActions['gia.import']);
  let query = importsBase(ctx.db).where(inScope('i.scope_node_id', grants));
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
    { action: 'gia.import_list', objectType: 'gia_import' },
  );
}

/** Every rejected row of an import, for the report; the caller has read the import within scope. */
export async function importRejects(db: Kysely<DB>, id: string) {
  const rows = await db
    .selectFrom('gia_import_rejects')
    .select(['row_number', 'reason', 'values'])
    .where('import_id', '=', id)
    .orderBy('row_number')
    .execute();
  return rows.map((r) => ({
    row: r.row_number,
    reason: r.reason,
    values: r.values as Record<GiaColumn, string>,
  }));
}

/** A person's ГИА results, latest exams first; the caller has read the person through the scoped gateway. */
// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
export async function personGiaResults(db: Kysely<any>, personIds: string[]) {
  const out = new Map<string, GiaResult[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return out;
  const r = await sql<{
    id: string;
    person_id: string;
    exam_kind: GiaResult['examKind'];
    subject: string;
    exam_date: string;
    primary_score: number | null;
    test_score: number | null;
    mark: number | null;
    school_code: string | null;
    import_id: string;
    updated_at: Date;
  }>`SELECT id, person_id, exam_kind, subject, exam_date::text, primary_score, test_score, mark, school_code,
            import_id, updated_at
       FROM gia_results WHERE person_id = ANY(${personIds}::uuid[])
      ORDER BY exam_date DESC, exam_kind, subject`.execute(db);
  for (const x of r.rows) {
    out.get(x.person_id)?.push({
      id: x.id,
      examKind: x.exam_kind,
      subject: x.subject,
      examDate: x.exam_date,
      primaryScore: x.primary_score,
      testScore: x.test_score,
      mark: x.mark,
      schoolCode: x.school_code,
      importId: x.import_id,
      updatedAt: new Date(x.updated_at).toISOString(),
    });
  }
  return out;
}
