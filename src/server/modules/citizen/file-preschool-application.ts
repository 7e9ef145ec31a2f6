import { sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { citizenChild, citizenSelf } from '../persons/citizen-persons.ts';
import { checkApplication } from '../queue/applications/check-application.ts';
import { familyApplications } from '../queue/applications/family-applications.ts';
import { insertApplication, queueMunicipality } from '../queue/applications/insert-application.ts';
import { CitizenActions } from './citizen.policy.ts';
import { citizenCircle } from './citizen.queries.ts';
import { presentCitizenApplication } from './citizen-application.ts';
import type { CitizenFileApplicationInput } from './preschool.schemas.ts';
import { RESOLVED_IDS_ONLY } from './read-citizen-view.ts';

/**
 * The parent's name as ЕСИА gave it at sign-in («Фамилия Имя Отчество»), with the birth date and sex
 * the parent adds on the form; used only when the registry has no record of them yet.
 */
function profileOf(fullName: string, extra: CitizenFileApplicationInput['applicant']) {
  if (!extra) return null;
  const [lastName, firstName, ...rest] = fullName.trim().split(/\s+/);
  if (!lastName || !firstName)
    throw new AppError('validation_failed', 'Госуслуги не передали фамилию и имя полностью', [
      { path: 'body.applicant', code: 'no_name', message: 'Обратитесь в управление образования' },
    ]);
  return { lastName, firstName, middleName: rest.join(' ') || undefined, ...extra };
}

/**
 * A parent files a preschool application through Госуслуги, for a child they represent or for a new
 * child registered with it. The applicant is the parent's own record (by the СНИЛС ЕСИА confirmed);
 * the new child, its link to the parent and the application are written in one transaction, and the
 * application passes the same rules and the same insert as the operator's (insertApplication). The
 * filings of one parent run one at a time: a double click or a retried request waits for the first,
 * then finds its child and its open application, so it neither doubles the child nor the application.
 */
export async function fileCitizenApplication(ctx: Ctx, input: CitizenFileApplicationInput) {
  const [grant] = authorize(ctx.actor!, CitizenActions['citizen.self']);
  const snils = ctx.actor!.snils;
  if (!snils) throw new AppError('forbidden', 'Госуслуги не передали СНИЛС: подать заявление нельзя');
  const writer = { readGrants: RESOLVED_IDS_ONLY, grant: grant! };
  return withTransaction(ctx.db, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('citizen.preschool_application'), hashtext(${ctx.actor!.userId}))`.execute(
      tx,
    );
    const today = dateInZone(new Date(), ctx.config.timeZone);
    const municipality = await queueMunicipality(tx, input.municipalityId);
    const selfId = await citizenSelf(tx, ctx, snils, profileOf(ctx.actor!.fullName, input.applicant), {
      ...writer,
      path: 'body.applicant',
    });
    let childId: string;
    if (input.childId) {
      // Only a child the parent represents today; any other id reads like absent, whoever it is.
      const { childIds } = await citizenCircle(tx, snils, today);
      if (!childIds.includes(input.childId))
        throw new AppError('not_found', 'Ребёнок не найден среди ваших детей', [
          { path: 'body.childId', code: 'not_found', message: 'Выберите ребёнка из списка' },
        ]).audited('application.file', 'person', input.childId);
      childId = input.childId;
    } else {
      const { relation, authorityDocument, ...child } = input.newChild!;
      childId = (
        await citizenChild(
          tx,
          ctx,
          { representativeId: selfId, child, relation, authorityDocument, path: 'body.newChild' },
          writer,
        )
      ).id;
    }
    const { newChild, applicant, ...rest } = input;
    const application = { ...rest, childId, applicantId: selfId };
    const checked = await checkApplication(tx, application, {
      grants: null,
      maxPreferences: ctx.config.queueMaxPreferences,
      today,
    });
    const id = await insertApplication(tx, ctx, application, {
      municipality,
      checked,
      filedBy: 'citizen',
      grant: grant!,
    });
    const mine = await familyApplications(tx, selfId, [childId], today);
    return presentCitizenApplication(mine.find((a) => a.id === id)!, selfId);
  });
}
