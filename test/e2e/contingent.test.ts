import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
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

const schoolCount = async () => {
  const r = await s.owner.query(
    `SELECT count(*)::int AS n FROM enrollments e JOIN persons p ON p.id = e.person_id
      WHERE e.ended_on IS NULL AND p.status = 'active' AND e.organization_id =
        (SELECT r.scope_node_id FROM role_assignments r JOIN users u ON u.id = r.user_id
          WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1)`,
  );
  return r.rows[0].n as number;
};

describe("a school's own contingent in the browser", () => {
  for (const width of [1440, 390]) {
    it(`the school lands on its learners, finds one by name and downloads the list (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'school');
      await page.waitForURL(/\/contingent$/);
      const table = page.getByTestId('contingent-table');
      await expect.poll(() => table.locator('tbody tr a').count()).toBeGreaterThan(0);
      const n = await schoolCount();
      await expect.poll(() => page.getByTestId('rows-shown').textContent()).toMatch(new RegExp(`из ${n}$`));
      await screenshot(page, `contingent-${width}`);
      await screenshot(page, `contingent-${width}-screen`, { fullPage: false });
      // The page itself never scrolls sideways; a wide table scrolls inside its frame.
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);

      const firstName = (await table.locator('tbody tr a').first().textContent())!;
      const surname = firstName.split(' ')[0]!;
      await page.getByLabel('Поиск по ФИО').fill(surname);
      // The search is a substring of the whole name: «Петров» also finds «… Петрович …». The first
      // learner of the whole list stays first among the found, and no row lacks the term.
      const norm = (t: string) => t.toLowerCase().replaceAll('ё', 'е');
      await expect
        .poll(async () => {
          const names = await table.locator('tbody tr a').allTextContents();
          return (
            names.length > 0 && names[0] === firstName && names.every((t) => norm(t).includes(norm(surname)))
          );
        })
        .toBe(true);

      const href = await page.getByRole('link', { name: 'Скачать XLSX' }).getAttribute('href');
      const file = await page.request.get(`${base}${href}`);
      expect(file.status()).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await file.body()) as unknown as ArrayBuffer);
      expect(wb.getWorksheet('Контингент')!.getRow(3).getCell(2).value).toBe(surname);
      await page.close();
    });
  }
});
