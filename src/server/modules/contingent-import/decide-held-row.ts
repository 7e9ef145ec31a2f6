import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { ContingentImportActions as A } from './contingent-import.policy.ts';
import { loadImport, readImportIn, withTitles } from './contingent-import.queries.ts';
import type { RowValues } from './import-columns.ts';
import { saveOutcome } from './process-chunk.ts';
import { writeRow } from './write-row.ts';

/**
 * The operator's answer about a row held as like someone already in the region: «the same person»
 * enrolls that record, «another person» creates a new one. Decided once: the row is locked, and a
 * second answer finds it decided.
 */
export const decideHeldRow = (ctx: Ctx, importId: string, rowIndex: number, decision: 'link' | 'create') =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, A['contingent_import.run']);
    const imp = await loadImport(tx, ctx, importId);
    const grant = (await grantCovering(tx, grants, imp.organization_id))!;
    const row = (
      await sql<{
        cells: RowValues;
        content_hash: string;
        source_id: string | null;
        candidate_person_id: string | null;
      }>`
        SELECT cells, content_hash, source_id, candidate_person_id FROM contingent_import_rows
         WHERE import_id = ${importId} AND row_index = ${rowIndex} AND outcome = 'held' FOR UPDATE`.execute(
        tx,
      )
    ).rows[0];
    if (!row) throw notFound('Строка, ожидающая решения');
    const target = { id: importId, organizationId: imp.organization_id, grants, grant };
    const r = await writeRow(
      tx,
      ctx,
      target,
      { cells: row.cells, contentHash: row.content_hash, sourceId: row.source_id },
      decision === 'link' && row.candidate_person_id
        ? { kind: 'link', personId: row.candidate_person_id }
        : { kind: 'create' },
    );
    if (r.outcome === 'rejected')
      throw new AppError(
        'business_rule',
        `Строку нельзя записать: ${withTitles(r.errors)
          .map((e) => `${e.title} — ${e.message}`)
          .join('; ')}`,
      );
    if (r.outcome === 'held' || r.outcome === 'unchanged')
      throw new AppError('conflict', 'Строка уже решена');
    await saveOutcome(tx, importId, rowIndex, r);
    await sql`UPDATE contingent_import_rows SET decided_by = ${ctx.actor!.userId}, decided_at = now(),
                candidate_person_id = ${row.candidate_person_id}
               WHERE import_id = ${importId} AND row_index = ${rowIndex}`.execute(tx);
    await sql`UPDATE contingent_imports SET held = held - 1,
                created = created + ${r.outcome === 'created' ? 1 : 0}, linked = linked + ${r.outcome === 'linked' ? 1 : 0}
               WHERE id = ${importId}`.execute(tx);
    await auditInTx(tx, ctx, {
      action: 'contingent_import.decide',
      objectType: 'contingent_import',
      objectId: importId,
      subjectIds: [r.personId, ...(row.candidate_person_id ? [row.candidate_person_id] : [])],
      grant,
      details: { rowIndex, decision, outcome: r.outcome },
    });
    return readImportIn(tx, ctx, importId);
  });
