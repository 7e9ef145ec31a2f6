import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { afterCommit, withTransaction } from '../../platform/db/tx.ts';
import { notFound } from '../../platform/errors.ts';
import { lockAccount } from './lock-account.ts';
import { checkAssignable } from './role-scope.ts';
import { UserActions } from './users.policy.ts';

export const revokeRole = (ctx: Ctx, userId: string, assignmentId: string, onChange: (id: string) => void) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, UserActions['user.manage']);
    // Revoking needs only this grant inside the scope (checkAssignable), not the whole account.
    await lockAccount(ctx, tx, userId);
    const a = await tx
      .selectFrom('role_assignments')
      .select(['id', 'role', 'scope_node_id'])
      .where('id', '=', assignmentId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!a?.scope_node_id) throw notFound('Назначение роли');
    const grant = await checkAssignable(tx, grants, a.role as 'org_operator', a.scope_node_id);
    await tx
      .updateTable('role_assignments')
      .set({ revoked_at: new Date(), revoked_by: ctx.actor!.userId })
      .where('id', '=', assignmentId)
      .execute();
    await auditInTx(tx, ctx, {
      action: 'role.revoke',
      objectType: 'user',
      objectId: userId,
      grant,
      details: { role: a.role, scopeNodeId: a.scope_node_id, assignmentId },
    });
    afterCommit(tx, () => onChange(userId));
  });
