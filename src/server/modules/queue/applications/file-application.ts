import { dateInZone } from '../../../../common/dates/working-days.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { forbidden } from '../../../platform/errors.ts';
import type { FileApplicationInput } from './applications.schemas.ts';
import { checkApplication } from './check-application.ts';
import { insertApplication, queueMunicipality } from './insert-application.ts';
import { QueueActions } from './queue.policy.ts';
import { readApplicationIn } from './read-application.ts';

/**
 * The municipality's operator registers an application in its queue, for a child and a parent it
 * already sees in full. The parent's own filing through Госуслуги is citizen/file-preschool-application.ts;
 * both write through insertApplication.
 */
export const fileApplication = (ctx: Ctx, input: FileApplicationInput) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, QueueActions['application.file']);
    const grant = await grantCovering(tx, grants, input.municipalityId);
    if (!grant) throw forbidden('Муниципалитет вне вашей области доступа');
    const municipality = await queueMunicipality(tx, input.municipalityId);
    const today = dateInZone(new Date(), ctx.config.timeZone);
    const checked = await checkApplication(tx, input, {
      grants,
      maxPreferences: ctx.config.queueMaxPreferences,
      today,
    });
    const id = await insertApplication(tx, ctx, input, { municipality, checked, filedBy: 'operator', grant });
    return readApplicationIn(tx, id);
  });
