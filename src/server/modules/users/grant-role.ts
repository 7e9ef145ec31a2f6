import type { z } from 'zod';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { afterCommit, withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { lockAccount } from './lock-account.ts';
import { checkAssignable } from './role-scope.ts';
import { UserActions } from './users.policy.ts';
import { loadUserInScope } from './users.queries.ts';
import type { grantRoleSchema } from './users.schemas.ts';

export const grantRole = (
  ctx: Ctx,
  userId: string,
  input: z.infer<typeof grantRoleSchema>,
  onChange: (id: string) => void,
) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, UserActions['user.manage']);
    // Locked like account-level actions, so a grant and a password reset never interleave.
    const user = await lockAccount(ctx, tx, userId);
    if (user.isService !== (input.role === 'integration_client')) {
      throw new AppError(
        'business_rule',
        'Роль внешней системы назначается только сервисным учетным записям',
        [
          {
            path: 'body.role',
            code: 'service_mismatch',
            message: 'Роль не подходит для этой учетной записи',
          },
        ],
      );
    }
    const grant = await checkAssignable(tx, grants, input.role, input.scopeNodeId);
    if (
      input.healthAccess &&
      !ctx.actor!.grants.some((g) => g.healthAccess || g.role === 'regional_operator')
    ) {
      throw new AppError(
        'forbidden',
        'Доступ к сведениям о здоровье может выдать только тот, у кого он есть',
      );
    }
    const row = await tx
      .insertInto('role_assignments')
      .values({
        user_id: userId,
        role: input.role,
        scope_node_id: input.scopeNodeId,
        health_access: input.healthAccess ?? false,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: { code?: string }) => {
        if (err.code === '23505') throw new AppError('conflict', 'Эта роль уже назначена в этой области');
        throw err;
      });
    await auditInTx(tx, ctx, {
      action: 'role.grant',
      objectType: 'user',
      objectId: userId,
      grant,
      details: { role: input.role, scopeNodeId: input.scopeNodeId, assignmentId: row.id },
    });
    afterCommit(tx, () => onChange(userId));
    return loadUserInScope(ctx, tx, userId, UserActions['user.read']);
  });
