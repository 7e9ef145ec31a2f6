import { auditNow, type Ctx } from '../../platform/context.ts';
import { type PdfContent, type PdfDocument, renderPdf, ruDate } from '../../platform/pdf/render-pdf.ts';
import { buildReport, type StatFormReport } from './compute-report.ts';
import { cellKey } from './control-ratios.ts';
import type { ScopeQuery } from './report-scope.ts';
import { MANUAL_LEGEND } from './report-xlsx.ts';
import type { SubmissionCells } from './submission-cells.ts';

const MANUAL = '#fff3cd';

type Signed = { signedAt: Date; signedBy: string | null; cells: SubmissionCells };

/**
 * The form for signing on paper: the heading, each section as a table of row × column codes (the
 * figures as signed in the registry when the organization has signed, else as computed now and marked
 * as a draft), the broken control ratios, and the lines for the head's signature.
 */
export function reportPdfDocument(report: Omit<StatFormReport, 'grant'>, signed: Signed | null): PdfDocument {
  const content: PdfContent[] = [
    { text: report.form.title, style: 'title' },
    {
      text: `Код формы ${report.form.code}, редакция ${report.form.edition}. Утверждена: ${report.form.approvedBy.title}`,
      style: 'muted',
    },
    {
      text: `${report.scope.kind === 'organization' ? 'Организация' : 'Территория'}: ${report.scope.name}. Отчетная дата: ${ruDate(report.asOf)} (${report.form.referenceDate.label})`,
      margin: [0, 6, 0, 0],
    },
    signed
      ? {
          text: `Подписана в реестре ${ruDate(signed.signedAt)}${signed.signedBy ? `, ${signed.signedBy}` : ''}: цифры — как подписаны.`,
          bold: true,
          margin: [0, 4, 0, 0],
        }
      : {
          text: `Черновик: рассчитана по данным реестра ${ruDate(new Date())}, не подписана.`,
          color: '#a00000',
          margin: [0, 4, 0, 0],
        },
  ];
  if (report.sections.some((s) => s.cells.some((c) => c.manual)))
    content.push({ text: MANUAL_LEGEND, fontSize: 7.5, margin: [0, 4, 0, 0], background: MANUAL });
  for (const s of report.sections) {
    const cellOf = (row: string, column: string) =>
      s.cells.find((c) => cellKey(c.row, c.column) === cellKey(row, column));
    const value = (row: string, column: string) => {
      const own = signed?.cells[s.code]?.[`${row}|${column}`];
      if (signed) return String(own ?? 0);
      const v = cellOf(row, column)?.value;
      return v === null ? '' : String(v ?? 0);
    };
    content.push({ text: `Раздел ${s.code}. ${s.title}`, style: 'h2' });
    const head = [
      { text: 'Наименование показателя', bold: true },
      { text: '№ строки', bold: true },
      ...s.columns.map((c) => ({ text: c.label, bold: true, fontSize: 6.5 })),
    ];
    const codes = ['1', '2', ...s.columns.map((c) => c.code)].map((t) => ({
      text: t,
      alignment: 'center',
      bold: true,
    }));
    const body = s.rows.map((r) => [
      r.label,
      { text: r.code, alignment: 'center' },
      ...s.columns.map((c) => ({
        text: value(r.code, c.code),
        alignment: 'center',
        ...(cellOf(r.code, c.code)?.manual ? { fillColor: MANUAL } : {}),
      })),
    ]);
    content.push({
      table: { headerRows: 2, widths: [150, 34, ...s.columns.map(() => '*')], body: [head, codes, ...body] },
      style: 'table',
      fontSize: 7.5,
    });
  }
  if (!signed && report.controlFailures.length > 0) {
    content.push({ text: 'Нарушенные контрольные соотношения', style: 'h2' });
    content.push({
      ul: report.controlFailures.map(
        (f) =>
          `Раздел ${f.section}, контроль ${f.control}: ${f.label} (${f.leftValue} ${f.op} ${f.rightValue})`,
      ),
      fontSize: 8,
    });
  }
  if (!signed && report.controlsNotChecked.length > 0) {
    content.push({ text: 'Не проверены: не заполнены ячейки, которые вводятся вручную', style: 'h2' });
    content.push({
      ul: report.controlsNotChecked.map(
        (u) =>
          `Раздел ${u.section}, контроль ${u.control}: ${u.label} (${u.emptyCells.map((c) => `стр. ${c.row} гр. ${c.column}`).join(', ')})`,
      ),
      fontSize: 8,
    });
  }
  content.push({
    margin: [0, 24, 0, 0],
    columns: [
      { text: 'Руководитель ____________________ / ____________________ /', width: '*' },
      { text: 'Дата «___» ____________ 20___ г.', width: 'auto' },
    ],
  });
  return {
    info: { title: `${report.form.code} ${report.form.edition} ${report.asOf}` },
    pageOrientation: 'landscape',
    content,
  };
}

export async function exportReportPdf(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const { grant, ...report } = await buildReport(ctx, code, edition, q);
  const row =
    report.scope.kind === 'organization'
      ? await ctx.db
          .selectFrom('stat_form_submissions as s')
          .leftJoin('users as u', 'u.id', 's.signed_by')
          .select(['s.signed_at', 's.cells', 'u.full_name'])
          .where('s.form_code', '=', report.form.code)
          .where('s.edition', '=', report.form.edition)
          .where('s.as_of', '=', report.asOf)
          .where('s.organization_id', '=', report.scope.id)
          .where('s.status', '=', 'signed')
          .executeTakeFirst()
      : undefined;
  const signed = row
    ? { signedAt: row.signed_at, signedBy: row.full_name, cells: row.cells as SubmissionCells }
    : null;
  const file = await renderPdf(reportPdfDocument(report, signed));
  await auditNow(ctx, {
    action: 'statForm.exported',
    objectType: report.scope.kind,
    objectId: report.scope.id,
    grant,
    details: {
      form: report.form.code,
      edition: report.form.edition,
      asOf: report.asOf,
      format: 'pdf',
      signed: !!signed,
    },
  });
  return { file, name: `${report.form.code}-${report.form.edition}-${report.asOf}.pdf` };
}
