import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { academicYear } from '../support/order-factories.ts';
import { axeProblems, field, look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let school: string;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s } = stand);
  school = (
    await q(`SELECT r.scope_node_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id
              WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1`)
  )[0].id;
  // The demo region has last year and this one; the year the school promotes into is set up by the region.
  await academicYear(s, '2027-09-01');
});
afterAll(() => stand?.stop());

/** Where a learner is placed from 1 September 2027, by name of class. */
const nextYearClass = async (enrollmentId: string) =>
  (
    await q(
      `SELECT u.name FROM placements p JOIN units u ON u.id = p.unit_id
        WHERE p.enrollment_id = $1 AND p.valid_from = '2027-09-01'`,
      [enrollmentId],
    )
  ).map((r) => r.name);

describe('year-end promotion in the browser', () => {
  it('promoting a class: next year’s classes copied, one learner repeats, preview, sign, undo', async () => {
    // A learner of a 3rd grade who will repeat, and a classmate who goes on to the 4th.
    const third = await q(
      `SELECT e.id AS enrollment, concat_ws(' ', ps.last_name, ps.first_name, ps.middle_name) AS name, u.name AS class
         FROM placements p JOIN units u ON u.id = p.unit_id JOIN enrollments e ON e.id = p.enrollment_id
         JOIN persons ps ON ps.id = e.person_id JOIN academic_years y ON y.id = u.academic_year_id
        WHERE u.organization_id = $1 AND u.grade = 3 AND p.valid_to IS NULL AND y.starts_on = '2026-09-01'
          AND e.ended_on IS NULL
        ORDER BY u.name, ps.last_name, ps.first_name LIMIT 2`,
      [school],
    );
    expect(third.length).toBe(2);
    const [repeater, classmate] = third;
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'school');
    await page.getByRole('link', { name: 'Перевод на следующий год' }).first().click();
    await page.waitForURL(/\/promotion/);
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('Классы следующего учебного года ещё не созданы');
    await look(page, 'promotion-classes-missing');
    await page.getByRole('button', { name: 'Скопировать классы прошлого года' }).click();
    await expect
      .poll(() => page.getByTestId('promotion-classes').textContent())
      .not.toContain('будет создан');
    expect(await page.locator('main').textContent()).not.toContain('ещё не созданы');
    await look(page, 'promotion-classes');

    await page.getByRole('button', { name: 'Далее' }).click();
    const cls = page.getByTestId(`promotion-class-${repeater.class}`);
    await cls.getByRole('button', { name: new RegExp(`^${repeater.class} →`) }).click();
    await field(cls, repeater.name).click();
    await page.getByRole('option', { name: 'Оставить на повторное обучение' }).click();
    // No class chosen yet: the server's message lands on this learner's class field.
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('button', { name: 'Далее' }).click();
    await field(page, 'Номер приказа о переводе').fill('210-п');
    await field(page, 'Номер приказа о выпуске').fill('211-в');
    await page.getByRole('button', { name: 'Подписать приказы и перевести' }).click();
    // Back on the learners' step, the refused learner's class open with the message on its field.
    await expect.poll(() => cls.textContent()).toContain('Укажите класс для повторного обучения');
    expect(await cls.textContent()).toContain('изменено: 1');
    await look(page, 'promotion-learners');
    await field(cls, 'Класс следующего года').click();
    await page.getByRole('option', { name: repeater.class, exact: true }).click();

    await page.getByRole('button', { name: 'Далее' }).click();
    const summary = page.getByTestId('promotion-summary');
    await expect.poll(() => page.getByTestId('promotion-total-repeat').textContent()).toBe('1');
    expect(Number(await page.getByTestId('promotion-total-graduation').textContent())).toBeGreaterThan(0);
    expect(await summary.textContent()).toContain(repeater.class);
    await look(page, 'promotion-preview');

    await page.getByRole('button', { name: 'Далее' }).click();
    await field(page, 'Номер приказа о переводе').waitFor();
    await look(page, 'promotion-sign');
    await page.getByRole('button', { name: 'Подписать приказы и перевести' }).click();
    await page.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
    const orders = page.getByTestId('promotion-orders');
    await expect.poll(() => orders.textContent()).toContain('№ 210-п');
    expect(await orders.textContent()).toContain('№ 211-в');
    await look(page, 'promotion-run');

    const grade = Number(/^\d+/.exec(repeater.class)![0]);
    expect(await nextYearClass(repeater.enrollment)).toEqual([repeater.class]);
    expect(await nextYearClass(classmate.enrollment)).toEqual([
      classmate.class.replace(/^\d+/, String(grade + 1)),
    ]);

    await page.getByRole('button', { name: 'Отменить перевод' }).click();
    const dialog = page.getByRole('dialog', { name: 'Отмена перевода' });
    await field(dialog, 'Номер приказа об отмене').fill('212-о');
    await field(dialog, 'Основание отмены').fill('Перевод проведён до окончания учебного года по ошибке');
    await screenshot(page, 'promotion-undo-dialog-1440', { fullPage: false });
    expect(await axeProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Отменить перевод' }).click();
    await expect.poll(() => page.getByTestId('promotion-undone').count()).toBe(1);
    expect(await nextYearClass(repeater.enrollment)).toEqual([]);
    expect(await nextYearClass(classmate.enrollment)).toEqual([]);
    const open = await q(
      `SELECT u.name FROM placements p JOIN units u ON u.id = p.unit_id WHERE p.enrollment_id = $1 AND p.valid_to IS NULL`,
      [classmate.enrollment],
    );
    expect(open.map((r) => r.name)).toEqual([classmate.class]);
    await look(page, 'promotion-undone');
    await context.close();
  });
});
