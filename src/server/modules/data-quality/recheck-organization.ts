import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { organizationForAction } from '../education/education-scope.ts';
import { regionToday } from '../education/region-today.ts';
import { applyCheck } from './apply-checks.ts';
import { CHECKS } from './checks.ts';
import { DataQualityActions as A } from './data-quality.policy.ts';

/**
 * After fixing, the organization's data is checked again at once: a fixed finding closes, a new problem
 * opens; its monthly score stays as the run computed it. One transaction per organization, taken with a
 * lock on the organization so two rechecks of it run one after the other.
 */
export const recheckOrganization = (ctx: Ctx, organizationId: string) =>
  withTransaction(ctx.db, async (tx) => {
    const action = A['dataQuality.recheck'];
    const org = await organizationForAction(ctx, tx, organizationId, action);
    await sql`SELECT 1 FROM organizations WHERE id = ${org.id}::uuid FOR UPDATE`.execute(tx);
    const scope = {
      today: regionToday(ctx.config.timeZone),
      organizations: (column: string) => sql<boolean>`${sql.ref(column)} = ${org.id}::uuid`,
    };
    let opened = 0;
    let closed = 0;
    for (const check of CHECKS) {
      const r = await applyCheck(tx, check, scope, null);
      opened += r.opened;
      closed += r.closed;
    }
    const open = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM data_quality_findings
       WHERE organization_id = ${org.id}::uuid AND closed_at IS NULL`.execute(tx);
    await auditInTx(tx, ctx, {
      action,
      objectType: 'organization',
      objectId: org.id,
      grant: org.grant,
      details: { opened, closed },
    });
    return { organizationId: org.id, opened, closed, open: open.rows[0]?.n ?? 0 };
  });
