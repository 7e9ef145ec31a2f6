import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { RunView } from './allocation-runs.schemas.ts';
import { loadRun } from './load-run.ts';

type SummaryRow = {
  id: string;
  municipality_id: string;
  municipality_name: string;
  kind: RunView['kind'];
  reference_date: string;
  status: RunView['status'];
  job_id: string | null;
  input_sha256: string | null;
  stats: RunView['stats'];
  failure: string | null;
  created_at: Date;
  computed_at: Date | null;
  decided_at: Date | null;
  referral_days: number | null;
  version: number;
};

export const summarySql = sql`
  SELECT r.id, r.municipality_id, t.name AS municipality_name, r.kind, to_char(r.reference_date, 'YYYY-MM-DD') AS reference_date,
         r.status, r.job_id, r.input_sha256, r.stats, r.failure, r.created_at, r.computed_at, r.decided_at,
         r.referral_days, r.version
    FROM allocation_runs r JOIN territories t ON t.id = r.municipality_id`;

export const toSummary = (r: SummaryRow): Omit<RunView, 'groups'> => ({
  id: r.id,
  municipalityId: r.municipality_id,
  municipalityName: r.municipality_name,
  kind: r.kind,
  referenceDate: r.reference_date,
  status: r.status,
  jobId: r.job_id,
  inputSha256: r.input_sha256,
  stats: r.stats,
  failure: r.failure,
  createdAt: r.created_at.toISOString(),
  computedAt: r.computed_at?.toISOString() ?? null,
  decidedAt: r.decided_at?.toISOString() ?? null,
  referralDays: r.referral_days,
  version: r.version,
});

/** A run with its groups: the free places it started from and, once computed, what each group admitted. */
export async function readRunIn(tx: Tx, id: string): Promise<RunView> {
  const run = (await sql<SummaryRow>`${summarySql} WHERE r.id = ${id}`.execute(tx)).rows[0];
  if (!run) throw notFound('Комплектование');
  const groups = await sql<{
    unit_id: string;
    unit_name: string;
    organization_id: string;
    organization_name: string;
    age_from: number;
    age_to: number;
    group_focus: string | null;
    capacity: number;
    enrolled: number;
    held: number;
    computed_free: number;
    free: number;
    placed: number;
    offered: number;
    cutoff_number: string | null;
    cutoff_priority: string | null;
    cutoff_at: string | null;
  }>`
    -- The run's outcomes counted once per group (materialized: a plan from the statistics of an empty
    -- table re-counted them for every group, minutes at 100,000 applications).
    WITH c AS MATERIALIZED (
      SELECT unit_id, count(*) FILTER (WHERE outcome = 'placed') AS placed,
             count(*) FILTER (WHERE outcome = 'offered') AS offered
        FROM allocation_outcomes WHERE run_id = ${id} AND unit_id IS NOT NULL GROUP BY 1)
    SELECT g.unit_id, u.name AS unit_name, g.organization_id, o.short_name AS organization_name,
           u.age_from, u.age_to, u.group_focus, g.capacity, g.enrolled, g.held, g.computed_free, g.free,
           coalesce(c.placed, 0)::int AS placed, coalesce(c.offered, 0)::int AS offered,
           (SELECT a.number FROM preschool_applications a
             WHERE a.arrival_no = (g.cutoff->>'applicationId')::bigint) AS cutoff_number,
           g.cutoff->>'priority' AS cutoff_priority, g.cutoff->>'registeredAt' AS cutoff_at
      FROM allocation_run_groups g
      LEFT JOIN c ON c.unit_id = g.unit_id
      JOIN units u ON u.id = g.unit_id
      JOIN organizations o ON o.id = g.organization_id
     WHERE g.run_id = ${id}
     ORDER BY o.short_name, u.age_from, u.name`.execute(tx);
  return {
    ...toSummary(run),
    groups: groups.rows.map((g) => ({
      unitId: g.unit_id,
      unitName: g.unit_name,
      organizationId: g.organization_id,
      organizationName: g.organization_name,
      ageFrom: g.age_from,
      ageTo: g.age_to,
      groupFocus: g.group_focus,
      capacity: g.capacity,
      enrolled: g.enrolled,
      held: g.held,
      computedFree: g.computed_free,
      free: g.free,
      placed: g.placed,
      offered: g.offered,
      cutoff: g.cutoff_priority
        ? { number: g.cutoff_number, priority: g.cutoff_priority, registeredAt: g.cutoff_at! }
        : null,
    })),
  };
}

export const readRun = (ctx: Ctx, id: string) =>
  withTransaction(ctx.db, async (tx) => {
    await loadRun(tx, ctx, id, AllocationActions['allocation.read']);
    return readRunIn(tx, id);
  });
