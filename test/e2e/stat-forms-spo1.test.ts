import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let region: string;
let asOf: string;

// The demo region's colleges: their students on the last 1 October, by profession and specialty.
beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
  region = (await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id as string;
  const now = new Date();
  const year = now.getUTCFullYear();
  asOf = `${now.toISOString().slice(5, 10) >= '10-01' ? year : year - 1}-10-01`;
}, 240_000);
afterAll(() => stand?.stop());

describe('«Статистические формы»: СПО-1 lists the professions and specialties the colleges teach', () => {
  // look() shoots each screen at 1440 and 390 px and checks it for sideways scroll and axe findings.
  it('the regional operator opens the students of one specialty', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'region');
    await page.goto(`${stand.base}/stat-forms/spo-1/2022?territoryId=${region}&asOf=${asOf}`);
    const section = page.getByTestId('section-2.1');
    await section.waitFor();
    const total = Number(await section.locator('td[data-cell="01:11"]').textContent());
    expect(total).toBeGreaterThan(0);
    // The listed rows follow the fixed ones, each coded by ОКСО; together they make row 01.
    const codes = (await section
      .locator('td[data-cell$=":11"]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-cell')!.split(':')[0]!))) as string[];
    const listed = codes.filter((c) => /^\d{2}\.\d{2}\.\d{2}$/.test(c));
    expect(listed.length).toBeGreaterThan(0);
    let sum = 0;
    for (const c of listed) sum += Number(await section.locator(`td[data-cell="${c}:11"]`).textContent());
    expect(sum).toBe(total);
    await page.getByTestId('controls-ok').waitFor();
    await look(page, 'stat-form-spo1-table');
    const first = listed.find(() => true)!;
    const cell = section.locator(`td[data-cell="${first}:11"]`);
    const count = Number(await cell.textContent());
    await cell.getByRole('button').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`Строка ${first}, графа 11: ${count}`).waitFor();
    await expect.poll(() => drawer.locator('tbody tr').count()).toBe(Math.min(count, 50));
    await look(page, 'stat-form-spo1-cell');
    await context.close();
  });
});
