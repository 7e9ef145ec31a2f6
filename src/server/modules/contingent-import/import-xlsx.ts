import ExcelJS from 'exceljs';
import { IMPORT_COLUMN_KEYS, IMPORT_COLUMNS, type RowValues } from './import-columns.ts';
import type { CellError } from './parse-row.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const BAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

function header(ws: ExcelJS.Worksheet, extra: string[] = []) {
  const row = ws.addRow([...IMPORT_COLUMN_KEYS.map((k) => IMPORT_COLUMNS[k].title), ...extra]);
  row.font = { bold: true };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
  });
  ws.columns.forEach((c) => {
    c.width = 22;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The empty template: the columns of the data sheet, and «Справка» explaining each of them. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Контингент');
  header(ws);
  // Dates and codes stay text: Excel would turn 03 into 3 and a date into a number.
  ws.columns.forEach((c) => {
    c.numFmt = '@';
  });
  const help = wb.addWorksheet('Справка');
  help.addRow(['Столбец', 'Обязательный столбец', 'Что указать']).font = { bold: true };
  for (const k of IMPORT_COLUMN_KEYS) {
    const c = IMPORT_COLUMNS[k];
    help.addRow([c.title, c.required ? 'да' : 'нет', c.help]);
  }
  help.addRow([]);
  help.addRow([
    'Общие правила',
    '',
    'Одна строка — один обучающийся. Первая строка листа «Контингент» — заголовки столбцов (порядок любой). ' +
      'Формулы не допускаются: сохраните значения. Не более 100 000 строк в файле. ' +
      'Строки с ошибками не загружаются и возвращаются файлом с причиной в каждой ячейке; остальные загружаются. ' +
      'Если человек уже есть в регионе (тот же СНИЛС или документ), строка связывается с ним; при неточном совпадении ' +
      'строка ожидает решения оператора. Повторная загрузка того же файла ничего не создает.',
  ]);
  help.getColumn(1).width = 36;
  help.getColumn(2).width = 22;
  help.getColumn(3).width = 120;
  help.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rejected rows with the values as read: each faulty cell filled red with the reason as a comment, and all reasons in the last column. */
export async function rejectsWorkbook(rows: { row_number: number; cells: RowValues; errors: CellError[] }[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Не загружены');
  header(ws, ['Строка файла', 'Причина']);
  for (const r of rows) {
    const errors = r.errors ?? [];
    const line = ws.addRow([
      ...IMPORT_COLUMN_KEYS.map((k) => r.cells[k] ?? ''),
      r.row_number,
      errors.map((e) => `${IMPORT_COLUMNS[e.column]?.title ?? e.column}: ${e.message}`).join('; '),
    ]);
    for (const e of errors) {
      const at = IMPORT_COLUMN_KEYS.indexOf(e.column);
      if (at < 0) continue;
      const cell = line.getCell(at + 1);
      cell.fill = BAD_FILL;
      const before = typeof cell.note === 'string' ? `${cell.note}\n` : '';
      cell.note = `${before}${e.message}`;
    }
  }
  ws.getColumn(IMPORT_COLUMN_KEYS.length + 2).width = 80;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
