import type { z } from 'zod';
import { authorize } from '../../platform/access/policy.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { UserActions } from './users.policy.ts';
import { loadUserInScope } from './users.queries.ts';
import type { createUserSchema } from './users.schemas.ts';

export async function createUser(ctx: Ctx, input: z.infer<typeof createUserSchema>) {
  const grants = authorize(ctx.actor!, UserActions['user.manage']);
  const passwordHash = await hashPassword(input.password);
  return withTransaction(ctx.db, async (tx) => {
    const row = await tx
      .insertInto('users')
      .values({
        login: input.login,
        full_name: input.fullName,
        email: input.email ?? null,
        password_hash: passwordHash,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: { code?: string }) => {
        if (err.code === '23505') {
          throw new AppError('duplicate_login', 'Пользователь с таким логином уже есть', [
            { path: 'body.login', code: 'duplicate', message: 'Логин уже занят' },
          ]);
        }
        throw err;
      });
    await auditInTx(tx, ctx, {
      action: 'user.create',
      objectType: 'user',
      objectId: row.id,
      grant: grants[0],
    });
    return loadUserInScope(ctx, tx, row.id, UserActions['user.read']);
  });
}
