import { dummyHash, verifyPassword } from '../../platform/auth/password.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

const MAX_LOCK_MINUTES = 60;

/** Lock length grows with each failure past the limit: 1, 2, 4 … minutes, at most an hour. */
export const lockMinutes = (failures: number, limit: number) =>
  failures < limit ? 0 : Math.min(2 ** (failures - limit), MAX_LOCK_MINUTES);

/**
 * Checks a login and password. Unknown logins take as long as known ones and give the same answer;
 * repeated failures lock the account with back-off. Every outcome is audited.
 */
export async function loginWithPassword(ctx: Ctx, login: string, password: string): Promise<string> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'blocked', 'failed_logins', 'locked_until', 'is_service'])
    .where('login', '=', login)
    .executeTakeFirst();
  const now = new Date();
  if (user?.locked_until && user.locked_until > now) {
    await auditNow(ctx, {
      action: 'auth.login_failed',
      userId: user.id,
      outcome: 'denied',
      details: { reason: 'locked' },
    });
    throw lockedError(user.locked_until);
  }
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
  if (!user || !ok || user.blocked || user.is_service || !user.password_hash) {
    if (user) await registerFailure(ctx, user.id, user.failed_logins + 1);
    else
      await auditNow(ctx, {
        action: 'auth.login_failed',
        userId: null,
        outcome: 'failure',
        details: { reason: 'unknown_login' },
      });
    throw new AppError('invalid_credentials', 'Неверный логин или пароль');
  }
  await ctx.db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now })
    .where('id', '=', user.id)
    .execute();
  return user.id;
}

async function registerFailure(ctx: Ctx, userId: string, failures: number) {
  const minutes = lockMinutes(failures, ctx.config.loginMaxFailures);
  const lockedUntil = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null;
  await ctx.db
    .updateTable('users')
    .set({ failed_logins: failures, locked_until: lockedUntil })
    .where('id', '=', userId)
    .execute();
  await auditNow(ctx, { action: 'auth.login_failed', userId, outcome: 'failure', details: { failures } });
  if (lockedUntil) {
    await auditNow(ctx, { action: 'auth.lockout', userId, outcome: 'success', details: { minutes } });
  }
}

function lockedError(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'account_locked',
    `Слишком много неудачных попыток входа. Повторите через ${minutes} мин.`,
    [],
    { retryAfterSeconds: minutes * 60 },
  );
}
