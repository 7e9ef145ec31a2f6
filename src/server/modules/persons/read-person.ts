import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { type AuditFact, auditNow, type Ctx } from '../../platform/context.ts';
import { loadPersonCard } from './load-person.ts';

type LoadedCard = Awaited<ReturnType<typeof loadPersonCard>>;

/** What one read of a person's data is: the action that allows it, what it loads, how it is audited. */
export type PersonRead<T> = {
  /** The policy action the read needs; the person must be within the scope of a grant allowing it. */
  action: string;
  /** The former organization's archival view is enough (the card itself); any other read needs full access. */
  archival?: boolean;
  load: (card: LoadedCard, grants: Grant[]) => Promise<T>;
  /** The audit record of a successful read; a refusal is audited by the load as denied. */
  audit: (card: LoadedCard, data: T) => Omit<AuditFact, 'objectId'> & { objectId?: string | null };
};

/**
 * The one way a route reads personal data: authorize the action, load the person within the actor's
 * scope (absent and out of scope look alike, and the refusal is audited), load the data, and audit the
 * read against the persons it discloses. Routes no longer repeat these steps, so none can skip one.
 */
export async function readPerson<T>(ctx: Ctx, personId: string, read: PersonRead<T>) {
  const grants = authorize(ctx.actor!, read.action);
  const card = await loadPersonCard(ctx, ctx.db, personId, grants, read.action, {
    archival: read.archival ?? false,
  });
  const data = await read.load(card, grants);
  await auditNow(ctx, { objectType: 'person', objectId: card.id, ...read.audit(card, data) });
  return { card, data, grants };
}
