import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { regionToday } from '../education/region-today.ts';
import { coversRegion, personIdInScope } from '../persons/person-scope.ts';
import { GiaActions } from './gia.policy.ts';
import { readImport } from './gia.queries.ts';
import { readSheetFile } from './gia-file.ts';
import { checkRow, type GiaRow, mapColumns, type RejectedRow, resultKey } from './gia-rows.ts';

export type GiaUpload = { body: Buffer; fileName: string | null };

/**
 * Imports one exam centre file: the whole file is refused for whole-file faults (format, columns, no
 * rows); otherwise every row is either written or reported with its reason, in one transaction. The
 * rows are matched and written by one statement for the whole file, so a region's subject (≈ 10,000
 * rows) takes about as long as copying it.
 */
export async function importGiaResults(ctx: Ctx, upload: GiaUpload) {
  const grants = authorize(ctx.actor!, GiaActions['gia.import']);
  const grant = grants.find((g) => g.role === 'regional_operator') ?? grants[0]!;
  const file = await readSheetFile(upload.body);
  const columns = mapColumns(file.header);
  if (file.rows.length === 0) {
    throw new AppError('validation_failed', 'В файле нет строк с результатами: только заголовок', [
      { path: 'body', code: 'no_rows', message: 'В файле нет строк с результатами' },
    ]);
  }
  const today = regionToday(ctx.config.timeZone);
  const rejected: RejectedRow[] = [];
  const valid: GiaRow[] = [];
  const seen = new Map<string, number>();
  const valuesOf = new Map<number, RejectedRow['values']>();
  for (const r of file.rows) {
    const checked = checkRow(r, columns, today);
    if ('rejected' in checked) {
      rejected.push(checked.rejected);
      continue;
    }
    const row = checked.ok;
    valuesOf.set(row.row, checkedValues(row));
    const first = seen.get(resultKey(row));
    if (first !== undefined) {
      rejected.push({
        row: row.row,
        values: checkedValues(row),
        reason: `Повторяет строку ${first}: тот же документ, вид экзамена, предмет и дата`,
      });
      continue;
    }
    seen.set(resultKey(row), row.row);
    valid.push(row);
  }
  const id = randomUUID();
  const sha = createHash('sha256').update(upload.body).digest('hex');

  await withTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('gia_imports')
      .values({
        id,
        file_name: upload.fileName,
        format: file.format,
        file_sha256: sha,
        scope_node_id: grant.scopeNodeId!,
        total_rows: file.rows.length,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: file.rows.length,
        exam_kinds: [...new Set(valid.map((r) => r.examKind))].sort(),
        subjects: [...new Set(valid.map((r) => r.subject))].sort(),
        created_by: ctx.actor!.userId,
      })
      .execute();
    const outcome = await writeRows(tx, id, valid, grants, ctx.actor!.userId);
    const notFound = coversRegion(grants)
      ? 'Участник с таким документом не найден в реестре'
      : 'Участник с таким документом не найден среди обучающихся вашей территории';
    for (const u of outcome.unmatched) {
      rejected.push({
        row: u.row,
        values: valuesOf.get(u.row)!,
        reason:
          u.problem === 'not_found'
            ? notFound
            : 'ФИО в файле не совпадает с ФИО владельца документа в реестре',
      });
    }
    rejected.sort((a, b) => a.row - b.row);
    if (rejected.length > 0) {
      await sql`INSERT INTO gia_import_rejects (import_id, row_number, reason, "values")
        SELECT ${id}::uuid, x.row, x.reason, x.values
          FROM jsonb_to_recordset(${JSON.stringify(rejected)}::jsonb) AS x(row int, reason text, "values" jsonb)`.execute(
        tx,
      );
    }
    const unchanged = valid.length - outcome.unmatched.length - outcome.inserted - outcome.updated;
    await tx
      .updateTable('gia_imports')
      .set({
        inserted: outcome.inserted,
        updated: outcome.updated,
        unchanged,
        rejected: rejected.length,
      })
      .where('id', '=', id)
      .execute();
    await auditInTx(tx, ctx, {
      action: 'gia.import',
      objectType: 'gia_import',
      objectId: id,
      grant,
      subjectIds: outcome.personIds,
      details: {
        rows: file.rows.length,
        inserted: outcome.inserted,
        updated: outcome.updated,
        unchanged,
        rejected: rejected.length,
      },
    });
  });
  return readImport(ctx, id, { audit: false });
}

function checkedValues(r: GiaRow): RejectedRow['values'] {
  const s = (n: number | null) => (n === null ? '' : String(n));
  return {
    lastName: r.lastName,
    firstName: r.firstName,
    middleName: r.middleName,
    documentType: r.documentType,
    documentSeries: r.documentSeries,
    documentNumber: r.documentNumber,
    examKind: r.examKind,
    subject: r.subject,
    examDate: r.examDate,
    primaryScore: s(r.primaryScore),
    testScore: s(r.testScore),
    mark: s(r.mark),
    schoolCode: r.schoolCode ?? '',
  };
}

type Outcome = {
  inserted: number;
  updated: number;
  unmatched: { row: number; problem: 'not_found' | 'name_mismatch' }[];
  personIds: string[];
};

/**
 * One statement for all rows: match each row's document to a person within the grants' scope (a
 * merged-away record leads to its survivor), compare the names by their search keys, upsert the
 * matched results by their key, write the history of what changed, and answer each row's outcome.
 */
async function writeRows(tx: Tx, importId: string, rows: GiaRow[], grants: Grant[], actor: string) {
  const out: Outcome = { inserted: 0, updated: 0, unmatched: [], personIds: [] };
  if (rows.length === 0) return out;
  const col = <K extends keyof GiaRow>(k: K) => rows.map((r) => r[k]);
  const r = await sql<{
    row_no: number;
    problem: string | null;
    person_id: string | null;
    version: number | null;
  }>`
    WITH src AS (
      SELECT * FROM unnest(${col('row')}::int[], ${col('lastName')}::text[], ${col('firstName')}::text[],
          ${col('middleName')}::text[], ${col('documentType')}::text[], ${col('documentSeries')}::text[],
          ${col('documentNumber')}::text[], ${col('examKind')}::text[], ${col('subject')}::text[],
          ${col('examDate')}::date[], ${col('primaryScore')}::int[], ${col('testScore')}::int[],
          ${col('mark')}::int[], ${col('schoolCode')}::text[])
        AS s(row_no, last_name, first_name, middle_name, doc_type, doc_series, doc_number, exam_kind, subject,
             exam_date, primary_score, test_score, mark, school_code)
    ),
    m AS (
      SELECT s.*, t.id AS person_id,
             CASE WHEN t.id IS NULL THEN 'not_found'
                  WHEN person_name_key(s.last_name) <> t.last_name_key
                    OR person_name_key(s.first_name) <> t.first_name_key
                    OR (s.middle_name <> '' AND t.middle_name_key <> ''
                        AND person_name_key(s.middle_name) <> t.middle_name_key) THEN 'name_mismatch'
             END AS problem
        FROM src s
        LEFT JOIN LATERAL (
          SELECT t.id, t.last_name_key, t.first_name_key, t.middle_name_key
            FROM person_documents d
            JOIN persons p ON p.id = d.person_id
            JOIN persons t ON t.id = coalesce(p.merged_into_id, p.id) AND t.status = 'active'
           WHERE d.type = s.doc_type AND coalesce(d.series, '') = s.doc_series AND d.number = s.doc_number
             AND d.invalidated_at IS NULL AND ${personIdInScope(sql`t.id`, grants)}
           LIMIT 1) t ON true
    ),
    old AS (
      SELECT g.id, g.person_id, g.primary_score, g.test_score, g.mark, g.school_code
        FROM m JOIN gia_results g
          ON (g.exam_kind, g.subject, g.exam_date, g.document_type, g.document_series, g.document_number)
           = (m.exam_kind, m.subject, m.exam_date, m.doc_type, m.doc_series, m.doc_number)
       WHERE m.problem IS NULL
    ),
    up AS (
      INSERT INTO gia_results AS g (person_id, exam_kind, subject, exam_date, document_type, document_series,
          document_number, primary_score, test_score, mark, school_code, import_id, source_row)
      SELECT person_id, exam_kind, subject, exam_date, doc_type, doc_series, doc_number, primary_score,
             test_score, mark, school_code, ${importId}::uuid, row_no
        FROM m WHERE problem IS NULL
      ON CONFLICT (exam_kind, subject, exam_date, document_type, document_series, document_number) DO UPDATE
        SET person_id = EXCLUDED.person_id, primary_score = EXCLUDED.primary_score,
            test_score = EXCLUDED.test_score, mark = EXCLUDED.mark, school_code = EXCLUDED.school_code,
            import_id = EXCLUDED.import_id, source_row = EXCLUDED.source_row, version = g.version + 1,
            updated_at = now()
        WHERE (g.person_id, g.primary_score, g.test_score, g.mark, g.school_code)
              IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.primary_score, EXCLUDED.test_score, EXCLUDED.mark,
                                EXCLUDED.school_code)
      RETURNING g.id, g.person_id, g.version, g.exam_kind, g.subject, g.exam_date, g.document_type,
                g.primary_score, g.test_score, g.mark, g.school_code, g.source_row
    ),
    hist AS (
      INSERT INTO change_history (entity_type, entity_id, version, action, actor_user_id, changes, snapshot)
      SELECT 'gia_result', up.id, up.version, CASE WHEN up.version = 1 THEN 'gia.imported' ELSE 'gia.reimported' END,
             ${actor}::uuid,
             (SELECT coalesce(jsonb_agg(jsonb_build_object('field', f.field, 'before', f.before, 'after', f.after)),
                              '[]'::jsonb)
                FROM (VALUES ('personId', to_jsonb(old.person_id), to_jsonb(up.person_id)),
                             ('primaryScore', to_jsonb(old.primary_score), to_jsonb(up.primary_score)),
                             ('testScore', to_jsonb(old.test_score), to_jsonb(up.test_score)),
                             ('mark', to_jsonb(old.mark), to_jsonb(up.mark)),
                             ('schoolCode', to_jsonb(old.school_code), to_jsonb(up.school_code))) f(field, before, after)
               WHERE f.before IS DISTINCT FROM f.after),
             jsonb_build_object('personId', up.person_id, 'examKind', up.exam_kind, 'subject', up.subject,
               'examDate', up.exam_date, 'documentType', up.document_type, 'primaryScore', up.primary_score,
               'testScore', up.test_score, 'mark', up.mark, 'schoolCode', up.school_code,
               'importId', ${importId}::uuid, 'sourceRow', up.source_row)
        FROM up LEFT JOIN old ON old.id = up.id
    )
    SELECT m.row_no, m.problem, m.person_id, up.version
      FROM m LEFT JOIN up ON up.source_row = m.row_no AND m.problem IS NULL`.execute(tx);
  const persons = new Set<string>();
  for (const row of r.rows) {
    if (row.problem) {
      out.unmatched.push({ row: row.row_no, problem: row.problem as 'not_found' | 'name_mismatch' });
      continue;
    }
    persons.add(row.person_id!);
    if (row.version === 1) out.inserted++;
    else if (row.version !== null) out.updated++;
  }
  out.personIds = [...persons];
  return out;
}
