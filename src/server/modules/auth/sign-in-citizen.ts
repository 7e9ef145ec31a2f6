import { isValidSnils } from '../../../common/identifiers/index.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * A citizen signed in through ЕСИА is matched by СНИЛС. The first sign-in creates the citizen's
 * account; what they may see is decided later by the same СНИЛС on representative records.
 */
export async function signInCitizen(
  ctx: Ctx,
  identity: { snils: string; fullName: string },
): Promise<string> {
  if (!isValidSnils(identity.snils)) {
    await auditNow(ctx, { action: 'auth.esia_failed', outcome: 'failure', details: { reason: 'no_snils' } });
    throw new AppError('unauthorized', 'Госуслуги не передали СНИЛС: вход невозможен');
  }
  const userId = await withTransaction(ctx.db, async (tx) => {
    const existing = await tx
      .selectFrom('users')
      .select(['id', 'blocked'])
      .where('snils', '=', identity.snils)
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      if (existing.blocked) throw new AppError('forbidden', 'Учетная запись заблокирована');
      await tx
        .updateTable('users')
        .set({ last_login_at: new Date() })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }
    const user = await tx
      .insertInto('users')
      .values({
        full_name: identity.fullName || 'Гражданин',
        snils: identity.snils,
        last_login_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('role_assignments')
      .values({ user_id: user.id, role: 'citizen', scope_node_id: null })
      .execute();
    return user.id;
  });
  await auditNow(ctx, { action: 'auth.login', userId, details: { method: 'esia' } });
  return userId;
}
