import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import type { FormDefinition } from './definition.schema.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { type ReportScope, resolveScope, type ScopeQuery } from './report-scope.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

/**
 * Who has signed a form for the reference date and who hasn't: every respondent organization in the
 * scope that was not liquidated by then, with its submission's state. Counts and names of organizations
 * only; audited as a report read.
 */
export async function submissionProgress(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const scope = await resolveScope(ctx, q, A['statForm.read']);
  const { items, summary } = await signOffStates(ctx, def, asOf, scope);
  await auditNow(ctx, {
    action: 'statForm.submissions.read',
    objectType: scope.kind,
    objectId: scope.id,
    grant: scope.grant,
    details: { form: def.code, edition: def.edition, asOf, organizations: items.length },
  });
  return {
    asOf,
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    summary,
    items,
  };
}

/**
 * Each respondent organization's submission state for the reference date, and their counts. Not audited:
 * the caller records the read it serves (the submissions screen, or a dashboard panel of counts).
 */
export async function signOffStates(ctx: Ctx, def: FormDefinition, asOf: string, scope: ReportScope) {
  const r = await sql<{
    organization_id: string;
    organization_name: string;
    kind: string;
    submission_id: string | null;
    status: 'signed' | 'returned' | null;
    signed_at: Date | null;
    signed_by: string | null;
    return_reason: string | null;
    version: number | null;
  }>`
    SELECT o.id AS organization_id, o.short_name AS organization_name, o.kind,
           s.id AS submission_id, s.status, s.signed_at, u.full_name AS signed_by, s.return_reason, s.version
      FROM organizations o
      LEFT JOIN stat_form_submissions s
        ON s.organization_id = o.id AND s.form_code = ${def.code} AND s.edition = ${def.edition}
       AND s.as_of = ${asOf}::date
      LEFT JOIN users u ON u.id = s.signed_by
     WHERE ${scope.organizations('o.id')}
       AND o.kind = ANY(${def.respondents}::text[])
       AND (o.liquidated_on IS NULL OR o.liquidated_on > ${asOf}::date)
     ORDER BY s.status NULLS FIRST, o.short_name, o.id`.execute(ctx.db);
  const items = r.rows.map((x) => ({
    organizationId: x.organization_id,
    organizationName: x.organization_name,
    kind: x.kind,
    status: x.status ?? ('missing' as const),
    submissionId: x.submission_id,
    signedAt: x.status === 'signed' ? (x.signed_at?.toISOString() ?? null) : null,
    signedBy: x.status === 'signed' ? x.signed_by : null,
    returnReason: x.return_reason,
    version: x.version,
  }));
  const count = (s: string) => items.filter((i) => i.status === s).length;
  return {
    items,
    summary: {
      expected: items.length,
      signed: count('signed'),
      returned: count('returned'),
      missing: count('missing'),
    },
  };
}
