import { sql } from 'kysely';
import { OUTCOME_TITLES, PRIORITY_TITLES } from '../../../../common/queue-dictionary.ts';
import type { Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { RunView } from './allocation-runs.schemas.ts';
import { loadRun } from './load-run.ts';
import { readRunIn } from './read-run.ts';

export type ProtocolLine = {
  number: string;
  registeredAt: Date;
  outcome: string;
  kindergarten: string;
  group: string;
  reasons: string;
};
export type ProtocolData = { run: RunView; lines: ProtocolLine[] };

/**
 * What a run's protocol states: the run, each group's free places, admissions and cutoff, and every
 * application by number with its outcome and the reasons for each kindergarten ranked above it. Only a
 * computed run has a protocol.
 */
export const loadProtocol = (ctx: Ctx, id: string): Promise<ProtocolData> =>
  withTransaction(ctx.db, async (tx) => {
    const { run } = await loadRun(tx, ctx, id, AllocationActions['allocation.read']);
    if (!run.input_sha256)
      throw new AppError('business_rule', 'Протокол формируется после расчета комплектования');
    const rows = await sql<{
      number: string;
      registered_at: Date;
      outcome: string;
      kindergarten: string | null;
      unit: string | null;
      rejected: { kindergartenId: string; reason: string; priority?: string }[];
    }>`
      SELECT a.number, a.registered_at, x.outcome, o.short_name AS kindergarten, u.name AS unit, x.rejected
        FROM allocation_outcomes x
        JOIN preschool_applications a ON a.id = x.application_id
        LEFT JOIN organizations o ON o.id = x.organization_id
        LEFT JOIN units u ON u.id = x.unit_id
       WHERE x.run_id = ${id}
       ORDER BY a.arrival_no`.execute(tx);
    const names = new Map(
      (
        await sql<{ id: string; short_name: string }>`
          SELECT id, short_name FROM organizations
           WHERE id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${run.municipality_id})`.execute(
          tx,
        )
      ).rows.map((o) => [o.id, o.short_name]),
    );
    const reason = (r: { kindergartenId: string; reason: string; priority?: string }) =>
      `${names.get(r.kindergartenId) ?? r.kindergartenId}: ${
        r.reason === 'no_group'
          ? 'нет подходящей группы'
          : `места заняты детьми с более высоким приоритетом (у ребенка: ${PRIORITY_TITLES[r.priority ?? 'none']})`
      }`;
    return {
      run: await readRunIn(tx, id),
      lines: rows.rows.map((r) => ({
        number: r.number,
        registeredAt: r.registered_at,
        outcome: OUTCOME_TITLES[r.outcome] ?? r.outcome,
        kindergarten: r.kindergarten ?? '',
        group: r.unit ?? '',
        reasons: r.rejected.map(reason).join('; '),
      })),
    };
  });
