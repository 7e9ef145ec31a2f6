import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { DataCorrectionActions as A } from './data-corrections.policy.ts';

/**
 * «Исправлено»: the organization (or an authority above it) closes the report once the record is
 * fixed. A report outside the caller's scope reads as absent, and the refusal is audited.
 */
export const resolveDataCorrection = (ctx: Ctx, id: string) =>
  withTransaction(ctx.db, async (tx) => {
    const action = A['data_correction.resolve'];
    const grants = authorize(ctx.actor!, action);
    const r = await tx
      .selectFrom('data_correction_requests')
      .select(['id', 'person_id', 'organization_id', 'status'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    const grant = r ? await grantCovering(tx, grants, r.organization_id) : null;
    if (!r || !grant) throw notFound('Обращение').audited(action, 'data_correction_request', id);
    if (r.status !== 'open') throw new AppError('conflict', 'Обращение уже закрыто');
    const resolvedAt = new Date();
    await tx
      .updateTable('data_correction_requests')
      .set({ status: 'done', resolved_at: resolvedAt, resolved_by: ctx.actor!.userId })
      .where('id', '=', id)
      .execute();
    await auditInTx(tx, ctx, {
      action,
      objectType: 'data_correction_request',
      objectId: id,
      subjectIds: [r.person_id],
      grant,
    });
    return { id, status: 'done' as const, resolvedAt: resolvedAt.toISOString() };
  });
