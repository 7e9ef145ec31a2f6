import type { Selectable } from 'kysely';
import type { Grant } from '../../../platform/access/actor.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { PreschoolApplications } from '../../../platform/db/schema.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';

export type ApplicationRow = Selectable<PreschoolApplications>;

/**
 * One application for an action, locked when it is to change. Another municipality's application reads
 * like an absent one (404, audited as denied): its child is that municipality's business.
 */
export async function loadApplication(
  tx: Tx,
  ctx: Ctx,
  id: string,
  action: string,
  opts: { lock?: boolean } = {},
): Promise<{ application: ApplicationRow; grant: Grant }> {
  const grants = authorize(ctx.actor!, action);
  let q = tx.selectFrom('preschool_applications').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const application = await q.executeTakeFirst();
  const grant = application ? await grantCovering(tx, grants, application.municipality_id) : null;
  if (!application || !grant) throw notFound('Заявление').audited(action, 'preschool_application', id);
  return { application, grant };
}
