import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';

// Finding 7 of the screens review: the analyst saw only organizations, and a head hidden from them read
// «Руководитель —», as if nobody had filled it in.
let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
});
afterAll(() => stand?.stop());

describe('the analyst in the browser', () => {
  for (const width of [1440, 390]) {
    it(`lands on the registry in figures and sees that a head's name is hidden, not missing (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'analyst');
      await page.waitForURL(/\/overview$/);
      const learners = (
        await s.owner.query(
          `SELECT count(DISTINCT person_id)::int AS n FROM enrollments WHERE ended_on IS NULL OR ended_on >= current_date`,
        )
      ).rows[0].n as number;
      await expect
        .poll(async () => (await page.getByTestId('overview-learners').textContent())?.replace(/\D/g, ''))
        .toBe(String(learners));
      await expect
        .poll(() => page.getByTestId('overview-municipalities').locator('tbody tr').count())
        .toBeGreaterThan(0);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      await screenshot(page, `overview-analyst-${width}`);

      const school = (await s.owner.query(`SELECT id FROM organizations WHERE head ? 'fullName' LIMIT 1`))
        .rows[0].id;
      await page.goto(`${base}/organizations/${school}`);
      await expect.poll(() => page.getByText('скрыто: персональные данные').count()).toBe(2);
      await screenshot(page, `organization-card-analyst-${width}`);
      await page.close();
    });
  }
});
