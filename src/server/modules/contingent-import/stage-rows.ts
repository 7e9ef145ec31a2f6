import { createHash } from 'node:crypto';
import type { SheetRow } from '../gia/gia-file.ts';
import {
  IMPORT_COLUMN_KEYS,
  IMPORT_COLUMNS,
  type ImportColumn,
  MAX_CELL,
  type RowValues,
} from './import-columns.ts';
import type { CellError } from './parse-row.ts';

/** A row of the file as it is kept until the job decides it. */
export type StagedRow = {
  rowIndex: number;
  rowNumber: number;
  cells: RowValues;
  contentHash: string;
  sourceId: string | null;
  /** Faults of the cells themselves (a formula, an overlong value): the row is rejected as read. */
  errors: CellError[] | null;
};

/** The same learner's row in another upload hashes the same: values trimmed, spaces and case folded. */
export const contentHash = (v: RowValues) =>
  createHash('sha256')
    .update(
      JSON.stringify(
        IMPORT_COLUMN_KEYS.map((k) => v[k].replace(/\s+/g, ' ').trim().toLowerCase().replace(/ё/g, 'е')),
      ),
    )
    .digest('hex');

export function stageRow(r: SheetRow, at: Record<ImportColumn, number | null>, rowIndex: number): StagedRow {
  const errors: CellError[] = [];
  const cells = {} as RowValues;
  for (const k of IMPORT_COLUMN_KEYS) {
    const i = at[k];
    const raw = i === null ? '' : (r.cells[i] ?? '');
    // NUL never reaches the database: it is not text in PostgreSQL.
    const clean = raw.split('\u0000').join('');
    if (i !== null && r.formulas.includes(i))
      errors.push({ column: k, message: 'В ячейке формула: сохраните файл со значениями вместо формул' });
    else if (clean.length > MAX_CELL)
      errors.push({ column: k, message: `Значение длиннее ${MAX_CELL} символов` });
    else if (clean !== raw) errors.push({ column: k, message: 'В ячейке недопустимый символ (NUL)' });
    cells[k] = clean.slice(0, MAX_CELL);
  }
  const sourceId = cells.sourceId.trim() || null;
  return {
    rowIndex,
    rowNumber: r.row,
    cells,
    contentHash: contentHash(cells),
    sourceId: sourceId && sourceId.length <= 100 ? sourceId : null,
    errors: errors.length ? errors : null,
  };
}

export const columnTitles = () =>
  Object.fromEntries(IMPORT_COLUMN_KEYS.map((k) => [k, IMPORT_COLUMNS[k].title]));
