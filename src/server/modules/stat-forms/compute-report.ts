import { auditNow, type Ctx } from '../../platform/context.ts';
import { computeSections } from './compute-section.ts';
import { cellKey, evaluateControls, type ReportValues, uncheckedControls } from './control-ratios.ts';
import { AGE_RULES, type FormDefinition, type Section } from './definition.schema.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { isManualCell } from './manual-cells.ts';
import { readManualEntry, withManualValues } from './manual-entries.ts';
import { resolveScope, type ScopeQuery } from './report-scope.ts';
import { ageDateOf, baseKey } from './section-base.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

export const presentForm = (def: FormDefinition) => ({
  code: def.code,
  edition: def.edition,
  title: def.title,
  approvedBy: {
    authority: def.approvedBy.authority,
    date: def.approvedBy.date ?? null,
    number: def.approvedBy.number ?? null,
    title: def.approvedBy.title,
    source: def.approvedBy.source ?? null,
  },
  referenceDate: def.referenceDate,
});

/**
 * A form edition computed for an organization or a territory on a reference date: every section's
 * cells and the control ratios they break. Counts only; audited as a report read.
 */
export async function computeReport(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const report = await buildReport(ctx, code, edition, q);
  await auditNow(ctx, {
    action: 'statForm.read',
    objectType: report.scope.kind,
    objectId: report.scope.id,
    grant: report.grant,
    details: {
      form: report.form.code,
      edition: report.form.edition,
      asOf: report.asOf,
      controlFailures: report.controlFailures.length,
    },
  });
  const { grant: _, ...body } = report;
  return body;
}

/**
 * A section as a report shows it: its rows, columns and every cell's value; a manual cell says so, and
 * its value is null while no one has entered it.
 */
export const presentSection = (section: Section, asOf: string, values: ReportValues) => ({
  code: section.code,
  title: section.title,
  ageRule: section.ageRule ? { code: section.ageRule, label: AGE_RULES[section.ageRule].label } : null,
  ageDate: ageDateOf(section, asOf),
  count: section.count,
  rows: section.rows.map((r) => ({
    code: r.code,
    label: r.label,
    count: r.count ?? null,
    manual: r.manual ?? false,
  })),
  columns: section.columns.map((c) => ({
    code: c.code,
    label: c.label,
    count: c.count ?? null,
    manual: c.manual ?? false,
  })),
  cells: section.rows.flatMap((r) =>
    section.columns.map((c) => {
      const value = values.get(cellKey(r.code, c.code));
      return {
        row: r.code,
        column: c.code,
        value: value === undefined ? 0 : value,
        manual: isManualCell(section, r.code, c.code),
      };
    }),
  ),
});

/**
 * A form's sections grouped by the `b` they can share (the date their ages are taken on). A section
 * that looks at no age joins the group that counts most of the same measures, so its enrollments are
 * read once.
 */
export function baseGroups(sections: Section[], asOf: string): Section[][] {
  const groups = new Map<string, Section[]>();
  const ageless: Section[] = [];
  for (const s of sections) {
    const key = baseKey(s, asOf);
    if (key === null) ageless.push(s);
    else groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const keyed = [...groups.values()];
  const measures = (g: Section[]) => new Set(g.flatMap((s) => s.columns.map((c) => c.measure ?? 'stock')));
  for (const s of ageless) {
    const own = measures([s]);
    const shared = (g: Section[]) => [...measures(g)].filter((m) => own.has(m)).length;
    const best = keyed.reduce<Section[] | undefined>(
      (a, g) => (!a || shared(g) > shared(a) ? g : a),
      undefined,
    );
    if (best && shared(best) > 0) best.push(s);
    else keyed.push([s]);
  }
  return keyed;
}

export type StatFormReport = Awaited<ReturnType<typeof buildReport>>;

/** The computation behind a report and its XLSX export, not audited: each caller audits its read. */
export async function buildReport(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, q.asOf, ctx.config.timeZone);
  const scope = await resolveScope(ctx, q, A['statForm.read']);
  const computed = new Map<Section, Awaited<ReturnType<typeof computeSections>>[number]>();
  for (const group of baseGroups(def.sections, asOf)) {
    const results = await computeSections(ctx, group, scope, asOf);
    for (const [i, s] of group.entries()) computed.set(s, results[i]!);
  }
  // An organization's form carries the cells it entered by hand; a territory's computed form has none.
  const entry =
    scope.kind === 'organization'
      ? await readManualEntry(ctx.db, {
          formCode: def.code,
          edition: def.edition,
          asOf,
          organizationId: scope.id,
        })
      : undefined;
  const sections = [];
  const controlFailures = [];
  const controlsNotChecked = [];
  for (const defined of def.sections) {
    const { section, values: counted } = computed.get(defined)!;
    const values = withManualValues(section, counted, entry);
    controlFailures.push(...evaluateControls(section, values));
    controlsNotChecked.push(...uncheckedControls(section, values));
    sections.push(presentSection(section, asOf, values));
  }
  return {
    form: presentForm(def),
    asOf,
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    grant: scope.grant,
    sections,
    controlFailures,
    controlsNotChecked,
    manualEntry: entry
      ? { version: entry.version, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy }
      : null,
  };
}
