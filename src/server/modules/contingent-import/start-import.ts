import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { readSheetFile } from '../gia/gia-file.ts';
import { isUniqueViolation } from '../persons/duplicate-answer.ts';
import { CONTINGENT_IMPORT_JOB } from './contingent-import.job.ts';
import { ContingentImportActions as A } from './contingent-import.policy.ts';
import { readImportIn } from './contingent-import.queries.ts';
import { fileProblem, mapColumns } from './import-columns.ts';
import { type StagedRow, stageRow } from './stage-rows.ts';

const INSERT_BATCH = 1000;

/** The organization the lists are of: the one named, within scope, or the uploader's only organization. */
async function targetOrganization(tx: Tx, grants: Grant[], organizationId: string | undefined) {
  if (!organizationId) {
    const own = grants.filter((g) => g.role === 'org_admin' || g.role === 'org_operator');
    if (own.length !== 1 || grants.length !== own.length)
      throw invalidField('query.organizationId', 'Выберите организацию, чьи списки загружаются', 'required');
    organizationId = own[0]!.scopeNodeId!;
  }
  const org = await sql<{ id: string }>`SELECT id FROM organizations WHERE id = ${organizationId}`.execute(
    tx,
  );
  const grant = org.rows[0] ? await grantCovering(tx, grants, organizationId) : null;
  if (!grant)
    throw notFound('Организация').audited('contingent_import.upload', 'organization', organizationId);
  return { organizationId, grant };
}

/**
 * Takes a file: reads it whole (a bad file is refused before anything is stored), stages its rows and
 * registers the job that writes them, in one transaction: the import exists if and only if its job does.
 */
export async function startImport(
  ctx: Ctx,
  input: { body: Buffer; fileName: string | null; organizationId?: string | undefined },
) {
  const grants = authorize(ctx.actor!, A['contingent_import.run']);
  const file = await readSheetFile(input.body);
  const at = mapColumns(file.header);
  if (file.rows.length === 0) throw fileProblem('В файле нет строк с данными: только заголовок', 'no_rows');
  const rows = file.rows.map((r, i) => stageRow(r, at, i));
  const sha = createHash('sha256').update(input.body).digest('hex');
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const { organizationId, grant } = await targetOrganization(tx, grants, input.organizationId);
      const imp = await tx
        .insertInto('contingent_imports')
        .values({
          organization_id: organizationId,
          file_name: input.fileName,
          format: file.format,
          file_sha256: sha,
          total_rows: rows.length,
          created_by: ctx.actor!.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < rows.length; i += INSERT_BATCH)
        await insertRows(tx, imp.id, organizationId, rows.slice(i, i + INSERT_BATCH));
      const jobId = await ctx.jobs.enqueue(
        tx,
        CONTINGENT_IMPORT_JOB,
        { importId: imp.id },
        { ownerId: ctx.actor!.userId, scopeNodeId: organizationId },
      );
      await sql`UPDATE contingent_imports SET job_id = ${jobId} WHERE id = ${imp.id}`.execute(tx);
      await auditInTx(tx, ctx, {
        action: 'contingent_import.upload',
        objectType: 'contingent_import',
        objectId: imp.id,
        grant,
        details: { organizationId, rows: rows.length, format: file.format, jobId },
      });
      return readImportIn(tx, ctx, imp.id);
    });
  } catch (err) {
    if (isUniqueViolation(err, ['contingent_imports_running_uq']))
      throw new AppError('conflict', 'Этот файл уже загружается для организации: дождитесь окончания', [
        { path: 'body', code: 'import_running', message: 'Этот файл уже загружается' },
      ]);
    throw err;
  }
}

const insertRows = (tx: Tx, importId: string, organizationId: string, rows: StagedRow[]) =>
  tx
    .insertInto('contingent_import_rows')
    .values(
      rows.map((r) => ({
        import_id: importId,
        row_index: r.rowIndex,
        row_number: r.rowNumber,
        organization_id: organizationId,
        cells: JSON.stringify(r.cells),
        content_hash: r.contentHash,
        source_id: r.sourceId,
        errors: r.errors ? JSON.stringify(r.errors) : null,
      })),
    )
    .execute();
