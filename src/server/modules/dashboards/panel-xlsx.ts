import ExcelJS from 'exceljs';
import type { DashboardTerritory } from './dashboard-territory.ts';

export type Cell = string | number | null;
export type SheetTable = { heading: string; columns: string[]; rows: Cell[][] };
export type PanelSheet = { title: string; tables: SheetTable[] };

const ru = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const HEAD = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEFEFEF' } };

/**
 * One panel as a spreadsheet: its title, the territory and the date on the first lines, then each of its
 * tables under a heading — the same figures as the screen's table view, numbers as numbers.
 */
export async function panelWorkbook(
  sheet: PanelSheet,
  t: { territory: Pick<DashboardTerritory, 'name'>; asOf: string },
) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'АИС «Контингент»';
  const ws = wb.addWorksheet('Показатели');
  ws.addRow([sheet.title]).font = { bold: true, size: 13 };
  ws.addRow([`Территория: ${t.territory.name}`]);
  ws.addRow([`На дату: ${ru(t.asOf)}`]);
  let width = 1;
  for (const table of sheet.tables) {
    ws.addRow([]);
    ws.addRow([table.heading]).font = { bold: true };
    const head = ws.addRow(table.columns);
    head.eachCell((c) => {
      c.font = { bold: true };
      c.fill = HEAD;
      c.border = BORDER;
      c.alignment = { wrapText: true, vertical: 'middle' };
    });
    for (const r of table.rows) ws.addRow(r).eachCell((c) => (c.border = BORDER));
    width = Math.max(width, table.columns.length);
  }
  ws.getColumn(1).width = 44;
  for (let k = 2; k <= width; k++) ws.getColumn(k).width = 16;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
