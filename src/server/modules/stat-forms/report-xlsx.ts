import ExcelJS from 'exceljs';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { buildReport, type StatFormReport } from './compute-report.ts';
import type { CellRef } from './control-ratios.ts';
import type { ScopeQuery } from './report-scope.ts';

const UNIT_OF_COUNT = {
  persons: 'человек',
  enrollments: 'зачисление',
  units: 'класс (группа)',
  days: 'день (человеко-день)',
} as const;

export const MANUAL_LEGEND =
  'Ячейки, выделенные желтым, заполняет организация (вводятся вручную); пустая — еще не заполнена, у территории — не рассчитывается';

const ru = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
const refText = (refs: CellRef[]) => refs.map((r) => `стр. ${r.row} гр. ${r.column}`).join(' + ');
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const FAILED = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF8D7DA' } };
const MANUAL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFF3CD' } };
const HEAD = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEFEFEF' } };

/**
 * The computed form laid out like the paper one: the heading (form, edition, approving order, who and
 * on which date), then each section as a table — the indicator and the row code on the left, the
 * column labels above the column codes (numbered like the form: 1 the indicator, 2 the row code), the
 * counts in the cells, the cells of a broken control ratio shaded, the cells the organization enters by
 * hand in their own colour (empty while not entered). The broken ratios themselves, and those an empty
 * manual cell leaves unchecked, are on the sheet «Контроль».
 */
export function reportWorkbook(report: Omit<StatFormReport, 'grant'>) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'АИС «Контингент»';
  const width = 2 + Math.max(1, ...report.sections.map((s) => s.columns.length));
  const ws = wb.addWorksheet('Форма', { pageSetup: { orientation: 'landscape', fitToPage: true } });
  const line = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    if (bold) row.font = { bold: true };
    return row;
  };
  line(report.form.title, true).height = 48;
  line(`Код формы: ${report.form.code}; редакция ${report.form.edition}`);
  line(`Утверждена: ${report.form.approvedBy.title}`).height = 30;
  line(`${report.scope.kind === 'organization' ? 'Организация' : 'Территория'}: ${report.scope.name}`);
  line(`Отчетная дата: ${ru(report.asOf)} (${report.form.referenceDate.label})`).height = 30;
  if (report.sections.some((s) => s.cells.some((c) => c.manual))) {
    const legend = line(MANUAL_LEGEND);
    legend.height = 30;
    legend.getCell(1).fill = MANUAL;
  }

  const failed = new Set(
    report.controlFailures.flatMap((f) =>
      [...f.left, ...f.right].map((r) => `${f.section}|${r.row}:${r.column}`),
    ),
  );
  for (const section of report.sections) {
    ws.addRow([]);
    line(`Раздел ${section.code}. ${section.title}`, true).height = 30;
    if (section.ageRule && section.ageDate)
      line(`Возраст: ${section.ageRule.label}, на ${ru(section.ageDate)}`);
    else if (section.ageRule) line(`Возраст: ${section.ageRule.label}`);
    line(`Единица счета: ${UNIT_OF_COUNT[section.count]}`);
    const labels = ws.addRow(['Наименование показателя', '№ строки', ...section.columns.map((c) => c.label)]);
    const codes = ws.addRow(['1', '2', ...section.columns.map((c) => c.code)]);
    for (const r of [labels, codes])
      r.eachCell((cell) => {
        cell.font = { bold: true };
        cell.fill = HEAD;
        cell.border = BORDER;
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      });
    labels.height = 45;
    const value = new Map(section.cells.map((c) => [`${c.row}:${c.column}`, c.value]));
    const manual = new Set(section.cells.filter((c) => c.manual).map((c) => `${c.row}:${c.column}`));
    for (const r of section.rows) {
      const row = ws.addRow([
        r.label,
        r.code,
        ...section.columns.map((c) => {
          const v = value.get(`${r.code}:${c.code}`);
          return v === undefined ? 0 : v;
        }),
      ]);
      row.eachCell((cell, k) => {
        cell.border = BORDER;
        if (k === 1) cell.alignment = { wrapText: true, vertical: 'top' };
        else cell.alignment = { horizontal: 'center', vertical: 'top' };
        const column = section.columns[k - 3];
        if (column && manual.has(`${r.code}:${column.code}`)) cell.fill = MANUAL;
        if (column && failed.has(`${section.code}|${r.code}:${column.code}`)) cell.fill = FAILED;
      });
    }
  }
  ws.getColumn(1).width = 48;
  ws.getColumn(2).width = 9;
  for (let k = 3; k <= width; k++) ws.getColumn(k).width = 12;

  const control = wb.addWorksheet('Контроль');
  control.addRow([
    `Контрольные соотношения: ${report.form.code}, ${ru(report.asOf)}, ${report.scope.name}`,
  ]).font = { bold: true };
  if (report.controlFailures.length === 0) control.addRow(['Нарушений контрольных соотношений нет']);
  else {
    control.addRow([
      'Раздел',
      'Контроль',
      'Содержание',
      'Левая часть',
      'Знак',
      'Правая часть',
      'Значение слева',
      'Значение справа',
    ]).font = { bold: true };
    for (const f of report.controlFailures)
      control.addRow([
        f.section,
        f.control,
        f.label,
        refText(f.left),
        f.op,
        refText(f.right),
        f.leftValue,
        f.rightValue,
      ]);
  }
  if (report.controlsNotChecked.length > 0) {
    control.addRow([]);
    control.addRow(['Не проверены: не заполнены ячейки, которые вводятся вручную']).font = { bold: true };
    control.addRow(['Раздел', 'Контроль', 'Содержание', 'Пустые ячейки']).font = { bold: true };
    for (const u of report.controlsNotChecked)
      control.addRow([u.section, u.control, u.label, refText(u.emptyCells)]);
  }
  control.columns.forEach((c, k) => {
    c.width = [9, 10, 48, 32, 6, 32, 14, 14][k] ?? 12;
  });
  control.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return wb;
}

/** The report as an XLSX file; an export is a read, audited as `statForm.exported`. */
export async function exportReport(
  ctx: Ctx,
  code: string,
  edition: string,
  q: ScopeQuery & { asOf?: string | undefined },
) {
  const { grant, ...report } = await buildReport(ctx, code, edition, q);
  const file = Buffer.from(await reportWorkbook(report).xlsx.writeBuffer());
  await auditNow(ctx, {
    action: 'statForm.exported',
    objectType: report.scope.kind,
    objectId: report.scope.id,
    grant,
    details: {
      form: report.form.code,
      edition: report.form.edition,
      asOf: report.asOf,
      format: 'xlsx',
      controlFailures: report.controlFailures.length,
    },
  });
  return { file, name: `${report.form.code}-${report.form.edition}-${report.asOf}.xlsx` };
}
