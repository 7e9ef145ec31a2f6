import { authorize } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { listAudit } from './audit.queries.ts';

/**
 * «Кто обращался» on a person's card: the events that concern the person, as far as the reader may read
 * the log. Only for a person the reader fully sees; otherwise 404 like any record outside scope.
 */
export async function readPersonAccessLog(
  ctx: Ctx,
  personId: string,
  f: { cursor?: string | undefined; limit: number },
) {
  const grants = authorize(ctx.actor!, 'audit.read');
  // A merged alias reads as its survivor, as on the card; the log then covers both records.
  const card = await loadPersonCard(ctx, ctx.db, personId, grants, 'audit.read');
  const page = await listAudit(ctx, { ...f }, { subjectIds: [...new Set([card.id, personId])] });
  await auditNow(ctx, {
    action: 'audit.read',
    objectType: 'person',
    objectId: card.id,
    subjectIds: [card.id],
    details: { count: page.items.length },
  });
  return page;
}
