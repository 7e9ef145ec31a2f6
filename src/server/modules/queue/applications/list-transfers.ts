import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { inScope } from '../../../platform/access/scope.ts';
import { auditedPage, type Ctx } from '../../../platform/context.ts';
import { invalidField } from '../../../platform/errors.ts';
import { QueueActions } from './queue.policy.ts';
import { type TransferRow, toTransfer, transferSelect } from './transfer-row.ts';
import type { transferListQuery } from './transfers.schemas.ts';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})\|([0-9a-f-]{36})$/;

/**
 * Transfer requests of the municipalities the user covers: incoming (sent to them: to accept or
 * refuse, the oldest first so the overdue ones lead), outgoing (sent by them), or both. Seeing the
 * child of an incoming request before accepting is lawful: the request names this municipality, and
 * the list shows only what the decision needs. Each page is audited with the children it names.
 */
export async function listTransfers(ctx: Ctx, q: z.infer<typeof transferListQuery>) {
  const grants = authorize(ctx.actor!, QueueActions['application.read']);
  const incoming = inScope('t.to_municipality_id', grants);
  const outgoing = inScope('t.from_municipality_id', grants);
  const side =
    q.direction === 'incoming'
      ? incoming
      : q.direction === 'outgoing'
        ? outgoing
        : sql<boolean>`(${incoming} OR ${outgoing})`;
  let after: { at: string; id: string } | null = null;
  if (q.cursor) {
    const m = CURSOR.exec(q.cursor);
    if (!m) throw invalidField('querystring.cursor', 'Некорректный курсор страницы');
    after = { at: m[1]!, id: m[2]! };
  }
  const r = await sql<TransferRow>`
    ${transferSelect}
     WHERE ${side}
       AND (${q.status ?? null}::text IS NULL OR t.status = ${q.status ?? null})
       AND (${q.applicationId ?? null}::uuid IS NULL OR t.application_id = ${q.applicationId ?? null}::uuid)
       AND (${after?.at ?? null}::timestamp IS NULL
            OR (t.requested_at, t.id) > ((${after?.at ?? null}::timestamp AT TIME ZONE 'UTC'), ${after?.id ?? null}::uuid))
     ORDER BY t.requested_at, t.id
     LIMIT ${q.limit + 1}`.execute(ctx.db);
  const rows = r.rows.slice(0, q.limit);
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const page = {
    items: rows.map((row) => toTransfer(row, today, ctx.config.queueTransferAcceptWorkingDays)),
    nextCursor: r.rows.length > q.limit ? rows[rows.length - 1]!.cursor : null,
  };
  return auditedPage(ctx, page, {
    action: 'application.transfer.list',
    objectType: 'preschool_application_transfer',
    objectId: null,
    subjectIds: page.items.length > 0 ? page.items.map((i) => i.child.id) : null,
    details: { direction: q.direction ?? 'both' },
  });
}
