import type { z } from 'zod';
import { dateIn } from '../../../common/dates/format-instant.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { PERSON_DATA } from '../../platform/person-data/registry.ts';
import type { Trajectory } from '../orders/read-trajectory.ts';
import { type PersonCardView, readPersonCard } from '../persons/person-card.ts';
import { CitizenActions } from './citizen.policy.ts';
import { type ConsentView, citizenCircle, type HealthView, organizationKinds } from './citizen.queries.ts';
import type { citizenCardSchema } from './citizen.schemas.ts';

/**
 * The card query's scope predicate describes staff scopes (organizations, territories); a citizen's
 * reach is decided before it, by СНИЛС and representation links in citizenCircle. The ids passed
 * with this grant are exactly those, so the card is read without the staff predicate.
 */
export const RESOLVED_IDS_ONLY: Grant[] = [
  {
    assignmentId: 'citizen-self',
    role: 'regional_operator',
    scopeNodeId: null,
    scopeName: null,
    healthAccess: false,
  },
];

type LinkPerson = PersonCardView['representatives'][number]['person'];
export type CitizenCard = z.infer<typeof citizenCardSchema>;

/** The sections read by presenters of their own (health, consents…), per person. */
type Sections = { health: HealthView | null; consents: ConsentView[]; trajectory: Trajectory | null };

export type CitizenView = {
  person: CitizenCard | null;
  health: HealthView | null;
  consents: ConsentView[];
  trajectory: Trajectory | null;
  children: ({ card: CitizenCard } & Sections)[];
  /** Children represented who have come of age: counted only, their data is their own now. */
  adultChildren: number;
  /** The region's zone (IANA): the screen shows every instant in it, as the PDF does. */
  timeZone: string;
};

/**
 * Everything held about the citizen and the children they represent (152-ФЗ ст. 14): the full
 * cards, health data and consents. Other people on the cards (the other parent, say) are shown by
 * name and relation only: their СНИЛС and birth date are their own data, not the child's.
 */
export async function readCitizenView(ctx: Ctx): Promise<{ view: CitizenView; subjectIds: string[] }> {
  authorize(ctx.actor!, CitizenActions['citizen.self']);
  const zone = ctx.config.timeZone;
  const { selfId, childIds, adultChildren } = await citizenCircle(ctx.db, ctx.actor!.snils, dateIn(zone));
  const empty = {
    person: null,
    health: null,
    consents: [],
    trajectory: null,
    children: [],
    adultChildren,
    timeZone: zone,
  };
  if (!selfId) return { view: empty, subjectIds: [] };
  const circle = new Set([selfId, ...childIds]);
  const ids = [...circle];
  // Every section the registry declares with a presenter, each read once for the whole circle.
  const read = await Promise.all(
    PERSON_DATA.citizenSections.map(async (s) => [s.section, await s.present(ctx.db, ids)] as const),
  );
  const sectionsOf = (id: string) =>
    Object.fromEntries(read.map(([section, byId]) => [section, byId.get(id) ?? null])) as Sections;
  const shown = new Set<string>(ids);
  const cardOf = async (id: string) => {
    const card = await readPersonCard(ctx.db, id, RESOLVED_IDS_ONLY);
    if (!card) return null;
    const redact = <L extends { person: LinkPerson }>(l: L) => {
      shown.add(l.person.id);
      if (circle.has(l.person.id)) return l;
      return { ...l, person: { ...l.person, birthDate: null, snils: null } };
    };
    return {
      ...card,
      representatives: card.representatives.map(redact),
      represents: card.represents.map(redact),
    } as CitizenCard;
  };
  const person = await cardOf(selfId);
  const children = [];
  for (const id of childIds) {
    const card = await cardOf(id);
    if (card) children.push({ card, ...sectionsOf(id) });
  }
  const kinds = await organizationKinds(ctx.db, [
    ...new Set(children.flatMap((c) => c.card.enrollments.map((e) => e.organizationId))),
  ]);
  for (const c of children) {
    c.card.enrollments = c.card.enrollments.map((e) => ({
      ...e,
      organizationKind: kinds.get(e.organizationId) ?? null,
    }));
  }
  return {
    view: { person, ...sectionsOf(selfId), children, adultChildren, timeZone: zone },
    subjectIds: [...shown],
  };
}

/** Ids whose access log the citizen may read: their own record and their children's. */
export async function citizenSubjects(ctx: Ctx) {
  authorize(ctx.actor!, CitizenActions['citizen.self']);
  const { selfId, childIds } = await citizenCircle(ctx.db, ctx.actor!.snils, dateIn(ctx.config.timeZone));
  return selfId ? [selfId, ...childIds] : [];
}
