import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let school: string;
let asOf: string;

// The demo school's classes carry their types (general, profile) as the demo region gives them.
beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
  const org = await s.owner.query(
    `SELECT ra.scope_node_id AS id FROM users u JOIN role_assignments ra ON ra.user_id = u.id
      WHERE u.login = 'school' AND ra.role = 'org_admin' AND ra.revoked_at IS NULL LIMIT 1`,
  );
  school = org.rows[0].id as string;
  const now = new Date();
  const year = now.getUTCFullYear();
  asOf = `${now.toISOString().slice(5, 10) >= '09-20' ? year : year - 1}-09-20`;
}, 240_000);
afterAll(() => stand?.stop());

describe('«Статистические формы»: ОО-1 counts classes, and a class cell opens its classes', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ])
    it(`the analyst opens the general classes of the school on a ${viewport.width} px screen`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await stand.login(page, 'analyst');
      await page.goto(`${stand.base}/stat-forms/oo-1/2024?organizationId=${school}&asOf=${asOf}`);
      const section = page.getByTestId('section-2.1.1');
      await section.waitFor();
      const classes = section.locator('td[data-cell="01:3"]');
      const count = Number(await classes.textContent());
      expect(count).toBeGreaterThan(0);
      // A learners' cell stays a number for the analyst; a class cell is a link.
      expect(await section.locator('td[data-cell="02:3"]').getByRole('button').count()).toBe(0);
      await classes.getByRole('button').click();
      const drawer = page.getByRole('dialog');
      await drawer.getByText(`Строка 01, графа 3: ${count}`).waitFor();
      const rows = drawer.getByTestId('cell-units').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(Math.min(count, 50));
      const learners = Number(await section.locator('td[data-cell="02:3"]').textContent());
      const held = await rows.locator('td:last-child').allTextContents();
      expect(held.map(Number).reduce((a, b) => a + b, 0)).toBe(learners);
      await look(page, `stat-form-oo1-units-${viewport.width}`);
      await context.close();
    });
});
