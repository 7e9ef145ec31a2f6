import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';

let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
});
afterAll(() => stand?.stop());

describe('allocation of kindergarten places in the browser', () => {
  it('the municipality prepares a main run, trims a group, computes, reads the reasons, approves, and the kindergarten closes a referral', async () => {
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'municipality');
    await page.getByRole('link', { name: 'Комплектование' }).first().click();
    await page.waitForURL(/\/allocation$/);
    await field(page, 'Муниципалитет').click();
    await page.getByRole('option').first().click();
    await look(page, 'allocation-list');
    await page.getByRole('button', { name: 'Подготовить места' }).click();
    await page.waitForURL(/\/allocation\/[0-9a-f-]{36}$/);
    const groups = page.getByTestId('run-groups');
    await expect.poll(() => groups.locator('tbody tr').count()).toBe(5);
    await look(page, 'allocation-prepare');

    // A group closed for repairs gets no places; the table keeps the computed figure beside it.
    const input = groups.getByRole('textbox').first();
    await input.fill('0');
    await input.press('Enter');
    await expect.poll(() => groups.textContent()).toContain('рассчитано');
    await page.getByRole('button', { name: 'Запустить расчет' }).click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('проект');
    const outcomes = page.getByTestId('run-outcomes');
    await expect.poll(() => outcomes.locator('tbody tr').count()).toBeGreaterThan(10);
    await field(page, 'Итог').click();
    await page.getByRole('option', { name: 'Без места: места заняты' }).click();
    await expect
      .poll(() => outcomes.textContent())
      .toMatch(/места заняты детьми с более высоким приоритетом|нет группы/);
    await look(page, 'allocation-draft');

    const run = await stand.server.owner.query(
      `SELECT id, stats FROM allocation_runs WHERE status = 'draft' ORDER BY created_at DESC LIMIT 1`,
    );
    const placed = run.rows[0].stats.placed + run.rows[0].stats.offered;
    expect(placed).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await look(page, 'allocation-approve');
    await dialog.getByRole('button', { name: 'Утвердить и выдать направления' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('утверждено');
    await page.getByRole('link', { name: 'Направления' }).last().click();
    await page.waitForURL(/\/referrals/);
    const register = page.getByTestId('referrals-table');
    await expect.poll(() => register.locator('tbody tr').count()).toBe(Math.min(placed, 50));
    await look(page, 'referrals');
    await context.close();

    // The demo municipality's kindergarten is the demo head's: its register shows the run's referrals
    // and records an enrollment.
    const head = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const headPage = await head.newPage();
    await stand.login(headPage, 'kindergarten');
    await headPage.goto(`${stand.base}/referrals`);
    const headRegister = headPage.getByTestId('referrals-table');
    await expect.poll(() => headRegister.locator('tbody tr').count()).toBe(Math.min(placed, 50));
    await headRegister.getByRole('button', { name: 'Закрыть' }).first().click();
    const close = headPage.getByRole('dialog');
    await field(close, 'Приказ о зачислении').fill('Приказ № 45 от 01.09');
    await close.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => headRegister.textContent()).toContain('зачислен');
    await look(headPage, 'referrals-kindergarten');
    await head.close();
  });
});
