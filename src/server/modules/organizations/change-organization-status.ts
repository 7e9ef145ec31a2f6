import type { ChangeStatusInput } from '../../../common/schemas/organization.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import { OrganizationActions } from './organizations.policy.ts';
import { loadOrganizationInScope } from './organizations.queries.ts';
import { writeOrganizationVersion } from './write-organization-version.ts';

const ALLOWED: Record<string, string[]> = {
  active: ['reorganizing', 'liquidated'],
  reorganizing: ['active', 'liquidated'],
  liquidated: [],
};

const field = (path: string, message: string) =>
  new AppError('business_rule', message, [{ path: `body.${path}`, code: 'invalid', message }]);

/** Lifecycle active → reorganizing → liquidated; liquidation names the successor and its date. */
export const changeOrganizationStatus = (ctx: Ctx, id: string, input: ChangeStatusInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = OrganizationActions['organization.changeStatus'];
    const { view: before, grant } = await loadOrganizationInScope(ctx, tx, id, action, { forUpdate: true });
    if (before.version !== input.version) throw versionConflict(before.version);
    if (!ALLOWED[before.status]!.includes(input.status)) {
      throw field('status', `Переход из статуса «${before.status}» в «${input.status}» невозможен`);
    }
    if (before.statusChangedOn && input.date < before.statusChangedOn) {
      throw field('date', 'Дата не может быть раньше даты предыдущего изменения статуса');
    }
    let successor: string | null = null;
    if (input.status === 'liquidated') {
      successor = input.successorOrganizationId ?? null;
      const s = successor
        ? await tx
            .selectFrom('organizations')
            .select(['id', 'status'])
            .where('id', '=', successor)
            .executeTakeFirst()
        : undefined;
      if (!s || s.id === id) throw field('successorOrganizationId', 'Организация-правопреемник не найдена');
      if (s.status === 'liquidated') {
        throw field('successorOrganizationId', 'Правопреемник не может быть ликвидированной организацией');
      }
    }
    return writeOrganizationVersion(ctx, tx, before, {
      action,
      set: {
        status: input.status,
        status_changed_on: input.date,
        liquidated_on: input.status === 'liquidated' ? input.date : null,
        successor_organization_id: successor,
      },
      change: `status:${input.status}`,
      fact: { action: 'organization.status', grant, details: { from: before.status, to: input.status } },
    });
  });
