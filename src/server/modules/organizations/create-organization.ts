import type { CreateOrganizationInput } from '../../../common/schemas/organization.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { checkPlacement, mapUniqueViolation } from './organization-rules.ts';
import { organizationSnapshot } from './organization-view.ts';
import { OrganizationActions } from './organizations.policy.ts';
import { loadOrganizationInScope } from './organizations.queries.ts';

/** Registers a new organization (or branch) in a municipality within the actor's scope. */
export const createOrganization = (ctx: Ctx, input: CreateOrganizationInput) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, OrganizationActions['organization.create']);
    const grant = await checkPlacement(tx, grants, input);
    const row = await tx
      .insertInto('organizations')
      .values({
        kind: input.kind,
        full_name: input.fullName,
        short_name: input.shortName,
        legal_form: input.legalForm,
        inn: input.inn,
        kpp: input.kpp,
        ogrn: input.ogrn,
        territory_id: input.territoryId,
        parent_organization_id: input.parentOrganizationId ?? null,
        founder: JSON.stringify(input.founder ?? {}),
        legal_address: JSON.stringify(input.legalAddress ?? {}),
        actual_address: JSON.stringify(input.actualAddress ?? {}),
        head: JSON.stringify(input.head ?? {}),
        contacts: JSON.stringify(input.contacts ?? {}),
        licence: input.licence ? JSON.stringify(input.licence) : null,
        accreditation: input.accreditation ? JSON.stringify(input.accreditation) : null,
        capacity: input.capacity ?? null,
        created_by: ctx.actor!.userId,
        updated_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(mapUniqueViolation);
    const { view } = await loadOrganizationInScope(
      ctx,
      tx,
      row.id,
      OrganizationActions['organization.create'],
    );
    await recordWrite(
      tx,
      ctx,
      {
        type: 'organization',
        id: view.id,
        version: view.version,
        change: 'create',
        before: null,
        after: organizationSnapshot(view),
      },
      {
        action: 'organization.create',
        grant,
      },
    );
    return view;
  });
