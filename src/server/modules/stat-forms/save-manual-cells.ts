import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, type FieldProblem, versionConflict } from '../../platform/errors.ts';
import { organizationForAction } from '../education/education-scope.ts';
import type { FormDefinition } from './definition.schema.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { isManualCell } from './manual-cells.ts';
import { lockManualEntry } from './manual-entries.ts';
import { presentManualEntry } from './read-manual-cells.ts';
import { assertRespondent } from './respondents.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';

export type ManualCellInput = { section: string; row: string; column: string; value: number | null };
export type SaveManualCellsInput = {
  organizationId: string;
  asOf?: string | undefined;
  version: number;
  cells: ManualCellInput[];
};

/** Each cell must be a manual cell of the edition, named once. */
function cellProblems(def: FormDefinition, cells: ManualCellInput[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    const path = `body.cells.${i}`;
    const key = `${c.section}|${c.row}|${c.column}`;
    if (seen.has(key))
      problems.push({ path, code: 'duplicate_cell', message: `Ячейка ${c.row}:${c.column} указана дважды` });
    seen.add(key);
    const section = def.sections.find((s) => s.code === c.section);
    if (!section) {
      problems.push({
        path: `${path}.section`,
        code: 'unknown_cell',
        message: `В форме нет раздела ${c.section}`,
      });
      return;
    }
    if (!section.rows.some((r) => r.code === c.row) || !section.columns.some((x) => x.code === c.column))
      problems.push({
        path,
        code: 'unknown_cell',
        message: `В разделе ${section.code} нет ячейки строка ${c.row}, графа ${c.column}`,
      });
    else if (!isManualCell(section, c.row, c.column))
      problems.push({
        path,
        code: 'computed_cell',
        message: `Ячейка строка ${c.row}, графа ${c.column} рассчитывается по реестру и не вводится вручную`,
      });
  });
  return problems;
}

/**
 * The organization's head enters the cells the registry cannot know, at the version they saw: a save
 * against a changed entry is refused (two clerks at once: one wins, the other reloads), and so is a save
 * to a signed form — its figures are the signed ones until the form is returned. A null value clears
 * a cell. Each cell keeps who entered its value and when.
 */
export async function saveManualCells(ctx: Ctx, code: string, edition: string, input: SaveManualCellsInput) {
  const action = A['statForm.sign'];
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, input.asOf, ctx.config.timeZone, 'body.asOf');
  const org = await organizationForAction(ctx, ctx.db, input.organizationId, action);
  assertRespondent(def, org);
  const problems = cellProblems(def, input.cells);
  if (problems.length > 0)
    throw new AppError(
      problems.some((p) => p.code === 'duplicate_cell') ? 'validation_failed' : 'business_rule',
      'Вручную вводятся только ячейки, отмеченные в форме как заполняемые организацией',
      problems,
    );
  const key = { form_code: def.code, edition: def.edition, as_of: asOf, organization_id: org.id };
  return withTransaction(ctx.db, async (tx) => {
    const before = await lockManualEntry(tx, {
      formCode: def.code,
      edition: def.edition,
      asOf,
      organizationId: org.id,
    });
    // Read after the entry's lock: a signature holds it while it copies the values, so a save waiting
    // for it sees the form signed rather than changing values the signature has already taken.
    const signed = await tx
      .selectFrom('stat_form_submissions')
      .select('status')
      .where('form_code', '=', def.code)
      .where('edition', '=', def.edition)
      .where('as_of', '=', asOf)
      .where('organization_id', '=', org.id)
      .where('status', '=', 'signed')
      .executeTakeFirst();
    if (signed)
      throw new AppError(
        'conflict',
        'Форма подписана: изменить ее можно, только если ее вернут на исправление',
        [{ path: 'body.organizationId', code: 'already_signed', message: 'Форма уже подписана' }],
      );
    if ((before?.version ?? 0) !== input.version) throw versionConflict(before?.version ?? 0);
    const entry = before
      ? await tx
          .updateTable('stat_form_manual_entries')
          .set({ version: before.version + 1, updated_by: ctx.actor!.userId, updated_at: sql`now()` })
          .where('id', '=', before.id)
          .returning(['id', 'version'])
          .executeTakeFirstOrThrow()
      : // A concurrent first save inserted it meanwhile: this one saw version 0, which is no longer current.
        await tx
          .insertInto('stat_form_manual_entries')
          .values({ ...key, updated_by: ctx.actor!.userId })
          .onConflict((oc) => oc.constraint('stat_form_manual_entries_uq').doNothing())
          .returning(['id', 'version'])
          .executeTakeFirst();
    if (!entry) throw versionConflict(1);
    const cleared = input.cells.filter((c) => c.value === null);
    const entered = input.cells.filter((c) => c.value !== null);
    for (const c of cleared)
      await tx
        .deleteFrom('stat_form_manual_cells')
        .where('entry_id', '=', entry.id)
        .where('section', '=', c.section)
        .where('row_code', '=', c.row)
        .where('column_code', '=', c.column)
        .execute();
    if (entered.length > 0)
      await tx
        .insertInto('stat_form_manual_cells')
        .values(
          entered.map((c) => ({
            entry_id: entry.id,
            section: c.section,
            row_code: c.row,
            column_code: c.column,
            value: c.value!,
            entered_by: ctx.actor!.userId,
          })),
        )
        // An unchanged value keeps who entered it and when.
        .onConflict((oc) =>
          oc
            .constraint('stat_form_manual_cells_pkey')
            .doUpdateSet({
              value: (eb) => eb.ref('excluded.value'),
              entered_by: (eb) => eb.ref('excluded.entered_by'),
              entered_at: sql`now()`,
            })
            .where('stat_form_manual_cells.value', '<>', (eb) => eb.ref('excluded.value')),
        )
        .execute();
    await auditInTx(tx, ctx, {
      action: 'statForm.manualCells.saved',
      objectType: 'organization',
      objectId: org.id,
      grant: org.grant,
      details: {
        form: def.code,
        edition: def.edition,
        asOf,
        version: entry.version,
        cells: input.cells.map((c) => `${c.section}/${c.row}:${c.column}`),
      },
    });
    return presentManualEntry(tx, def, asOf, org.id);
  });
}
