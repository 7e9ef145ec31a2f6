import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Tx } from '../db/tx.ts';

/** What a user sees of a job: the state of background_jobs.state. */
export const JOB_STATES = ['queued', 'running', 'retrying', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

/** A short summary for the jobs screen: counts and ids, never personal data. */
export type JobResult = Record<string, string | number | boolean | null>;

/** Retries after a failed attempt, with exponential back-off: delay × 2^attempt, at most maxDelay. */
export type RetryPolicy = { limit: number; delaySeconds: number; maxDelaySeconds: number };

/** What a running attempt gets from the platform. */
export type JobContext<P> = {
  id: string;
  params: P;
  /** 1 for the first attempt; a retry after a failure or a restart counts on. */
  attempt: number;
  db: Kysely<DB>;
  log: Logger;
  config: Config;
  /** Records progress for the jobs screen (done of total units). */
  progress: (done: number, total: number) => Promise<void>;
  /**
   * Called between units of work: throws JobCancelled when a user asked to cancel, JobInterrupted when
   * the server is stopping. Work committed before stays; a retried attempt resumes after it.
   */
  checkpoint: () => Promise<void>;
};

/** A kind of background job. Its handler must be resumable: a retry may follow a crash half-way. */
export type JobDefinition<P = unknown> = {
  /** The queue's name, also background_jobs.kind: lower-case words with hyphens. */
  kind: string;
  /** Russian name for the jobs screen. */
  title: string;
  retry: RetryPolicy;
  /** An attempt running longer than this is failed (and retried). */
  expireSeconds: number;
  /** How many attempts of this kind one server runs at once. */
  concurrency: number;
  /** The cron expression that starts it on a schedule, from the configuration; null: no schedule. */
  cron?: (config: Config) => string | null;
  /**
   * A scheduled occurrence has no business transaction that registered it: this registers what it will
   * work on, in the transaction that records the job, and returns its parameters, or a reason to skip.
   */
  prepareScheduled?: (tx: Tx, jobId: string) => Promise<{ params: P } | { skip: string }>;
  run: (ctx: JobContext<P>) => Promise<JobResult>;
  /** The result in one Russian sentence for the jobs screen. */
  summarize: (result: JobResult) => string;
  /** After the last failed attempt or a cancel: releases what the job held (a run marked running…). */
  abandon?: (db: Kysely<DB>, params: P, jobId: string) => Promise<void>;
};

/** Thrown by checkpoint() once a user asked to cancel the job. */
export class JobCancelled extends Error {
  constructor() {
    super('job cancelled');
  }
}

/** Thrown by checkpoint() while the server is stopping: the attempt ends and is retried after a start. */
export class JobInterrupted extends Error {
  constructor() {
    super('server stopping');
  }
}

// biome-ignore lint/suspicious/noExplicitAny: definitions of different parameter types share one list
export type AnyJobDefinition = JobDefinition<any>;

export const defineJob = <P>(def: JobDefinition<P>): JobDefinition<P> => def;
