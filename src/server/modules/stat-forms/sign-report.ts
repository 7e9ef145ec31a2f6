import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import { organizationForAction } from '../education/education-scope.ts';
import { buildReport } from './compute-report.ts';
import { formEdition, referenceDate } from './form-lookup.ts';
import { lockManualEntry } from './manual-entries.ts';
import { assertRespondent } from './respondents.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';
import { cellsOf, presentSubmission, type SubmissionRow } from './submission-cells.ts';

export type SignInput = { organizationId: string; asOf?: string | undefined; version?: number | undefined };

/**
 * The organization signs its form for the reference date: the figures computed now, with the cells it
 * entered by hand, are kept as signed. A form with an empty manual cell or a broken control ratio is not
 * signed (each cell or ratio named); a signed one is signed again only after it was returned, at the
 * version the signer saw.
 */
export async function signReport(ctx: Ctx, code: string, edition: string, input: SignInput) {
  const action = A['statForm.sign'];
  const def = formEdition(code, edition);
  const asOf = referenceDate(def, input.asOf, ctx.config.timeZone, 'body.asOf');
  const org = await organizationForAction(ctx, ctx.db, input.organizationId, action);
  assertRespondent(def, org);
  const report = await buildReport(ctx, code, edition, { organizationId: org.id, asOf });
  const empty = report.sections.flatMap((s) =>
    s.cells.filter((c) => c.value === null).map((c) => ({ section: s.code, ...c })),
  );
  if (empty.length > 0)
    throw new AppError(
      'business_rule',
      'Форму нельзя подписать: не заполнены ячейки, которые вводятся вручную.',
      empty.map((c) => ({
        path: `sections.${c.section}.rows.${c.row}.columns.${c.column}`,
        code: 'manual_cell_empty',
        message: `Раздел ${c.section}, строка ${c.row}, графа ${c.column}: заполните значение`,
      })),
    );
  if (report.controlFailures.length > 0)
    throw new AppError(
      'business_rule',
      'Форму нельзя подписать: нарушены контрольные соотношения. Исправьте данные и рассчитайте форму снова.',
      report.controlFailures.map((f) => ({
        path: `sections.${f.section}.controls.${f.control}`,
        code: 'control_failed',
        message: `${f.label}: ${f.leftValue} ${f.op} ${f.rightValue} не выполняется`,
      })),
    );
  const cells = JSON.stringify(cellsOf(report));
  return withTransaction(ctx.db, async (tx) => {
    const key = { form_code: def.code, edition: def.edition, as_of: asOf, organization_id: org.id };
    const before = await tx
      .selectFrom('stat_form_submissions')
      .selectAll()
      .where('form_code', '=', key.form_code)
      .where('edition', '=', key.edition)
      .where('as_of', '=', asOf)
      .where('organization_id', '=', org.id)
      .forUpdate()
      .executeTakeFirst();
    // The cells entered by hand must be those the figures were computed with: a save that slipped in
    // since is not signed unseen.
    const entry = await lockManualEntry(tx, {
      formCode: def.code,
      edition: def.edition,
      asOf,
      organizationId: org.id,
    });
    if ((entry?.version ?? 0) !== (report.manualEntry?.version ?? 0))
      throw new AppError(
        'conflict',
        'Ячейки, вводимые вручную, только что изменены. Проверьте форму и подпишите снова.',
        [
          {
            path: 'body.organizationId',
            code: 'manual_cells_changed',
            message: 'Ячейки изменены во время подписания',
          },
        ],
      );
    let row: SubmissionRow | undefined;
    if (!before) {
      row = await tx
        .insertInto('stat_form_submissions')
        .values({
          ...key,
          status: 'signed',
          cells: sql`${cells}::jsonb`,
          signed_by: ctx.actor!.userId,
          signed_at: sql`now()`,
        })
        .onConflict((oc) => oc.constraint('stat_form_submissions_uq').doNothing())
        .returningAll()
        .executeTakeFirst();
    } else if (before.status === 'returned') {
      if (input.version !== before.version) throw versionConflict(before.version);
      row = await tx
        .updateTable('stat_form_submissions')
        .set({
          status: 'signed',
          cells: sql`${cells}::jsonb`,
          signed_by: ctx.actor!.userId,
          signed_at: sql`now()`,
          returned_by: null,
          returned_at: null,
          return_reason: null,
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirst();
    }
    // Signed already, or by a concurrent request between the read and the insert.
    if (!row)
      throw new AppError('conflict', 'Форма за эту отчетную дату уже подписана', [
        { path: 'body.organizationId', code: 'already_signed', message: 'Форма уже подписана' },
      ]);
    await auditInTx(tx, ctx, {
      action,
      objectType: 'organization',
      objectId: org.id,
      grant: org.grant,
      details: { form: def.code, edition: def.edition, asOf, version: row.version },
    });
    return presentSubmission(row, ctx.actor!.fullName);
  });
}
