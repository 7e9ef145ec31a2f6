import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { regionToday } from '../education/region-today.ts';
import { chunkUnits, identityKeys, rowsWithKnownPersons } from './chunk-lookups.ts';
import type { RowValues } from './import-columns.ts';
import { type ParsedRow, parseRow } from './parse-row.ts';
import { type NewLearner, writeNewLearners } from './write-new-learners.ts';
import { type ImportTarget, type RowOutcome, writeRow } from './write-row.ts';

/**
 * Rows decided per transaction: small enough to lose little to a crash and hold locks briefly, large
 * enough that the set-wise writes of new learners pay for their statements.
 */
export const CHUNK_ROWS = 500;

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
 *
 * Rows of learners the region cannot have yet (nothing in the chunk's lookups: no earlier upload of the
 * row, no person with its СНИЛС, document or a near-match of name and birth date, no earlier row of the
 * chunk sharing one of those, for the learner and the representative alike, no start date in the future) are written together; the rest are decided one by
 * one, in file order, after them — as they would have been alone, since none of them can be the same
 * person as one written together.
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
    const outcomes = new Map<number, RowOutcome>();
    const single: StoredRow[] = [];
    const candidates: { index: number; contentHash: string; sourceId: string | null; parsed: ParsedRow }[] =
      [];
    const parsedRows: { index: number; parsed: ParsedRow }[] = [];
    const today = regionToday(ctx.config.timeZone);
    const claimed = new Set<string>();
    for (const row of rows) {
      if (Array.isArray(row.errors) && row.errors.length > 0) {
        outcomes.set(row.row_index, { outcome: 'rejected', errors: row.errors });
        continue;
      }
      const parsed = parseRow(row.cells);
      if ('errors' in parsed) {
        outcomes.set(row.row_index, { outcome: 'rejected', errors: parsed.errors });
        continue;
      }
      parsedRows.push({ index: row.row_index, parsed: parsed.ok });
      const keys = identityKeys(parsed.ok);
      const shared = keys.some((k) => claimed.has(k));
      for (const k of keys) claimed.add(k);
      if (shared || parsed.ok.startedOn > today) single.push(row);
      else
        candidates.push({
          index: row.row_index,
          contentHash: row.content_hash,
          sourceId: row.source_id,
          parsed: parsed.ok,
        });
    }
    const known = await rowsWithKnownPersons(tx, t.organizationId, candidates, parsedRows);
    const placementOf = await chunkUnits(
      tx,
      t.organizationId,
      candidates.map((c) => c.parsed),
      today,
    );
    const fresh: NewLearner[] = [];
    for (const c of candidates) {
      if (known.has(c.index)) {
        single.push(rows.find((r) => r.row_index === c.index)!);
        continue;
      }
      const placement = placementOf(c.parsed);
      if ('errors' in placement) outcomes.set(c.index, { outcome: 'rejected', errors: placement.errors });
      else fresh.push({ index: c.index, parsed: c.parsed, placement });
    }
    const created = await writeNewLearners(tx, ctx, t, fresh);
    for (const [index, w] of created) outcomes.set(index, { outcome: 'created', ...w });

    single.sort((a, b) => a.row_index - b.row_index);
    for (const row of single) outcomes.set(row.row_index, await decideAlone(tx, ctx, t, row));

    const counts = { created: 0, linked: 0, unchanged: 0, rejected: 0, held: 0 };
    for (const r of outcomes.values()) counts[r.outcome]++;
    await saveOutcomes(tx, t.id, outcomes);
    const next = rows.length ? rows[rows.length - 1]!.row_index + 1 : imp.total_rows;
    await sql`UPDATE contingent_imports SET next_row = ${next}, status = 'running',
                created = created + ${counts.created}, linked = linked + ${counts.linked},
                unchanged = unchanged + ${counts.unchanged}, rejected = rejected + ${counts.rejected},
                held = held + ${counts.held}
               WHERE id = ${t.id}`.execute(tx);
    return { done: next, total: imp.total_rows, finished: next >= imp.total_rows };
  });

/** One row through writeRow; a row the database refuses (a constraint, a race) is rejected alone. */
async function decideAlone(tx: Tx, ctx: Ctx, t: ImportTarget, row: StoredRow): Promise<RowOutcome> {
  await sql`SAVEPOINT import_row`.execute(tx);
  try {
    const result = await writeRow(tx, ctx, t, {
      cells: row.cells,
      contentHash: row.content_hash,
      sourceId: row.source_id,
    });
    await sql`RELEASE SAVEPOINT import_row`.execute(tx);
    return result;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT import_row`.execute(tx);
    // The error's code and constraint only: a database message may quote the row's values.
    const e = err as { code?: string; constraint?: string };
    ctx.log.warn(
      { importId: t.id, row: row.row_index, code: e.code, constraint: e.constraint },
      'import row refused',
    );
    const message = err instanceof AppError ? err.detail : 'Строку не удалось записать: проверьте значения';
    return { outcome: 'rejected', errors: [{ column: 'lastName', message }] };
  }
}

/** The chunk's decisions in one statement. */
async function saveOutcomes(tx: Tx, importId: string, outcomes: Map<number, RowOutcome>) {
  if (outcomes.size === 0) return;
  const rows = [...outcomes].map(([rowIndex, r]) => ({
    i: rowIndex,
    o: r.outcome,
    e: r.outcome === 'rejected' ? r.errors : null,
    p: 'personId' in r ? r.personId : null,
    r: 'representativeId' in r ? r.representativeId : null,
    c: r.outcome === 'held' ? r.candidateId : null,
    s: r.outcome === 'held' ? r.score : null,
  }));
  await sql`UPDATE contingent_import_rows c SET outcome = x.o, errors = x.e, person_id = x.p,
              representative_id = x.r, candidate_person_id = x.c, candidate_score = x.s
             FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                  AS x(i int, o text, e jsonb, p uuid, r uuid, c uuid, s real)
            WHERE c.import_id = ${importId} AND c.row_index = x.i`.execute(tx);
}

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
