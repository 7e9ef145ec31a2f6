import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  Transaction,
  UnknownRow,
} from 'kysely';
import type { AuditEntry } from '../audit/chain.ts';
import { appendAudit } from '../audit/writer.ts';
import { AppError } from '../errors.ts';
import type { DB } from './schema.ts';

export type Tx = Transaction<DB>;

/** deadlock_detected, serialization_failure: PostgreSQL rolled the transaction back; it may be rerun. */
export const RETRYABLE_CODES = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export const isRetryable = (err: unknown) => RETRYABLE_CODES.has((err as { code?: string }).code ?? '');

type Hook = () => void | Promise<void>;

/** What one attempt of a transaction collects: dropped with the attempt if it rolls back. */
type Attempt = { hooks: Hook[]; audit: AuditEntry[]; done: boolean };
const attempts = new WeakMap<Tx, Attempt>();

/** A request's handle and whether that request has a transaction open. */
type Guard = { base: Kysely<DB>; open: boolean };
const guards = new WeakMap<Kysely<DB>, Guard>();

const internal = (detail: string) => new AppError('internal', detail);

/** Refuses every query on a request's handle while that request's transaction is open. */
class OuterHandleGuard implements KyselyPlugin {
  readonly #guard: Guard;
  constructor(guard: Guard) {
    this.#guard = guard;
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.#guard.open) {
      throw internal(
        'Запрос выполнен через внешний дескриптор базы данных внутри открытой транзакции: используйте tx',
      );
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * The handle a request's context carries: the shared pool underneath, plus a guard that makes every
 * query on it fail while withTransaction runs for it. A query there would run on another connection,
 * outside the transaction: not rolled back with it, not seeing its writes, and waiting on its locks.
 */
export function requestDb(base: Kysely<DB>): Kysely<DB> {
  const guard: Guard = { base, open: false };
  const handle = base.withPlugin(new OuterHandleGuard(guard));
  guards.set(handle, guard);
  return handle;
}

/**
 * Runs fn in one transaction; the callback gets its own handle, and the request's handle (ctx.db)
 * refuses to work until the callback ends, so nothing slips outside the transaction. A transaction
 * that PostgreSQL aborts as a deadlock victim is rolled back whole and run again; fn must therefore
 * keep its effects inside the transaction, and put the rest in afterCommit hooks. Audit entries of
 * auditInTx are appended in one call when fn has finished, just before the commit, so the chain
 * head stays locked only for the end of the transaction. After the commit of the final attempt the
 * hooks run in order; a rolled-back attempt's entries and hooks are dropped.
 */
export async function withTransaction<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const guard = guards.get(db);
  if (guard?.open) {
    throw internal('Транзакция открыта внутри другой транзакции того же запроса: используйте tx');
  }
  let committed: { result: T; hooks: Hook[] };
  if (guard) guard.open = true;
  try {
    committed = await runWithRetries(guard?.base ?? db, fn);
  } finally {
    if (guard) guard.open = false;
  }
  await runHooks(committed.hooks);
  return committed.result;
}

async function runWithRetries<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>) {
  for (let attempt = 1; ; attempt++) {
    const state: Attempt = { hooks: [], audit: [], done: false };
    try {
      const result = await db.transaction().execute(async (tx) => {
        attempts.set(tx, state);
        try {
          const r = await fn(tx);
          await appendAudit(tx, state.audit);
          return r;
        } finally {
          state.done = true;
        }
      });
      return { result, hooks: state.hooks };
    } catch (err) {
      if (!isRetryable(err) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/** Every hook runs even if one fails; the first failure is then thrown (the data is committed). */
async function runHooks(hooks: Hook[]): Promise<void> {
  let failure: { err: unknown } | null = null;
  for (const hook of hooks) {
    try {
      await hook();
    } catch (err) {
      failure ??= { err };
    }
  }
  if (failure) throw failure.err;
}

function attemptOf(tx: Tx, what: string): Attempt | null {
  const state = attempts.get(tx);
  if (state?.done) throw internal(`${what} вызван после завершения транзакции`);
  return state ?? null;
}

/**
 * Runs fn once the transaction of tx has committed: cache eviction, notifications, jobs. Never after
 * a rollback; after a retried transaction only once, for the attempt that committed.
 */
export function afterCommit(tx: Tx, fn: Hook): void {
  const state = attemptOf(tx, 'afterCommit');
  if (!state) throw internal('afterCommit вызван вне withTransaction');
  state.hooks.push(fn);
}

/**
 * Queues audit entries to be appended at the end of the transaction of tx (see withTransaction).
 * In a transaction opened some other way they are appended at once, as before.
 */
export async function auditAtCommit(tx: Tx, entries: AuditEntry[]): Promise<void> {
  const state = attemptOf(tx, 'auditInTx');
  if (state) state.audit.push(...entries);
  else await appendAudit(tx, entries);
}
