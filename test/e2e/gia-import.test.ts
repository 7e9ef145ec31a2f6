import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
});
afterAll(() => stand?.stop());

describe('«Результаты ГИА»: the regional operator uploads the exam centre’s file', () => {
  it('uploads a file with one unmatched row, sees the counts and downloads the report', async () => {
    // Two demo learners with birth certificates, as the exam centre lists them.
    const learners = (
      await s.owner.query(
        `SELECT p.last_name, p.first_name, coalesce(p.middle_name, '') AS middle_name, d.series, d.number
           FROM persons p JOIN person_documents d ON d.person_id = p.id AND d.invalidated_at IS NULL AND d.type = '03'
          WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = p.id)
          ORDER BY p.id LIMIT 2`,
      )
    ).rows;
    expect(learners.length).toBe(2);
    const head =
      'Фамилия;Имя;Отчество;Вид документа;Серия документа;Номер документа;Вид экзамена;Предмет;Дата экзамена;Первичный балл;Тестовый балл;Отметка;Код ОО';
    const line = (l: {
      last_name: string;
      first_name: string;
      middle_name: string;
      series: string;
      number: string;
    }) =>
      `${l.last_name};${l.first_name};${l.middle_name};Свидетельство о рождении;${l.series};${l.number};ОГЭ;Математика;20.05.2025;21;;4;`;
    const csv = [
      head,
      ...learners.map(line),
      'Несуществующий;Участник;;Свидетельство о рождении;I-АА;000001;ОГЭ;Математика;20.05.2025;9;;2;',
    ].join('\r\n');

    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await stand.login(page, 'region');
    await page.getByRole('link', { name: 'Результаты ГИА' }).click();
    await page.getByRole('heading', { level: 1, name: 'Результаты ГИА' }).waitFor();
    await look(page, 'gia-imports-empty');
    await page.locator('input[type=file]').setInputFiles({
      name: 'oge-matematika.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    const result = page.getByTestId('gia-import-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toContain('oge-matematika.csv');
    const text = await result.textContent();
    expect(text).toMatch(/Строк в файле\s*3/);
    expect(text).toMatch(/Сопоставлено с обучающимися\s*2/);
    expect(text).toMatch(/Не загружено\s*1/);
    expect(text).toContain('Участник с таким документом не найден в реестре');
    await look(page, 'gia-imports-result');
    await screenshot(page, 'gia-imports-result-full', { fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать не загруженные строки (XLSX)' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(3).getCell(1).value).toBe(4);
    expect(ws.getRow(3).getCell(2).value).toBe('Участник с таким документом не найден в реестре');
    expect(ws.getRow(3).getCell(3).value).toBe('Несуществующий');

    // The import is listed, and the results are on the learners.
    await expect
      .poll(() => page.getByRole('table', { name: undefined }).last().textContent())
      .toContain('oge-matematika.csv');
    const results = await s.owner.query(
      `SELECT count(*)::int AS n FROM gia_results WHERE subject = 'Математика'`,
    );
    expect(results.rows[0].n).toBe(2);
    await context.close();
  });

  it('explains a file that is not a table', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'region');
    await page.goto(`${base}/gia-imports`);
    await page.locator('input[type=file]').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Файл не загружен' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('не является таблицей');
    await look(page, 'gia-imports-bad-file');
    await context.close();
  });
});
