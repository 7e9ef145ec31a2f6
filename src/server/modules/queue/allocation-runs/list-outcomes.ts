import { sql } from 'kysely';
import type { z } from 'zod';
import { PRIORITY_TITLES } from '../../../../common/queue-dictionary.ts';
import type { Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { invalidField } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { outcomeListQuery, outcomeSchema } from './allocation-runs.schemas.ts';
import { loadRun } from './load-run.ts';

type Rejected =
  | { kindergartenId: string; reason: 'no_group' }
  | { kindergartenId: string; reason: 'outranked'; priority: string; groupIds: string[] };

/**
 * The outcome of each application in a run, in arrival order, with the kindergartens ranked above it and
 * why each was not given. Applications appear by number only: the run screen needs no names.
 */
export const listOutcomes = (ctx: Ctx, id: string, q: z.infer<typeof outcomeListQuery>) =>
  withTransaction(ctx.db, async (tx) => {
    await loadRun(tx, ctx, id, AllocationActions['allocation.read']);
    if (q.cursor !== undefined && !/^\d{1,18}$/.test(q.cursor))
      throw invalidField('query.cursor', 'Некорректный курсор');
    const rows = await sql<{
      application_id: string;
      number: string;
      arrival_no: string;
      registered_at: Date;
      outcome: z.infer<typeof outcomeSchema>['outcome'];
      organization_id: string | null;
      organization_name: string | null;
      unit_name: string | null;
      rejected: Rejected[];
    }>`
      SELECT x.application_id, a.number, a.arrival_no::text, a.registered_at, x.outcome, x.organization_id,
             o.short_name AS organization_name, u.name AS unit_name, x.rejected
        FROM allocation_outcomes x
        JOIN preschool_applications a ON a.id = x.application_id
        LEFT JOIN organizations o ON o.id = x.organization_id
        LEFT JOIN units u ON u.id = x.unit_id
       WHERE x.run_id = ${id}
         AND (${q.outcome ?? null}::text IS NULL OR x.outcome = ${q.outcome ?? null})
         AND (${q.organizationId ?? null}::uuid IS NULL OR x.organization_id = ${q.organizationId ?? null}
              OR x.rejected @> ${JSON.stringify([{ kindergartenId: q.organizationId ?? '' }])}::jsonb)
         AND (${q.cursor ?? null}::bigint IS NULL OR a.arrival_no > ${q.cursor ?? null}::bigint)
       ORDER BY a.arrival_no LIMIT ${q.limit + 1}`.execute(tx);
    const page = rows.rows.slice(0, q.limit);
    const kgIds = [...new Set(page.flatMap((r) => r.rejected.map((x) => x.kindergartenId)))];
    const names = new Map(
      kgIds.length === 0
        ? []
        : (
            await tx
              .selectFrom('organizations')
              .select(['id', 'short_name'])
              .where('id', 'in', kgIds)
              .execute()
          ).map((o) => [o.id, o.short_name]),
    );
    return {
      items: page.map((r) => ({
        applicationId: r.application_id,
        number: r.number,
        registeredAt: r.registered_at.toISOString(),
        outcome: r.outcome,
        organizationId: r.organization_id,
        organizationName: r.organization_name,
        unitName: r.unit_name,
        rejected: r.rejected.map((x) => ({
          organizationId: x.kindergartenId,
          organizationName: names.get(x.kindergartenId) ?? '—',
          reason: x.reason,
          priority: x.reason === 'outranked' ? (PRIORITY_TITLES[x.priority] ?? x.priority) : null,
        })),
      })),
      nextCursor: rows.rows.length > q.limit ? page[page.length - 1]!.arrival_no : null,
    };
  });
