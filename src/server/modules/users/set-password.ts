import { hashPassword } from '../../platform/auth/password.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { assertWholeAccount, lockAccount } from './lock-account.ts';

/** Sets a new password and unlocks the account; the user's sessions are ended. */
export async function setPassword(
  ctx: Ctx,
  userId: string,
  password: string,
  onChange: (id: string) => void,
) {
  const hashed = await hashPassword(password);
  await withTransaction(ctx.db, async (tx) => {
    const user = await lockAccount(ctx, tx, userId);
    assertWholeAccount(user, 'user.password_set');
    if (user.isService) throw new AppError('business_rule', 'У сервисной учетной записи нет пароля');
    await tx
      .updateTable('users')
      .set({ password_hash: hashed, failed_logins: 0, locked_until: null, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
    await tx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    await auditInTx(tx, ctx, { action: 'user.password_set', objectType: 'user', objectId: userId });
  });
  onChange(userId);
}
