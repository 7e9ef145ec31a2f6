import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

// «Показатели»: the ministry reads the region at a glance, switches to a municipality, reads a panel as a
// table, downloads it, and follows a figure to its list.
let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
});
afterAll(() => stand?.stop());

describe('dashboards in the browser', () => {
  it('the ministry opens the dashboards, switches to a municipality, reads a table, downloads it, follows a figure', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await stand.login(page, 'region');
    await page.getByRole('link', { name: 'Показатели', exact: true }).click();
    await page.waitForURL(/\/dashboards$/);
    const contingent = page.getByTestId('panel-contingent');
    const [{ n: learners }] = (
      await s.owner.query(
        `SELECT count(DISTINCT person_id)::int AS n FROM enrollments
          WHERE started_on <= current_date AND (ended_on IS NULL OR ended_on > current_date)`,
      )
    ).rows;
    await expect
      .poll(async () => (await contingent.getByText(/^Обучающихся:/).textContent())?.replace(/\D/g, ''))
      .toBe(String(learners));
    for (const panel of ['occupancy', 'queue', 'attendance', 'data-quality', 'sign-off'])
      await expect
        .poll(() => page.getByTestId(`panel-${panel}`).locator('.mantine-Skeleton-root').count())
        .toBe(0);
    await expect.poll(() => contingent.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await look(page, 'dashboards-region');

    // A municipality: the switcher puts it into the address, every panel follows.
    const m = (
      await s.owner.query(
        `SELECT t.id, t.name FROM territories t WHERE t.kind = 'municipality'
          AND EXISTS (SELECT 1 FROM organizations o WHERE o.territory_id = t.id AND o.kind = 'school')
          ORDER BY t.name LIMIT 1`,
      )
    ).rows[0] as { id: string; name: string };
    await field(page, 'Территория').click();
    await page.getByRole('option', { name: m.name, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('territoryId') === m.id);
    await page.getByTestId('panel-contingent-table-toggle').check({ force: true });
    const table = page.getByTestId('contingent-table');
    await expect
      .poll(() => table.locator('tbody tr').first().locator('td').first().textContent())
      .toBe(m.name);
    await look(page, 'dashboards-municipality-table');

    // The spreadsheet holds the municipality and the figures of the table.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      contingent.getByRole('link', { name: /скачать XLSX/ }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe(`Территория: ${m.name}`);
    const onScreen = (await table.locator('tbody tr').first().locator('td').allTextContents()).slice(1);
    const inFile = (ws.getRow(7).values as unknown[]).slice(2).map((v) => Number(v).toLocaleString('ru-RU'));
    expect(inFile).toEqual(onScreen);

    // A figure opens its list: the municipality's schools.
    await table.locator('tbody tr').first().getByRole('link').nth(1).click();
    await page.waitForURL(/\/organizations\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('territoryId')).toBe(m.id);
    expect(url.searchParams.get('kind')).toBe('school');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('a municipality sees its own figures without a switcher; a school has no such section', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await stand.login(page, 'municipality');
    await page.goto(`${base}/dashboards`);
    await expect
      .poll(() => page.getByTestId('panel-contingent').locator('.mantine-Skeleton-root').count())
      .toBe(0);
    expect(await field(page, 'Территория').count()).toBe(0);
    await page.close();
    const school = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(school, 'school');
    expect(await school.getByRole('link', { name: 'Показатели', exact: true }).count()).toBe(0);
    await school.close();
  });
});
