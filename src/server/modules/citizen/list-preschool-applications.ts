import { dateIn } from '../../../common/dates/format-instant.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { familyApplications } from '../queue/applications/family-applications.ts';
import { applicationReferrals } from '../queue/referrals/application-referrals.ts';
import { CitizenActions } from './citizen.policy.ts';
import { citizenCircle } from './citizen.queries.ts';
import { presentCitizenApplication } from './citizen-application.ts';

/**
 * The preschool applications of the signed-in parent: those they filed and those of the children they
 * represent today, each with its referrals. Audited with every person the answer names.
 */
export async function listCitizenApplications(ctx: Ctx) {
  authorize(ctx.actor!, CitizenActions['citizen.self']);
  const zone = ctx.config.timeZone;
  const today = dateIn(zone);
  const { selfId, childIds } = await citizenCircle(ctx.db, ctx.actor!.snils, today);
  const found = selfId ? await familyApplications(ctx.db, selfId, childIds, today) : [];
  const referrals = await applicationReferrals(
    ctx.db,
    found.map((a) => a.id),
  );
  const subjects = [...new Set(found.flatMap((a) => [a.child.id, a.applicant.id]))];
  await auditNow(ctx, {
    action: 'citizen.preschool_applications',
    objectType: 'preschool_application',
    subjectIds: subjects.length > 0 ? subjects : null,
    details: {
      applications: found.length,
      referrals: [...referrals.values()].reduce((n, list) => n + list.length, 0),
    },
  });
  return {
    items: found.map((a) => presentCitizenApplication(a, selfId!, referrals.get(a.id))),
    timeZone: zone,
  };
}
