import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { recordChange } from '../../platform/history.ts';
import { type PersonCardView, personSnapshot } from './person-card.ts';

/** What the learner's history keeps of a link: ids and the relation, never the representative's name. */
export type RepresentativeChange = { linkId: string; representativeId: string; relation: string };

/** Bumps the learner's version under a row lock: a link or unlink is a change of the learner's record. */
export async function bumpPersonVersion(tx: Tx, ctx: Ctx, personId: string) {
  const locked = await tx
    .selectFrom('persons')
    .select('version')
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('persons')
    .set({ version: locked.version + 1, updated_at: new Date(), updated_by: ctx.actor!.userId })
    .where('id', '=', personId)
    .execute();
}

/**
 * Writes the learner's history row for a representative linked or unlinked. The diff names the link
 * by ids (the name is read when the history is shown, within the reader's scope, so a destroyed
 * representative's name never survives in someone else's history); the snapshot is the card as it is.
 */
export const recordRepresentationChange = (
  tx: Tx,
  ctx: Ctx,
  card: PersonCardView,
  kind: 'link_representative' | 'unlink_representative',
  link: RepresentativeChange,
) =>
  recordChange(tx, {
    entityType: 'person',
    entityId: card.id,
    version: card.version,
    action: kind,
    actorUserId: ctx.actor!.userId,
    before: null,
    after: personSnapshot(card),
    changes: [
      kind === 'link_representative'
        ? { field: 'representative', before: null, after: link }
        : { field: 'representative', before: link, after: null },
    ],
  });

/** A new link in the learner's history and in the audit log, whichever use case made it. */
export async function recordLinkAdded(
  tx: Tx,
  ctx: Ctx,
  card: PersonCardView,
  link: RepresentativeChange,
  subjectIds: string[],
) {
  await recordRepresentationChange(tx, ctx, card, 'link_representative', link);
  await auditInTx(tx, ctx, {
    action: 'person.link_representative',
    objectType: 'person',
    objectId: card.id,
    subjectIds,
    details: { linkId: link.linkId, relation: link.relation },
  });
}
