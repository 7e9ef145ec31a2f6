import type { Ctx } from '../../platform/context.ts';
import { readPerson } from '../persons/read-person.ts';
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
  // A merged alias reads as its survivor, as on the card; the log then covers both records.
  const { data } = await readPerson(ctx, personId, {
    action: 'audit.read',
    load: (card) => listAudit(ctx, { ...f }, { subjectIds: [...new Set([card.id, personId.toLowerCase()])] }),
    audit: (card, page) => ({
      action: 'audit.read',
      subjectIds: [card.id],
      details: { count: page.items.length },
    }),
  });
  return data;
}
