import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';

/**
 * Lockout in two layers, both decided by the database so that parallel attempts cannot overtake one
 * another:
 * - per (account, client address): at most `loginMaxFailures` checks within `loginLockMs`; the rest
 *   are refused without checking the password. Another address is not affected.
 * - per account, over all addresses: after `loginBackoffFailures` failures within the window, one
 *   check is admitted per delay, the delay doubling from base to max. It slows a distributed guesser
 *   but never locks for long. An address the account signed in from within `loginTrustedAddressDays`
 *   skips it, so strangers, however many, cannot keep an operator out of the usual workstation; that
 *   address is still held to the per-pair limit.
 */

export type Admission =
  | { admitted: true; pairFailures: number }
  | { admitted: false; reason: 'locked' | 'backoff' };

/** Caps the doubling so that power() stays far from overflow; the delay is capped by max anyway. */
const MAX_DOUBLINGS = 30;

/**
 * Counts the attempt before the password is checked (the counter is a reservation): the pair's counter
 * rises only while it is below the limit, and a back-off slot is taken only when it is free. A refusal
 * by the back-off rolls the pair's reservation back, so a refused attempt costs the address nothing.
 */
export function admitAttempt(ctx: Ctx, userId: string, ip: string): Promise<Admission> {
  const c = ctx.config;
  const lockSeconds = c.loginLockMs / 1000;
  return withTransaction(ctx.db, async (tx) => {
    const pair = await sql<{ failures: number; trusted: boolean }>`
      INSERT INTO login_attempts AS a (user_id, ip, failures, last_attempt_at)
      VALUES (${userId}, ${ip}, 1, now())
      ON CONFLICT (user_id, ip) DO UPDATE SET
        failures = CASE WHEN a.last_attempt_at <= now() - make_interval(secs => ${lockSeconds})
                        THEN 1 ELSE a.failures + 1 END,
        last_attempt_at = now()
      WHERE a.failures < ${c.loginMaxFailures}
         OR a.last_attempt_at <= now() - make_interval(secs => ${lockSeconds})
      RETURNING a.failures, coalesce(
        a.last_success_at > now() - make_interval(days => ${c.loginTrustedAddressDays}), false) AS trusted`.execute(
      tx,
    );
    const counted = pair.rows[0];
    if (!counted) return { admitted: false, reason: 'locked' } as const;
    if (counted.trusted) return { admitted: true, pairFailures: counted.failures } as const;
    // Past the threshold, the slot is taken by moving locked_until forward: of parallel attempts only
    // the one whose UPDATE finds the slot free is admitted.
    const backoffOn = sql`coalesce(failed_logins >= ${c.loginBackoffFailures}
      AND last_failed_login_at > now() - make_interval(secs => ${c.loginBackoffWindowMs / 1000}), false)`;
    const delaySeconds = sql`least(
      ${c.loginBackoffBaseMs / 1000}::float8
        * power(2::float8, least(failed_logins - ${c.loginBackoffFailures}, ${MAX_DOUBLINGS})::float8),
      ${c.loginBackoffMaxMs / 1000}::float8)`;
    const gate = await sql<{ id: string }>`
      UPDATE users
         SET locked_until = CASE WHEN ${backoffOn} THEN now() + make_interval(secs => ${delaySeconds})
                            ELSE locked_until END
       WHERE id = ${userId}
         AND (NOT ${backoffOn} OR locked_until IS NULL OR locked_until <= now())
      RETURNING id`.execute(tx);
    if (!gate.rows[0]) throw new BackoffRefusal();
    return { admitted: true, pairFailures: counted.failures } as const;
  }).catch((err: unknown) => {
    if (err instanceof BackoffRefusal) return { admitted: false, reason: 'backoff' } as const;
    throw err;
  });
}

/** Thrown inside the transaction so that the pair's reservation is rolled back. */
class BackoffRefusal extends Error {}

/** A failed check: the pair was counted on admission; the account's counter over all addresses rises. */
export async function recordFailure(ctx: Ctx, userId: string, pairFailures: number, reason: string) {
  const c = ctx.config;
  const row = await sql<{ failed_logins: number }>`
    UPDATE users SET
      failed_logins = CASE
        WHEN last_failed_login_at IS NULL
          OR last_failed_login_at <= now() - make_interval(secs => ${c.loginBackoffWindowMs / 1000})
        THEN 1 ELSE failed_logins + 1 END,
      last_failed_login_at = now()
    WHERE id = ${userId}
    RETURNING failed_logins`.execute(ctx.db);
  await auditNow(ctx, {
    action: 'auth.login_failed',
    userId,
    outcome: 'failure',
    details: { reason, failures: pairFailures },
  });
  if (pairFailures === c.loginMaxFailures) {
    await auditNow(ctx, {
      action: 'auth.lockout',
      userId,
      outcome: 'success',
      details: { scope: 'address', minutes: c.loginLockMs / 60_000 },
    });
  }
  if (row.rows[0]?.failed_logins === c.loginBackoffFailures) {
    await auditNow(ctx, {
      action: 'auth.lockout',
      userId,
      outcome: 'success',
      details: { scope: 'account_backoff', failures: c.loginBackoffFailures },
    });
  }
}

/**
 * A successful sign-in clears the pair's counter, marks the address as one the account uses, and drops
 * the account's pairs that neither count recent failures nor mark a trusted address. The count over all
 * addresses is left to its window: a correct password from one address says nothing about the guessing
 * from others.
 */
export async function recordSuccess(ctx: Ctx, userId: string, ip: string) {
  const c = ctx.config;
  await sql`
    INSERT INTO login_attempts AS a (user_id, ip, failures, last_attempt_at, last_success_at)
    VALUES (${userId}, ${ip}, 0, now(), now())
    ON CONFLICT (user_id, ip) DO UPDATE SET failures = 0, last_success_at = now()`.execute(ctx.db);
  await sql`
    DELETE FROM login_attempts
     WHERE user_id = ${userId}
       AND last_attempt_at <= now() - make_interval(secs => ${c.loginLockMs / 1000})
       AND (last_success_at IS NULL
            OR last_success_at <= now() - make_interval(days => ${c.loginTrustedAddressDays}))`.execute(
    ctx.db,
  );
  await ctx.db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
}
