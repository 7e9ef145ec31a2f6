import { sql } from 'kysely';
import type { z } from 'zod';
import { authorize } from '../../../platform/access/policy.ts';
import { inScope } from '../../../platform/access/scope.ts';
import { auditedPage, type Ctx } from '../../../platform/context.ts';
import { type ReferralRow, referralSelect, toReferral } from './referral-row.ts';
import { ReferralActions } from './referrals.policy.ts';
import type { referralListQuery } from './referrals.schemas.ts';

/**
 * The referral register: the referrals to the groups the user covers (a municipality's, or one
 * kindergarten's), by number. Each page read is audited with the children it names.
 */
export async function listReferrals(ctx: Ctx, q: z.infer<typeof referralListQuery>) {
  const grants = authorize(ctx.actor!, ReferralActions['referral.read']);
  const r = await sql<ReferralRow>`
    ${referralSelect}
     WHERE ${inScope('r.organization_id', grants)}
       AND (${q.municipalityId ?? null}::uuid IS NULL OR a.municipality_id = ${q.municipalityId ?? null}::uuid)
       AND (${q.organizationId ?? null}::uuid IS NULL OR r.organization_id = ${q.organizationId ?? null}::uuid)
       AND (${q.runId ?? null}::uuid IS NULL OR r.run_id = ${q.runId ?? null}::uuid)
       AND (${q.status ?? null}::text IS NULL OR r.status = ${q.status ?? null})
       AND (${q.cursor ?? null}::text IS NULL OR r.number > ${q.cursor ?? null})
     ORDER BY r.number LIMIT ${q.limit + 1}`.execute(ctx.db);
  const rows = r.rows.slice(0, q.limit);
  const page = {
    items: rows.map(toReferral),
    nextCursor: r.rows.length > q.limit ? rows[rows.length - 1]!.number : null,
  };
  return auditedPage(ctx, page, {
    action: 'referral.list',
    objectType: 'referral',
    objectId: null,
    subjectIds: page.items.length > 0 ? page.items.map((i) => i.child.id) : null,
  });
}
