import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { organizationForAction } from '../education/education-scope.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';
import { presentSubmission } from './submission-cells.ts';

/**
 * A municipality (or the region) returns a signed form to its organization with the reason: the
 * organization corrects its data and signs again. A submission outside the actor's scope is absent.
 */
export const returnSubmission = (ctx: Ctx, id: string, input: { version: number; reason: string }) =>
  withTransaction(ctx.db, async (tx) => {
    const action = A['statForm.return'];
    const before = await tx
      .selectFrom('stat_form_submissions')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('Сданная форма').audited(action, 'stat_form_submission', id);
    // Out of scope answers like an absent submission, not like an absent organization.
    const org = await organizationForAction(ctx, tx, before.organization_id, action).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'not_found')
        throw notFound('Сданная форма').audited(action, 'stat_form_submission', id);
      throw e;
    });
    if (before.version !== input.version) throw versionConflict(before.version);
    if (before.status !== 'signed')
      throw new AppError('conflict', 'Форма уже возвращена на исправление', [
        { path: 'body.version', code: 'already_returned', message: 'Форма уже возвращена' },
      ]);
    const row = await tx
      .updateTable('stat_form_submissions')
      .set({
        status: 'returned',
        returned_by: ctx.actor!.userId,
        returned_at: sql`now()`,
        return_reason: input.reason,
        version: before.version + 1,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditInTx(tx, ctx, {
      action,
      objectType: 'stat_form_submission',
      objectId: id,
      grant: org.grant,
      details: { form: row.form_code, edition: row.edition, asOf: row.as_of, organizationId: org.id },
    });
    const signer = await tx
      .selectFrom('users')
      .select('full_name')
      .where('id', '=', row.signed_by)
      .executeTakeFirst();
    return presentSubmission(row, signer?.full_name ?? null);
  });
