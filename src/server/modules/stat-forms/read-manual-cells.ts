import type { Kysely } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { organizationForAction } from '../education/education-scope.ts';
import type { FormDefinition } from './definition.schema.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { readManualEntry } from './manual-entries.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

export async function presentManualEntry(
  db: Kysely<DB>,
  def: FormDefinition,
  asOf: string,
  organizationId: string,
) {
  const entry = await readManualEntry(db, { formCode: def.code, edition: def.edition, asOf, organizationId });
  return {
    form: def.code,
    edition: def.edition,
    organizationId,
    asOf,
    version: entry?.version ?? 0,
    updatedAt: entry?.updatedAt ?? null,
    updatedBy: entry?.updatedBy ?? null,
    cells: entry?.cells ?? [],
  };
}

/** The cells an organization entered by hand for its form on a date (counts, read like the form). */
export async function readManualCells(
  ctx: Ctx,
  code: string,
  edition: string,
  q: { organizationId: string; asOf?: string | undefined },
) {
  const action = A['statForm.read'];
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const org = await organizationForAction(ctx, ctx.db, q.organizationId, action);
  const body = await presentManualEntry(ctx.db, def, asOf, org.id);
  await auditNow(ctx, {
    action: 'statForm.manualCells.read',
    objectType: 'organization',
    objectId: org.id,
    grant: org.grant,
    details: { form: def.code, edition: def.edition, asOf, version: body.version },
  });
  return body;
}
