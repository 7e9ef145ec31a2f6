import ExcelJS from 'exceljs';
import type { Forecast } from './forecast.schemas.ts';

/** The forecast as a workbook: one row per municipality, year and age, shortages in red. */
export async function forecastWorkbook(f: Forecast): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Контингент';
  const ws = wb.addWorksheet('Прогноз', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`Прогноз потребности в местах в детских садах: ${f.territoryName}`]).font = { bold: true };
  ws.addRow([
    'Муниципалитет',
    'На дату',
    'Возраст, полных лет',
    'Мест в группах',
    'Продолжат посещать',
    'Свободно',
    'В очереди',
    'Не посещают и не в очереди',
    'Нехватка мест',
  ]).font = { bold: true };
  for (const r of f.rows) {
    const row = ws.addRow([
      r.municipalityName,
      r.on.split('-').reverse().join('.'),
      r.age,
      r.capacity,
      r.continuing,
      r.free,
      r.queue,
      r.notInQueue,
      Math.max(r.shortage, 0),
    ]);
    if (r.shortage > 0) row.getCell(9).font = { color: { argb: 'FFC00000' }, bold: true };
  }
  ws.columns.forEach((c, k) => {
    c.width = [30, 12, 12, 14, 14, 12, 12, 18, 14][k];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
