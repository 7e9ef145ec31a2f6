import ExcelJS from 'exceljs';
import type { ContingentItem } from './contingent.schemas.ts';

const STATUS = { current: 'обучающиеся', left: 'выбывшие', all: 'все' } as const;
const ruDate = (iso: string | null) =>
  iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : '';

/** The list as a spreadsheet a clerk opens in Excel: Russian headers, dates as ДД.ММ.ГГГГ, a frozen header. */
export async function contingentWorkbook(
  organization: { shortName: string; territoryName: string },
  status: keyof typeof STATUS,
  items: ContingentItem[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Контингент';
  const ws = wb.addWorksheet('Контингент', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([
    `${organization.shortName} (${organization.territoryName}) — ${STATUS[status]}: ${items.length}`,
  ]);
  ws.getRow(1).font = { bold: true };
  const header = [
    '№',
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'Дата зачисления',
    'Дата выбытия',
  ];
  ws.addRow(header).font = { bold: true };
  items.forEach((i, n) => {
    ws.addRow([
      n + 1,
      i.lastName,
      i.firstName,
      i.middleName ?? '',
      ruDate(i.birthDate),
      i.sex === 'female' ? 'Ж' : 'М',
      ruDate(i.startedOn),
      ruDate(i.endedOn),
    ]);
  });
  ws.columns.forEach((c, k) => {
    c.width = [6, 20, 16, 20, 15, 6, 17, 15][k];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
