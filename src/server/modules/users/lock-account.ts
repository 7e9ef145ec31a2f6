import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { forbidden } from '../../platform/errors.ts';
import { UserActions } from './users.policy.ts';
import { loadUserInScope } from './users.queries.ts';

/**
 * Locks the user row (FOR UPDATE) before reading the user's grants, inside the caller's transaction.
 * A role grant inserts into role_assignments, whose foreign key takes a KEY SHARE lock on the same
 * row, so a grant committed concurrently either finishes first and is seen here (each statement at
 * READ COMMITTED reads anew), or waits until this transaction ends. No grant slips past the check.
 */
export async function lockAccount(ctx: Ctx, tx: Kysely<DB>, userId: string) {
  await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
  return loadUserInScope(ctx, tx, userId, UserActions['user.manage']);
}

/**
 * Account-level actions (password, block, unblock, rename, edit) need scope over the whole account:
 * every active grant of the user. The refusal is a 403 audited as denied under the action tried.
 */
export function assertWholeAccount(user: { id: string; fullyManageable: boolean }, action: string) {
  if (user.fullyManageable) return;
  throw forbidden(
    'У пользователя есть роли вне вашей области доступа. Изменять учетную запись может только тот, ' +
      'чья область охватывает все его роли; вы можете отозвать роли в своей области.',
  ).audited(action, 'user', user.id);
}
