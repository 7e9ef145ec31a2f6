import type { Kysely } from 'kysely';
import type { JobWithMetadata } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import {
  cancelRequested,
  findJob,
  finishJob,
  insertJob,
  markRetrying,
  markRunning,
  setParams,
  setProgress,
} from './job-store.ts';
import {
  type AnyJobDefinition,
  JobCancelled,
  type JobContext,
  JobInterrupted,
  type JobResult,
} from './job-types.ts';

type Env = { db: Kysely<DB>; log: Logger; config: Config; stopping: AbortSignal };

const INTERNAL = 'Внутренняя ошибка при выполнении задачи';
const STOPPED = 'Сервер остановлен во время выполнения; задача продолжится после его запуска';

/**
 * One attempt of a job, as pg-boss hands it over: records it in background_jobs, runs the handler,
 * and records how it ended. A throw tells pg-boss to retry (with back-off) or, after the last attempt,
 * to fail the job; everything else completes it.
 */
export async function runAttempt(
  def: AnyJobDefinition,
  job: JobWithMetadata<unknown>,
  env: Env,
): Promise<JobResult | null> {
  const log = env.log.child({ jobId: job.id, kind: def.kind, attempt: job.retryCount + 1 });
  const params = await paramsOf(def, job, env);
  if (params === null) return null;
  // A job cancelled while it waited, or closed by reconciliation, does not start.
  if ((await cancelRequested(env.db, job.id)) || !(await markRunning(env.db, job.id, job.retryCount + 1))) {
    if (await finishJob(env.db, job.id, 'cancelled', {})) await def.abandon?.(env.db, params, job.id);
    return null;
  }
  const ctx: JobContext<unknown> = {
    id: job.id,
    params,
    attempt: job.retryCount + 1,
    db: env.db,
    log,
    config: env.config,
    progress: (done, total) => setProgress(env.db, job.id, done, total),
    checkpoint: async () => {
      if (env.stopping.aborted || job.signal?.aborted) throw new JobInterrupted();
      if (await cancelRequested(env.db, job.id)) throw new JobCancelled();
    },
  };
  log.info('job attempt started');
  try {
    const result = await def.run(ctx);
    await finishJob(env.db, job.id, 'completed', { result });
    log.info({ result }, 'job completed');
    return result;
  } catch (err) {
    if (err instanceof JobCancelled) {
      if (await finishJob(env.db, job.id, 'cancelled', {})) await def.abandon?.(env.db, params, job.id);
      log.info('job cancelled');
      return null;
    }
    const last = job.retryCount >= job.retryLimit && !(err instanceof JobInterrupted);
    const message = err instanceof JobInterrupted ? STOPPED : err instanceof AppError ? err.detail : INTERNAL;
    if (last) {
      if (await finishJob(env.db, job.id, 'failed', { error: message })) {
        await def.abandon?.(env.db, params, job.id);
      }
    } else {
      await markRetrying(env.db, job.id, message);
    }
    log.error({ err, last }, 'job attempt failed');
    throw err;
  }
}

/**
 * The job's parameters from its record. A scheduled occurrence has none yet: its kind registers what it
 * works on, in the same transaction as the record, so a retry of that attempt finds both.
 */
async function paramsOf(def: AnyJobDefinition, job: JobWithMetadata<unknown>, env: Env) {
  const row = await findJob(env.db, job.id);
  if (row) return row.params;
  if (!def.prepareScheduled) {
    env.log.error({ jobId: job.id, kind: def.kind }, 'job without a record skipped');
    return null;
  }
  return env.db.transaction().execute(async (tx) => {
    // The record first: what the kind registers (a run) may refer to it.
    await insertJob(tx, { id: job.id, kind: def.kind, ownerId: null, scopeNodeId: null, params: {} });
    const prepared = await def.prepareScheduled!(tx, job.id);
    if ('skip' in prepared) {
      await finishJob(tx, job.id, 'completed', { result: { skipped: prepared.skip } });
      return null;
    }
    await setParams(tx, job.id, prepared.params);
    return prepared.params;
  });
}
