import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';

let stand: Awaited<ReturnType<typeof startDemoStand>>;
let school: string;

beforeAll(async () => {
  stand = await startDemoStand();
  const r = await stand.server.owner.query(
    `SELECT ra.scope_node_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.login = 'school'`,
  );
  school = r.rows[0].scope_node_id;
}, 180_000);
afterAll(() => stand?.stop());

async function axeProblems(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

describe('classes and groups', () => {
  for (const width of [1440, 390]) {
    it(`lists the demo school's classes with counts and opens a class list as of a date (${width} px)`, async () => {
      const context = await stand.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await stand.login(page, 'school');
      await page.goto(`${stand.base}/organizations/${school}/units`);
      const table = page.getByTestId('units-table');
      await expect.poll(() => table.textContent()).toContain('5А');
      await expect.poll(() => table.textContent()).toContain('Всего');
      await screenshot(page, `units-${width}`);
      expect(await axeProblems(page)).toEqual([]);
      await table.getByRole('link', { name: '5А', exact: true }).click();
      await page.waitForURL(/\/units\//);
      await page.getByLabel('Список на дату').fill('2026-10-01');
      await expect.poll(() => page.getByTestId('unit-learners').textContent()).toContain('Дата рождения');
      await screenshot(page, `unit-learners-${width}`);
      expect(await axeProblems(page)).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
