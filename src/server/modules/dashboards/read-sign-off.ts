import type { Ctx } from '../../platform/context.ts';
import { formRegistry } from '../stat-forms/definitions.ts';
import { formEdition, referenceDate } from '../stat-forms/form-lookup.ts';
import { resolveScope } from '../stat-forms/report-scope.ts';
import { signOffStates } from '../stat-forms/submission-progress.ts';
import { dashboardTerritory, present } from './dashboard-territory.ts';
import { DashboardActions as A } from './dashboards.policy.ts';
import type { DashboardQuery, SignOffPanel } from './dashboards.schemas.ts';

/** The form's number as people say it («ОО-1»), from its title «Форма № ОО-1 «…»»; else its code. */
const formName = (title: string, code: string) => /№\s*([^\s«]+)/.exec(title)?.[1] ?? code;

/** The newest edition of each form of the register: the one organizations sign now. */
export function currentEditions() {
  const newest = new Map<string, { code: string; edition: string; name: string; title: string }>();
  for (const d of formRegistry().values()) {
    const seen = newest.get(d.code);
    if (!seen || d.edition.localeCompare(seen.edition) > 0)
      newest.set(d.code, {
        code: d.code,
        edition: d.edition,
        name: formName(d.title, d.code),
        title: d.title,
      });
  }
  return [...newest.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Sign-off of the statistical forms: for each form's current edition and its reference date last passed,
 * how many respondent organizations of the territory have signed, had theirs returned, or not signed yet —
 * the figures of the form's own submissions screen.
 */
export async function readSignOff(ctx: Ctx, q: DashboardQuery): Promise<SignOffPanel> {
  const t = await dashboardTerritory(ctx, q.territoryId);
  const scope = await resolveScope(ctx, { territoryId: t.id }, A['dashboard.read']);
  const forms = [];
  for (const f of currentEditions()) {
    const def = formEdition(f.code, f.edition);
    const asOf = referenceDate(def, undefined, ctx.config.timeZone);
    const { summary } = await signOffStates(ctx, def, asOf, scope);
    forms.push({ ...f, referenceDate: asOf, ...summary });
  }
  return { asOf: t.today, territory: present(t), forms };
}
