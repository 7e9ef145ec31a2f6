import ExcelJS from 'exceljs';
import { COLUMN_KEYS, GIA_COLUMNS, type GiaColumn } from './gia-rows.ts';

type Reject = { row: number; reason: string; values: Record<GiaColumn, string> };

/**
 * The rows of an import that were not written, as a sheet the exam centre's clerk opens in Excel: the
 * row number in their file, the reason in Russian, then the row's values under the file's own column
 * titles, so the sheet can be corrected and uploaded again.
 */
export async function rejectsWorkbook(
  imp: { fileName: string | null; createdAt: string; totalRows: number },
  rejects: Reject[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Контингент';
  const ws = wb.addWorksheet('Не загружены', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`${imp.fileName ?? 'Файл'}: не загружено строк — ${rejects.length} из ${imp.totalRows}`]).font =
    { bold: true };
  ws.addRow(['Строка файла', 'Причина', ...COLUMN_KEYS.map((k) => GIA_COLUMNS[k].titles[0])]).font = {
    bold: true,
  };
  for (const r of rejects) {
    ws.addRow([r.row, r.reason, ...COLUMN_KEYS.map((k) => r.values[k] ?? '')]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 60 : i === 0 ? 10 : 16;
  });
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
