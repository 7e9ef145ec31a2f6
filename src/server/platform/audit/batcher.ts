import type { Pool } from 'pg';
import type { AuditEntry } from './chain.ts';
import { appendAuditAlone } from './writer.ts';

type Pending = { entry: AuditEntry; resolve: () => void; reject: (e: unknown) => void };

/**
 * Group commit for read audits: concurrent requests' entries are written in one transaction and
 * each request is answered only after its entry has committed, so a crash never loses an audited
 * read that a client has already seen.
 */
export class AuditBatcher {
  #pool: Pool;
  #queue: Pending[] = [];
  #flushing = false;
  #maxBatch: number;

  constructor(pool: Pool, maxBatch = 500) {
    this.#pool = pool;
    this.#maxBatch = maxBatch;
  }

  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        try {
          await appendAuditAlone(
            this.#pool,
            batch.map((p) => p.entry),
          );
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Waits until everything queued so far is written; used on shutdown. */
  async drain(): Promise<void> {
    while (this.#flushing || this.#queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }
}
