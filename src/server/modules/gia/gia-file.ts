import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.ts';

/** One line of the sheet as read: its number in the file (the header is row 1) and its cells as text. */
export type SheetRow = {
  row: number;
  cells: string[];
  /** Indexes of cells that hold a formula rather than a value. */
  formulas: number[];
};

export type SheetFile = { format: 'xlsx' | 'csv'; header: string[]; rows: SheetRow[] };

/** More rows than any region's subject file has; a larger file is refused whole. */
export const MAX_ROWS = 100_000;

const fileProblem = (detail: string, code = 'bad_file') =>
  new AppError('validation_failed', detail, [{ path: 'body', code, message: detail }]);

const isZip = (b: Buffer) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer) =>
  b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * Reads an uploaded file as a table. The format is decided by the content, not the name: a ZIP
 * container is XLSX, anything else must be text (UTF-8, or Windows-1251 as older exports are) in CSV
 * with «;», «,» or a tab between values. Whole-file faults answer a problem; cell faults are the rows'.
 */
export async function readSheetFile(body: Buffer): Promise<SheetFile> {
  if (body.length === 0) throw fileProblem('Файл пуст', 'empty_file');
  if (isZip(body)) return readXlsx(body);
  if (isOle(body)) {
    throw fileProblem('Файлы XLS (Excel 97–2003) не поддерживаются: сохраните файл в формате XLSX или CSV');
  }
  return readCsv(body);
}

function cellText(value: ExcelJS.CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (value instanceof Date) {
    // exceljs reads dates as UTC midnight of the day shown in Excel.
    return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10), formula: false };
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), formula: false };
    if ('text' in value) return { text: String(value.text ?? ''), formula: false };
    if ('error' in value) return { text: String(value.error), formula: false };
    return { text: '', formula: false };
  }
  return { text: String(value), formula: false };
}

async function readXlsx(body: Buffer): Promise<SheetFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw fileProblem('Файл не читается как XLSX: он поврежден или это другой формат', 'not_xlsx');
  }
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0);
  if (!ws) throw fileProblem('В файле нет строк', 'no_rows');
  if (ws.actualRowCount > MAX_ROWS + 1) {
    throw fileProblem(
      `В файле больше ${MAX_ROWS.toLocaleString('ru-RU')} строк: разделите его`,
      'too_many_rows',
    );
  }
  let header: string[] | null = null;
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    const formulas: number[] = [];
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      const { text, formula } = cellText(cell.value);
      cells[col - 1] = text;
      if (formula) formulas.push(col - 1);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (!header) {
      header = cells;
      return;
    }
    if (cells.every((c) => c.trim() === '') && formulas.length === 0) return;
    rows.push({ row: rowNumber, cells, formulas });
  });
  return { format: 'xlsx', header: header ?? [], rows };
}

function decodeText(body: Buffer): string {
  if (body.includes(0)) {
    throw fileProblem('Файл не является таблицей CSV или XLSX', 'not_a_table');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1251').decode(body);
  }
}

function readCsv(body: Buffer): SheetFile {
  const text = decodeText(body).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [';', '\t', ','].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  if (firstLine.split(delimiter).length < 2) {
    throw fileProblem(
      'Файл не похож на таблицу: в первой строке нет заголовков столбцов, разделенных «;», «,» или табуляцией',
      'not_a_table',
    );
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      to: MAX_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw fileProblem(
      `Файл CSV поврежден${line ? ` (строка ${line})` : ''}: проверьте кавычки и разделители`,
      'bad_csv',
    );
  }
  if (records.length > MAX_ROWS + 1) {
    throw fileProblem(
      `В файле больше ${MAX_ROWS.toLocaleString('ru-RU')} строк: разделите его`,
      'too_many_rows',
    );
  }
  const [first, ...data] = records;
  const rows: SheetRow[] = [];
  for (const { record, info } of data) {
    if (record.every((c) => c.trim() === '')) continue;
    // The line the record ends on: the row number Excel shows for a file without line breaks in cells.
    rows.push({ row: info.lines, cells: record, formulas: [] });
  }
  return { format: 'csv', header: first?.record ?? [], rows };
}
