import type { UpdateOrganizationInput } from '../../../common/schemas/organization.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import { diff } from '../../platform/history.ts';
import { checkPlacement } from './organization-rules.ts';
import { ORGANIZATION_COLUMNS, organizationSnapshot } from './organization-view.ts';
import { ORG_ADMIN_EDITABLE, OrganizationActions } from './organizations.policy.ts';
import { loadOrganizationInScope } from './organizations.queries.ts';
import { writeOrganizationVersion } from './write-organization-version.ts';

const JSON_FIELDS = new Set([
  'founder',
  'legalAddress',
  'actualAddress',
  'head',
  'contacts',
  'licence',
  'accreditation',
]);

/** Edits an organization under optimistic locking: a stale version gets 409 and changes nothing. */
export const updateOrganization = (ctx: Ctx, id: string, input: UpdateOrganizationInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = OrganizationActions['organization.update'];
    const { view: before, grant } = await loadOrganizationInScope(ctx, tx, id, action, { forUpdate: true });
    if (before.version !== input.version) throw versionConflict(before.version);
    if (before.status === 'liquidated') {
      throw new AppError('business_rule', 'Ликвидированная организация не редактируется');
    }
    const { version, ...fields } = input;
    const authorityGrants = authorize(ctx.actor!, action).filter((g) => g.role !== 'org_admin');
    if (grant.role === 'org_admin' && authorityGrants.length === 0) {
      const denied = Object.keys(fields).filter((f) => !ORG_ADMIN_EDITABLE.has(f));
      if (denied.length > 0) {
        throw new AppError(
          'forbidden',
          'Эти сведения изменяет орган управления образованием',
          denied.map((f) => ({
            path: `body.${f}`,
            code: 'not_editable',
            message: 'Поле недоступно для изменения',
          })),
        ).audited(action, 'organization', id);
      }
    }
    const next = { ...before, ...fields };
    if (
      fields.territoryId !== undefined ||
      fields.parentOrganizationId !== undefined ||
      fields.inn ||
      fields.ogrn
    ) {
      await checkPlacement(tx, authority(authorityGrants, grant), next, id);
    }
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const column = ORGANIZATION_COLUMNS[field as keyof typeof ORGANIZATION_COLUMNS];
      if (!column || value === undefined) continue;
      set[column] = JSON_FIELDS.has(field) && value !== null ? JSON.stringify(value) : value;
    }
    if (diff(organizationSnapshot(before), organizationSnapshot(next)).length === 0) return before;
    return writeOrganizationVersion(ctx, tx, before, {
      action,
      set,
      change: 'update',
      fact: { action: 'organization.update', grant, details: { fields: Object.keys(set) } },
    });
  });

const authority = <G>(authorityGrants: G[], grant: G) =>
  authorityGrants.length > 0 ? authorityGrants : [grant];
