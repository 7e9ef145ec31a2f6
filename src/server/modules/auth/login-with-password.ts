import { dummyHash, verifyPassword } from '../../platform/auth/password.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { lockoutAddress } from './client-address.ts';
import { admitAttempt, recordFailure, recordSuccess } from './login-throttle.ts';

/** Never reveals why: a wrong password, an unknown login, a lockout and a blocked account look the same. */
const invalidCredentials = () => new AppError('invalid_credentials', 'Неверный логин или пароль');

/** Stands in for a real check: the same argon2 work, against a hash that no password of a user matches. */
const dummyVerify = async (password: string) => {
  await verifyPassword(await dummyHash(), password);
};

/**
 * Checks a login and password. Unknown logins, locked-out attempts and wrong passwords take the same
 * argon2 work and give the same answer, so none of them tells a guesser whether the login exists or is
 * locked; operators see the difference in the audit log. Every outcome is audited.
 */
export async function loginWithPassword(ctx: Ctx, login: string, password: string): Promise<string> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'blocked', 'is_service'])
    .where('login', '=', login)
    .executeTakeFirst();
  if (!user) {
    await dummyVerify(password);
    await auditNow(ctx, {
      action: 'auth.login_failed',
      userId: null,
      outcome: 'failure',
      details: { reason: 'unknown_login' },
    });
    throw invalidCredentials();
  }
  const ip = lockoutAddress(ctx.ip);
  const admission = await admitAttempt(ctx, user.id, ip);
  if (!admission.admitted) {
    // The user's hash is not checked at all: past the limit even the right password gets nowhere.
    await dummyVerify(password);
    await auditNow(ctx, {
      action: 'auth.login_failed',
      userId: user.id,
      outcome: 'denied',
      details: { reason: admission.reason },
    });
    throw invalidCredentials();
  }
  let ok = false;
  if (user.password_hash) ok = await verifyPassword(user.password_hash, password);
  else await dummyVerify(password);
  if (!ok || user.blocked || user.is_service) {
    const reason = !ok ? 'wrong_password' : user.blocked ? 'blocked' : 'service_account';
    await recordFailure(ctx, user.id, admission.pairFailures, reason);
    throw invalidCredentials();
  }
  await recordSuccess(ctx, user.id, ip);
  return user.id;
}
