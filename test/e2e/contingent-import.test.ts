import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { csv, HEADER, noteText, row } from '../support/contingent-import-files.ts';
import { academicYear, programme, unit } from '../support/order-factories.ts';
import { look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
  // The demo school with the class and programme the file names.
  const school = (
    await s.owner.query(
      `SELECT ra.scope_node_id AS id FROM role_assignments ra JOIN users u ON u.id = ra.user_id
        WHERE u.login = 'school'`,
    )
  ).rows[0].id as string;
  await programme(s, school, 'ooo');
  await unit(s, school, await academicYear(s, '2026-09-01'), '5А');
});
afterAll(() => stand?.stop());

describe('«Загрузка контингента»: a school loads its lists', () => {
  it('uploads a file with bad rows, watches the progress, downloads the rejected rows with reasons', async () => {
    const good = [row(), row()];
    const badSnils = row({ СНИЛС: '123-456-789 00', Фамилия: 'Ошибкин' });
    const badClass = row({ 'Класс (группа)': '11Я', Фамилия: 'Неклассов' });
    const file = csv([good[0]!, badSnils, good[1]!, badClass]);

    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await stand.login(page, 'school');
    await page.getByRole('link', { name: 'Загрузка контингента' }).click();
    await page.getByRole('heading', { level: 1, name: 'Загрузка контингента' }).waitFor();
    await look(page, 'contingent-import-empty');

    // The template comes with the «Справка» sheet.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать шаблон (XLSX) с описанием столбцов' }).click(),
    ]);
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load(readFileSync((await template.path())!) as unknown as ArrayBuffer);
    expect(tpl.worksheets.map((w) => w.name)).toEqual(['Контингент', 'Справка']);

    await page.locator('input[type=file]').setInputFiles({
      name: 'spisok-shkoly.csv',
      mimeType: 'text/csv',
      buffer: file,
    });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    const result = page.getByTestId('contingent-import-result');
    await result.waitFor();
    await expect
      .poll(() => page.getByTestId('contingent-import-status').textContent(), { timeout: 60_000 })
      .toBe('Завершена');
    const text = await result.textContent();
    expect(text).toContain('Прочитано строк: 4 из 4');
    expect(text).toMatch(/Создано новых записей\s*2/);
    expect(text).toMatch(/Отклонено\s*2/);
    expect(text).toContain('«СНИЛС»');
    expect(text).toContain('Класс (группа) «11Я» не заведен в организации');

    // The progress survives a reload: the import is in the address.
    await page.reload();
    await page.getByTestId('contingent-import-result').waitFor();
    expect(await page.getByTestId('contingent-import-progress').textContent()).toContain('4 из 4');
    await look(page, 'contingent-import-result');
    await screenshot(page, 'contingent-import-result-full', { fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать отклоненные строки с причинами (XLSX)' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header.at(-1)).toBe('Причина');
    expect(header.at(-2)).toBe('Строка файла');
    const col = (title: string) => header.indexOf(title) + 1;
    expect(ws.rowCount).toBe(3);
    // The original values, the file's row number, the reason per cell (a comment) and in the last column.
    expect(ws.getRow(2).getCell(col('Фамилия')).value).toBe('Ошибкин');
    expect(ws.getRow(2).getCell(col('СНИЛС')).value).toBe('123-456-789 00');
    expect(ws.getRow(2).getCell(col('Строка файла')).value).toBe(3);
    expect(noteText(ws.getRow(2).getCell(col('СНИЛС')).note)).toMatch(/[А-Яа-я]/);
    expect(String(ws.getRow(2).getCell(col('Причина')).value)).toContain('СНИЛС:');
    expect(ws.getRow(3).getCell(col('Фамилия')).value).toBe('Неклассов');
    expect(ws.getRow(3).getCell(col('Строка файла')).value).toBe(5);
    expect(noteText(ws.getRow(3).getCell(col('Класс (группа)')).note)).toContain('не заведен');
    for (const h of HEADER) expect(header).toContain(h);

    // The good rows are in the registry.
    const written = await s.owner.query(`SELECT count(*)::int AS n FROM persons WHERE snils = ANY($1)`, [
      good.map((r) => r[6]!.replace(/\D/g, '')),
    ]);
    expect(written.rows[0].n).toBe(2);
    await context.close();
  });

  it('holds a row like someone in the registry and takes the operator’s decision', async () => {
    const first = row({ СНИЛС: '', 'Идентификатор в системе ОО': '' });
    // The same birth date and first name, a typo in the surname, no identifiers in common.
    const near = row({
      СНИЛС: '',
      'Идентификатор в системе ОО': '',
      Фамилия: 'Загрузкен',
      Имя: first[2]!,
      'Дата рождения': first[4]!,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'school');
    for (const [name, rows] of [
      ['pervyi.csv', [first]],
      ['vtoroi.csv', [near]],
    ] as const) {
      await page.goto(`${stand.base}/contingent-import`);
      await page
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: csv([...rows]) });
      await page.getByRole('button', { name: 'Загрузить' }).click();
      await expect
        .poll(() => page.getByTestId('contingent-import-status').textContent(), { timeout: 60_000 })
        .toBe('Завершена');
      await expect.poll(() => page.getByTestId('contingent-import-result').textContent()).toContain(name);
    }
    const result = page.getByTestId('contingent-import-result');
    expect(await result.textContent()).toMatch(/Ожидают решения\s*1/);
    expect(await result.textContent()).toContain('Загрузкин');
    await look(page, 'contingent-import-held');
    await page.getByRole('button', { name: 'Другой человек' }).click();
    await expect.poll(() => result.textContent()).toContain('Создана новая запись');
    expect(await result.textContent()).toMatch(/Ожидают решения\s*0/);
    await context.close();
  });
});
