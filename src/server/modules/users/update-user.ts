import type { z } from 'zod';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { afterCommit, withTransaction } from '../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import { assertWholeAccount, lockAccount } from './lock-account.ts';
import { UserActions } from './users.policy.ts';
import { loadUserInScope } from './users.queries.ts';
import type { updateUserSchema } from './users.schemas.ts';

export const updateUser = (
  ctx: Ctx,
  id: string,
  input: z.infer<typeof updateUserSchema>,
  onChange: (id: string) => void,
) =>
  withTransaction(ctx.db, async (tx) => {
    const before = await lockAccount(ctx, tx, id);
    const locked = { version: before.version };
    const action =
      input.blocked === true
        ? 'user.block'
        : input.blocked === false && before.blocked
          ? 'user.unblock'
          : 'user.update';
    // Every change of the account, blocking included, needs scope over all of the user's grants.
    assertWholeAccount(before, action);
    if (locked.version !== input.version) throw versionConflict(locked.version);
    if (input.blocked && id === ctx.actor!.userId) {
      throw new AppError('business_rule', 'Нельзя заблокировать собственную учетную запись', [
        { path: 'body.blocked', code: 'self_block', message: 'Нельзя заблокировать себя' },
      ]);
    }
    await tx
      .updateTable('users')
      .set({
        ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.blocked !== undefined
          ? { blocked: input.blocked, ...(input.blocked ? {} : { failed_logins: 0, locked_until: null }) }
          : {}),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await auditInTx(tx, ctx, { action, objectType: 'user', objectId: id });
    afterCommit(tx, () => onChange(id));
    return loadUserInScope(ctx, tx, id, UserActions['user.read']);
  });
