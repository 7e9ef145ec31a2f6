import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import type { RowValues } from './import-columns.ts';
import { type ImportTarget, type RowOutcome, writeRow } from './write-row.ts';

/** Rows decided per transaction: small enough to lose little to a crash, large enough to be quick. */
export const CHUNK_ROWS = 100;

type StoredRow = {
  row_index: number;
  cells: RowValues;
  content_hash: string;
  source_id: string | null;
  errors: unknown;
};

/**
 * Decides the next chunk of rows in one transaction that also moves the import's checkpoint: after a
 * crash the chunk is either all written with its checkpoint, or not at all and done again.
 * The import row is locked first, so two attempts never work on one import at once.
 */
export const processChunk = (ctx: Ctx, t: ImportTarget, limit = CHUNK_ROWS) =>
  withTransaction(ctx.db, async (tx) => {
    const imp = (
      await sql<{ next_row: number; total_rows: number }>`
        SELECT next_row, total_rows FROM contingent_imports WHERE id = ${t.id} FOR UPDATE`.execute(tx)
    ).rows[0];
    if (!imp) return { done: 0, total: 0, finished: true };
    const rows = (
      await sql<StoredRow>`
        SELECT row_index, cells, content_hash, source_id, errors FROM contingent_import_rows
         WHERE import_id = ${t.id} AND row_index >= ${imp.next_row} ORDER BY row_index LIMIT ${limit}`.execute(
        tx,
      )
    ).rows;
    const counts = { created: 0, linked: 0, unchanged: 0, rejected: 0, held: 0 };
    for (const row of rows) {
      let result: RowOutcome;
      if (Array.isArray(row.errors) && row.errors.length > 0) {
        result = { outcome: 'rejected', errors: row.errors };
      } else {
        // A row the database refuses (a constraint, a race) is rejected alone; the chunk goes on.
        await sql`SAVEPOINT import_row`.execute(tx);
        try {
          result = await writeRow(tx, ctx, t, {
            cells: row.cells,
            contentHash: row.content_hash,
            sourceId: row.source_id,
          });
          await sql`RELEASE SAVEPOINT import_row`.execute(tx);
        } catch (err) {
          await sql`ROLLBACK TO SAVEPOINT import_row`.execute(tx);
          // The error's code and constraint only: a database message may quote the row's values.
          const e = err as { code?: string; constraint?: string };
          ctx.log.warn(
            { importId: t.id, row: row.row_index, code: e.code, constraint: e.constraint },
            'import row refused',
          );
          const message =
            err instanceof AppError ? err.detail : 'Строку не удалось записать: проверьте значения';
          result = { outcome: 'rejected', errors: [{ column: 'lastName', message }] };
        }
      }
      counts[result.outcome]++;
      await saveOutcome(tx, t.id, row.row_index, result);
    }
    const next = rows.length ? rows[rows.length - 1]!.row_index + 1 : imp.total_rows;
    await sql`UPDATE contingent_imports SET next_row = ${next}, status = 'running',
                created = created + ${counts.created}, linked = linked + ${counts.linked},
                unchanged = unchanged + ${counts.unchanged}, rejected = rejected + ${counts.rejected},
                held = held + ${counts.held}
               WHERE id = ${t.id}`.execute(tx);
    return { done: next, total: imp.total_rows, finished: next >= imp.total_rows };
  });

export async function saveOutcome(
  tx: Parameters<Parameters<typeof withTransaction>[1]>[0],
  importId: string,
  rowIndex: number,
  r: RowOutcome,
) {
  await sql`UPDATE contingent_import_rows SET outcome = ${r.outcome},
              errors = ${r.outcome === 'rejected' ? JSON.stringify(r.errors) : null}::jsonb,
              person_id = ${'personId' in r ? r.personId : null},
              representative_id = ${'representativeId' in r ? r.representativeId : null},
              candidate_person_id = ${r.outcome === 'held' ? r.candidateId : null},
              candidate_score = ${r.outcome === 'held' ? r.score : null}
             WHERE import_id = ${importId} AND row_index = ${rowIndex}`.execute(tx);
}
