import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A pdfmake document definition. pdfmake ships no types; the few fields the project uses are named
 * here and the rest passes through (see https://pdfmake.github.io/docs/0.3/document-definition-object/).
 */
export type PdfContent = string | PdfContentObject | PdfContent[];
export type PdfContentObject = { [key: string]: unknown };
export type PdfDocument = {
  content: PdfContent;
  info?: { title?: string; author?: string; subject?: string };
  styles?: Record<string, PdfContentObject>;
  defaultStyle?: PdfContentObject;
  pageSize?: string;
  pageOrientation?: 'portrait' | 'landscape';
  pageMargins?: number | [number, number, number, number];
  footer?: (page: number, pages: number) => PdfContent;
  [key: string]: unknown;
};

type PdfMake = {
  virtualfs: { writeFileSync: (name: string, content: Buffer) => void };
  setFonts: (fonts: Record<string, Record<string, string>>) => void;
  setUrlAccessPolicy: (allow: (url: string) => boolean) => void;
  setLocalAccessPolicy: (allow: (path: string) => boolean) => void;
  createPdf: (doc: PdfDocument) => { getBuffer: () => Promise<Buffer> };
};

const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as PdfMake;

// Roboto (shipped with pdfmake) covers Cyrillic. The TTF files are read once into pdfmake's virtual
// file system, so rendering never touches the disk or the network: both access policies refuse
// everything, and a document can never pull a local file or a URL into a PDF.
const FONT_DIR = join(dirname(require.resolve('pdfmake')), '..', 'fonts', 'Roboto');
const FACES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
};
for (const file of Object.values(FACES)) {
  pdfmake.virtualfs.writeFileSync(file, readFileSync(join(FONT_DIR, file)));
}
pdfmake.setFonts({ Roboto: FACES });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

export const PDF_STYLES: Record<string, PdfContentObject> = {
  title: { fontSize: 15, bold: true, margin: [0, 0, 0, 8] },
  h2: { fontSize: 12, bold: true, margin: [0, 12, 0, 4] },
  h3: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
  muted: { color: '#555555', fontSize: 8.5 },
  table: { fontSize: 8.5 },
};

/** Renders a document definition to the bytes of a PDF (A4, Roboto, page numbers unless given). */
export function renderPdf(doc: PdfDocument): Promise<Buffer> {
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [40, 40, 40, 48],
      defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
      footer: (page, pages) => ({
        text: `${page} / ${pages}`,
        alignment: 'right',
        fontSize: 8,
        margin: [40, 16, 40, 0],
      }),
      ...doc,
      styles: { ...PDF_STYLES, ...doc.styles },
    })
    .getBuffer();
}

/** 'YYYY-MM-DD' as ДД.ММ.ГГГГ; an instant as ДД.ММ.ГГГГ ЧЧ:ММ in Moscow time, marked МСК. */
export function ruDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}.${m}.${y}`;
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat('ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Moscow',
  })
    .format(date)
    .replace(',', '')
    .concat(' МСК');
}

/** A two-column table of label → value rows, skipping empty values. */
export function fieldTable(rows: [string, string | null | undefined][]): PdfContentObject {
  const body = rows
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [{ text: k, color: '#444444' }, String(v)]);
  return body.length === 0
    ? { text: 'Нет сведений', style: 'muted' }
    : { table: { widths: [170, '*'], body }, layout: 'lightHorizontalLines', style: 'table' };
}

/** A table with a header row; an empty list prints a note instead. */
export function listTable(
  header: string[],
  rows: string[][],
  widths?: (number | string)[],
): PdfContentObject {
  if (rows.length === 0) return { text: 'Нет сведений', style: 'muted' };
  return {
    table: {
      headerRows: 1,
      widths: widths ?? header.map(() => '*'),
      body: [header.map((h) => ({ text: h, bold: true })), ...rows],
    },
    layout: 'lightHorizontalLines',
    style: 'table',
  };
}
