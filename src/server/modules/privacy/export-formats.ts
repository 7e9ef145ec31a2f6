import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportColumn } from '../../platform/person-data/types.ts';

/**
 * The files of the pseudonymised export. `excel` and `xlsx` are for a person with a spreadsheet:
 * Russian headers, codes in words, yes/no. Russian Excel splits a CSV on `;` (the list separator of
 * the ru-RU locale) and reads it as UTF-8 only after a byte order mark. `csv-en` is the earlier
 * machine-readable file, unchanged, for integrations that parse it: comma, English column names, codes.
 */
export const EXPORT_FORMATS = ['excel', 'csv-en', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FILES: Record<ExportFormat, { contentType: string; extension: string }> = {
  excel: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  'csv-en': { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
};

type Value = string | boolean | null | undefined;
export type ExportRow = { pseudonym: string; values: Value[] };

/** Writes the header, then batches of rows, then finishes the file; `out` is ended by `end`. */
export type ExportWriter = {
  head(): void;
  /** Resolves when the consumer has room for more. */
  rows(batch: ExportRow[]): Promise<void>;
  end(): Promise<void>;
};

const BOM = '\uFEFF';
const wordOf = (c: ExportColumn, v: Value) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  return c.values?.[v] ?? v;
};
const codeOf = (v: Value) => (v === null || v === undefined ? '' : String(v));
/** RFC 4180 quoting: a value with the separator, a quote or a line break goes in quotes. */
const quoted = (sep: string) => (v: string) =>
  v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;

const drained = (s: PassThrough) =>
  new Promise<void>((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
const room = (out: PassThrough) =>
  out.destroyed || out.writableLength < out.writableHighWaterMark ? Promise.resolve() : drained(out);

function csvWriter(out: PassThrough, columns: ExportColumn[], forExcel: boolean): ExportWriter {
  const sep = forExcel ? ';' : ',';
  const q = quoted(sep);
  const line = (cells: string[]) => `${cells.map(q).join(sep)}\r\n`;
  return {
    head: () => {
      const names = forExcel
        ? ['Псевдоним', ...columns.map((c) => c.title)]
        : ['pseudonym', ...columns.map((c) => c.name)];
      out.write((forExcel ? BOM : '') + line(names));
    },
    rows: (batch) => {
      out.write(
        batch
          .map((r) =>
            line([
              r.pseudonym,
              ...columns.map((c, i) => (forExcel ? wordOf(c, r.values[i]) : codeOf(r.values[i]))),
            ]),
          )
          .join(''),
      );
      return room(out);
    },
    end: async () => {
      if (!out.destroyed) out.end();
    },
  };
}

/**
 * Streams the workbook: each row is committed (written into the zip and forgotten) as it comes, so
 * memory stays flat however many rows there are. Every cell is text: ОКТМО keeps its leading zeros.
 */
function xlsxWriter(out: PassThrough, columns: ExportColumn[]): ExportWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Контингент';
  const ws = wb.addWorksheet('Выгрузка', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { width: 36 },
    ...columns.map((c) => ({ width: Math.max(14, c.title.length + 2), style: { numFmt: '@' } })),
  ];
  return {
    head: () => {
      const row = ws.addRow(['Псевдоним', ...columns.map((c) => c.title)]);
      row.font = { bold: true };
      row.commit();
    },
    rows: (batch) => {
      for (const r of batch)
        ws.addRow([r.pseudonym, ...columns.map((c, i) => wordOf(c, r.values[i]))]).commit();
      return room(out);
    },
    // Finishing the zip ends `out` through its pipe. The commit waits for `out` to finish, which a
    // client that went away never lets happen: then there is nothing left to finish.
    end: async () => {
      if (out.destroyed) return;
      const gone = new Promise<void>((resolve) => out.once('close', resolve));
      ws.commit();
      await Promise.race([wb.commit(), gone]);
    },
  };
}

export const exportWriter = (
  format: ExportFormat,
  out: PassThrough,
  columns: ExportColumn[],
): ExportWriter =>
  format === 'xlsx' ? xlsxWriter(out, columns) : csvWriter(out, columns, format === 'excel');
