import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { axeProblems, field } from '../support/page-checks.ts';

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

async function noSidewaysScroll(page: Page) {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(inner!);
}

describe('the forms of classes and programmes', () => {
  it('adds a class with its server error on the field, edits it, and deletes it while empty', async () => {
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'school');
    await page.goto(`${stand.base}/organizations/${school}/units`);
    const table = page.getByTestId('units-table');
    await expect.poll(() => table.textContent()).toContain('5А');
    await page.getByRole('button', { name: 'Добавить класс (группу)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый класс (группа)' });
    // A grade the school does not teach: the server's message lands on the grade field.
    await field(dialog, 'Номер класса').fill('14');
    await field(dialog, 'Литера').fill('В');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect
      .poll(() => dialog.textContent())
      .toContain('Номер класса от 1 до 12 (0 — первый дополнительный)');
    expect(await field(dialog, 'Номер класса').getAttribute('aria-invalid')).toBe('true');
    await field(dialog, 'Номер класса').fill('5');
    expect(await field(dialog, 'Номер класса').getAttribute('aria-invalid')).not.toBe('true');
    await field(dialog, 'Наполняемость \\(мест\\)').fill('24');
    await screenshot(page, 'unit-form-1440', { fullPage: false });
    expect(await axeProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => table.getByRole('link', { name: '5В', exact: true }).count()).toBe(1);

    const row = table.getByRole('row').filter({ hasText: '5В' });
    await row.getByRole('button', { name: 'Изменить' }).click();
    const edit = page.getByRole('dialog', { name: 'Класс 5В' });
    await field(edit, 'Наполняемость \\(мест\\)').fill('26');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => row.textContent()).toContain('26');

    await row.getByRole('button', { name: 'Удалить' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'Удалить 5В?' });
    await confirm.getByRole('button', { name: 'Удалить' }).click();
    await expect.poll(() => table.getByRole('link', { name: '5В', exact: true }).count()).toBe(0);
    // A class with learners offers no deletion.
    const busy = table.getByRole('row').filter({ hasText: /^5А/ });
    expect(await busy.getByRole('button', { name: 'Удалить' }).count()).toBe(0);
    await context.close();
  }, 120_000);

  for (const width of [1440, 390]) {
    it(`lists the school's programmes and adds an adapted one (${width} px)`, async () => {
      const context = await stand.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await stand.login(page, 'school');
      await page.goto(`${stand.base}/organizations/${school}/programmes`);
      const table = page.getByTestId('programmes-table');
      await expect.poll(() => table.textContent()).toContain('Основная образовательная программа НОО');
      await screenshot(page, `programmes-${width}`);
      expect(await axeProblems(page)).toEqual([]);
      await noSidewaysScroll(page);
      if (width === 1440) {
        await page.getByRole('button', { name: 'Добавить программу' }).click();
        const dialog = page.getByRole('dialog', { name: 'Новая образовательная программа' });
        await field(dialog, 'Наименование').fill(
          'Адаптированная основная общеобразовательная программа НОО (вариант 7.1)',
        );
        await field(dialog, 'Нормативный срок \\(месяцев\\)').fill('0');
        await dialog.getByLabel('Адаптированная программа').check();
        await dialog.getByRole('button', { name: 'Сохранить' }).click();
        await expect.poll(() => dialog.textContent()).toContain('Нормативный срок от 1 до 180 месяцев');
        await field(dialog, 'Нормативный срок \\(месяцев\\)').fill('48');
        await dialog.getByRole('button', { name: 'Сохранить' }).click();
        await expect.poll(() => table.textContent()).toContain('вариант 7.1');
        const added = table.getByRole('row').filter({ hasText: 'вариант 7.1' });
        expect(await added.textContent()).toContain('Начальное общее (НОО)');
        expect(await added.textContent()).toContain('адаптированная');
      }
      await context.close();
    }, 120_000);
  }
});
