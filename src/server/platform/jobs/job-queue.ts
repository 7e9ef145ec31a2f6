import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromKysely, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { afterCommit, type Tx } from '../db/tx.ts';
import { finishJob, insertJob, orphanedJobs } from './job-store.ts';
import type { AnyJobDefinition } from './job-types.ts';
import { runAttempt } from './run-attempt.ts';

/** The schema migration 0019 installs pg-boss into. */
export const QUEUE_SCHEMA = 'pgboss';
/** A worker that misses heartbeats this long is taken for dead: its job is failed and retried. */
const HEARTBEAT_SECONDS = 10;
/** How often this server looks for dead workers' jobs, expired attempts and orphaned records. */
const SUPERVISE_SECONDS = 10;

export type EnqueueOptions = { ownerId: string | null; scopeNodeId: string | null };

/**
 * The durable job queue: pg-boss over the runtime's login role, plus background_jobs, the record users
 * see. Jobs are enqueued inside the business transaction (enqueue(tx, …)), so a rolled-back request
 * leaves no job and a committed one always has its job.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #defs = new Map<string, AnyJobDefinition>();
  readonly #db: Kysely<DB>;
  readonly #log: Logger;
  readonly #config: Config;
  readonly #stopping = new AbortController();
  /** Jobs whose attempt runs in this process; reconciliation leaves them alone. */
  readonly #active = new Set<string>();
  /** This process's worker per job kind: woken when a job of its kind is committed here. */
  readonly #workers = new Map<string, string>();
  #reconcileTimer: NodeJS.Timeout | null = null;
  #started = false;

  constructor(opts: { url: string; db: Kysely<DB>; log: Logger; config: Config; defs: AnyJobDefinition[] }) {
    this.#db = opts.db;
    this.#log = opts.log.child({ component: 'jobs' });
    this.#config = opts.config;
    for (const def of opts.defs) this.#defs.set(def.kind, def);
    this.#boss = new PgBoss({
      connectionString: opts.url,
      schema: QUEUE_SCHEMA,
      application_name: 'kontingent-jobs',
      max: 4,
      // The schema belongs to the migrator (migration 0019); the runtime role may not create or alter it.
      migrate: false,
      createSchema: false,
      reindex: false,
      superviseIntervalSeconds: SUPERVISE_SECONDS,
      monitorIntervalSeconds: SUPERVISE_SECONDS,
      instanceName: 'kontingent',
    });
    // pg-boss reports connection and maintenance trouble as events; they must never crash the server.
    this.#boss.on('error', (err) => this.#log.error({ err }, 'job queue error'));
    this.#boss.on('warning', (w) => this.#log.warn({ warning: w.message }, 'job queue warning'));
  }

  /** The application's handle, for work a job kind does outside a request. */
  get database(): Kysely<DB> {
    return this.#db;
  }

  definition(kind: string): AnyJobDefinition | undefined {
    return this.#defs.get(kind);
  }

  kinds(): AnyJobDefinition[] {
    return [...this.#defs.values()];
  }

  /** Connects, declares the queues and schedules, and starts the workers. */
  async start(): Promise<void> {
    await this.#boss.start();
    this.#started = true;
    for (const def of this.#defs.values()) {
      const options = {
        retryLimit: def.retry.limit,
        retryDelay: def.retry.delaySeconds,
        retryBackoff: true,
        retryDelayMax: def.retry.maxDelaySeconds,
        expireInSeconds: def.expireSeconds,
        heartbeatSeconds: HEARTBEAT_SECONDS,
      };
      if (await this.#boss.getQueue(def.kind)) await this.#boss.updateQueue(def.kind, options);
      else await this.#boss.createQueue(def.kind, options);
      const cron = def.cron?.(this.#config) ?? null;
      if (cron) await this.#boss.schedule(def.kind, cron, {}, { tz: this.#config.cronTimezone });
      else await this.#boss.unschedule(def.kind);
      const worker = await this.#boss.work<unknown>(
        def.kind,
        { includeMetadata: true, batchSize: 1, localConcurrency: def.concurrency, pollingIntervalSeconds: 1 },
        async ([job]) => this.#attempt(def, job as JobWithMetadata<unknown>),
      );
      this.#workers.set(def.kind, worker);
    }
    await this.reconcile();
    this.#reconcileTimer = setInterval(() => void this.reconcile(), SUPERVISE_SECONDS * 1000);
    this.#reconcileTimer.unref();
  }

  async #attempt(def: AnyJobDefinition, job: JobWithMetadata<unknown>) {
    this.#active.add(job.id);
    try {
      return await runAttempt(def, job, {
        db: this.#db,
        log: this.#log,
        config: this.#config,
        stopping: this.#stopping.signal,
      });
    } finally {
      this.#active.delete(job.id);
    }
  }

  /**
   * Registers a job in the caller's transaction: its background_jobs row and its pg-boss record commit
   * with the business data, or neither does. Returns the job's id.
   */
  async enqueue(tx: Tx, kind: string, params: unknown, opts: EnqueueOptions): Promise<string> {
    const def = this.#defs.get(kind);
    if (!def) throw new Error(`Unknown job kind ${kind}`);
    const id = randomUUID();
    await insertJob(tx, { id, kind, ownerId: opts.ownerId, scopeNodeId: opts.scopeNodeId, params });
    await this.#boss.send(kind, (params ?? {}) as object, { id, db: fromKysely(tx) });
    // A job enqueued here starts now rather than at the worker's next poll (up to a second later); a
    // server that polls less often is no worse off.
    const worker = this.#workers.get(kind);
    if (worker) afterCommit(tx, () => this.#boss.notifyWorker(worker));
    return id;
  }

  /** Takes a job that has not started out of the queue (a running one stops at its next checkpoint). */
  async withdraw(tx: Tx, kind: string, id: string): Promise<void> {
    await this.#boss.cancel(kind, id, { db: fromKysely(tx) });
  }

  /**
   * Closes the records of jobs whose delivery ended without them: the last attempt was on a server that
   * died, or the job was withdrawn before it started. Their kind releases what they held.
   */
  async reconcile(): Promise<void> {
    try {
      for (const row of await orphanedJobs(this.#db)) {
        if (this.#active.has(row.id)) continue;
        const cancelled = row.cancel_requested_at !== null;
        const closed = await finishJob(this.#db, row.id, cancelled ? 'cancelled' : 'failed', {
          error: cancelled ? null : 'Задача прервана: сервер остановился во время последней попытки',
        });
        if (closed) await this.#defs.get(row.kind)?.abandon?.(this.#db, row.params, row.id);
      }
    } catch (err) {
      this.#log.error({ err }, 'job reconciliation failed');
    }
  }

  /**
   * Graceful stop (SIGTERM): running attempts end at their next checkpoint and are retried after the
   * next start; pg-boss waits for them up to timeoutMs.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.#reconcileTimer) clearInterval(this.#reconcileTimer);
    this.#stopping.abort();
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
