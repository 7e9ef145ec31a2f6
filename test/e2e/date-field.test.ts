import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { field } from '../support/page-checks.ts';
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

/** Types into the birth date as a clerk would and leaves the field. */
async function typeBirthDate(page: Page, text: string) {
  // The learner's (the new-learner form also asks the parent's birth date, further down).
  const input = field(page, 'Дата рождения').first();
  await input.fill('');
  await input.pressSequentially(text);
  await input.press('Tab');
  return input;
}

describe('dates typed the Russian way', () => {
  it('reads day first, refuses impossible and future dates, and never replaces what was typed', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'school');
    await page.goto(`${base}/persons/new`);
    const input = await typeBirthDate(page, '1.4.2019');
    await expect.poll(() => input.inputValue()).toBe('01.04.2019');

    await typeBirthDate(page, '01042019');
    await expect.poll(() => input.inputValue()).toBe('01.04.2019');

    await typeBirthDate(page, '31.02.2019');
    await expect.poll(() => page.getByText('Нет такой даты: 31.02.2019').isVisible()).toBe(true);
    expect(await input.inputValue()).toBe('31.02.2019');
    await screenshot(page, 'date-field-impossible-1440');

    await typeBirthDate(page, '00.00.0000');
    await expect.poll(() => page.getByText('Нет месяца с номером 00').isVisible()).toBe(true);
    expect(await input.inputValue()).toBe('00.00.0000');

    const nextYear = new Date().getFullYear() + 1;
    await typeBirthDate(page, `01.04.${nextYear}`);
    await expect.poll(() => page.getByText(/Дата не может быть позже/).isVisible()).toBe(true);
    expect(await input.inputValue()).toBe(`01.04.${nextYear}`);

    // The calendar still picks a date, and writes it day first.
    await typeBirthDate(page, '');
    await page.getByRole('button', { name: 'Выбрать дату в календаре: Дата рождения' }).first().click();
    // The first day of the month shown that is not after today.
    const day = page
      .getByRole('dialog')
      .locator('button[aria-label]:not([data-disabled])')
      .filter({ hasText: /^1$/ });
    await day.first().click();
    await expect.poll(() => input.inputValue()).toMatch(/^01\.\d{2}\.\d{4}$/);
    await page.close();
  });

  it('on the edit form a wrong date stays as typed and is not saved', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await stand.login(page, 'school');
    const school = (
      await s.owner.query(
        `SELECT r.scope_node_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id
          WHERE u.login = 'school' AND r.revoked_at IS NULL`,
      )
    ).rows[0].id as string;
    const learner = (
      await s.owner.query(
        `SELECT p.id, p.birth_date::text AS birth FROM persons p JOIN enrollments e ON e.person_id = p.id
          WHERE e.organization_id = $1 AND e.ended_on IS NULL AND p.status = 'active' ORDER BY p.id LIMIT 1`,
        [school],
      )
    ).rows[0] as { id: string; birth: string };
    await page.goto(`${base}/persons/${learner.id}/edit`);
    const input = field(page, 'Дата рождения');
    await expect.poll(() => input.inputValue()).not.toBe('');
    await typeBirthDate(page, '31.02.2019');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => page.getByText('Нет такой даты: 31.02.2019').isVisible()).toBe(true);
    expect(await input.inputValue()).toBe('31.02.2019');
    await screenshot(page, 'date-field-edit-390');
    await field(page, 'Фамилия').scrollIntoViewIfNeeded();
    await screenshot(page, 'date-field-edit-390-screen', { fullPage: false });
    const stored = await s.owner.query('SELECT birth_date::text AS birth FROM persons WHERE id = $1', [
      learner.id,
    ]);
    expect(stored.rows[0].birth).toBe(learner.birth);
    // The refusal names what is wrong, with no request code for a clerk to puzzle over.
    const toast = page.locator('.mantine-Notification-root').filter({ hasText: 'Не удалось сохранить' });
    await expect.poll(() => toast.count()).toBe(1);
    expect(await toast.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Fixed and saved: the red toast goes away with the success.
    const [y, m, d] = learner.birth.split('-');
    await typeBirthDate(page, `${d}.${m}.${y}`);
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(new RegExp(`/persons/${learner.id}$`));
    await expect.poll(() => toast.count()).toBe(0);
    await page.close();
  });
});
