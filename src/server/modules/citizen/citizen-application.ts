import { APPLICATION_STATUS_TITLES, REFERRAL_STATUS_TITLES } from '../../../common/queue-dictionary.ts';
import type { ApplicationView } from '../queue/applications/applications.schemas.ts';
import type { ApplicationReferral } from '../queue/referrals/application-referrals.ts';
import type { CitizenApplication } from './preschool.schemas.ts';

const fio = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

/**
 * An application as the parent reads it: statuses in words, the history with its reasons, the right's
 * decision, the referrals with where and by when to come. The applicant, when it is the other parent, is named only; ids of operators, versions and
 * document numbers stay on the operator's side.
 */
export function presentCitizenApplication(
  a: ApplicationView & { municipalityName: string },
  selfId: string,
  referrals: ApplicationReferral[] = [],
): CitizenApplication {
  return {
    id: a.id,
    number: a.number,
    registeredAt: a.registeredAt,
    status: a.status,
    statusTitle: APPLICATION_STATUS_TITLES[a.status],
    epguCode: a.epguCode,
    municipality: { id: a.municipalityId, name: a.municipalityName },
    desiredOn: a.desiredOn,
    child: a.child,
    applicant: { fullName: fio(a.applicant), isMe: a.applicant.id === selfId },
    preferences: a.preferences,
    groupFocus: a.groupFocus,
    stayMode: a.stayMode,
    language: a.language,
    acceptsAlternatives: a.acceptsAlternatives,
    rights: a.rights.map((r) => ({
      categoryTitle: r.categoryTitle,
      right: r.right,
      documentTitle: r.documentTitle,
      status: r.status,
      decisionReason: r.decisionReason,
    })),
    history: a.events.map((e) => ({
      at: e.at,
      status: e.status,
      statusTitle: APPLICATION_STATUS_TITLES[e.status],
      reason: e.reason,
    })),
    referrals: referrals.map((r) => ({ ...r, statusTitle: REFERRAL_STATUS_TITLES[r.status]! })),
  };
}
