import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

export type Tx = Transaction<DB>;

/** deadlock_detected, serialization_failure: PostgreSQL rolled the transaction back; it may be rerun. */
export const RETRYABLE_CODES = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export const isRetryable = (err: unknown) => RETRYABLE_CODES.has((err as { code?: string }).code ?? '');

/**
 * Runs fn in one transaction; the callback gets its own handle, so nothing slips outside it. A
 * transaction that PostgreSQL aborts as a deadlock victim (two edits of linked persons refreshing
 * the same cards in different orders, for instance) is rolled back whole and run again; fn must
 * therefore keep its effects inside the transaction.
 */
export async function withTransaction<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (!isRetryable(err) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
