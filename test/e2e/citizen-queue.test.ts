import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import { SCREENSHOTS, startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';

/**
 * A parent signs in through the demo Госуслуги, files a preschool application for a child the registry
 * does not know yet, and finds it in the cabinet with its number, status and history.
 */
let stand: Awaited<ReturnType<typeof startDemoStand>>;
const PARENT = 'Попова Елена Викторовна';
let municipality: string;
let kindergarten: string;
const SLOW = { timeout: 30_000 };

beforeAll(async () => {
  stand = await startDemoStand();
  const m = await stand.server.owner.query(
    `SELECT t.id, t.name FROM territories t
       JOIN scope_closure c ON c.ancestor_id = t.id
       JOIN organizations o ON o.id = c.descendant_id AND o.kind = 'preschool' AND o.status <> 'liquidated'
      WHERE t.kind = 'municipality' GROUP BY t.id, t.name ORDER BY count(*) DESC, t.name LIMIT 1`,
  );
  municipality = m.rows[0].name;
  const k = await stand.server.owner.query(
    `SELECT o.short_name FROM organizations o
      WHERE o.kind = 'preschool' AND o.status <> 'liquidated'
        AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = $1)
      ORDER BY o.short_name, o.id LIMIT 1`,
    [m.rows[0].id],
  );
  kindergarten = k.rows[0].short_name;
});
afterAll(() => stand?.stop());

/** Picks an option of a Mantine select found by its label. */
async function choose(page: Page, label: string, option: string) {
  await field(page.getByRole('dialog'), label).click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

describe('a parent files a preschool application through Госуслуги', () => {
  it('for a new child, and sees it in the cabinet with its number and history', async () => {
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    try {
      await stand.loginEsia(page, PARENT);
      const section = page.getByTestId('preschool-section');
      await section.waitFor(SLOW);
      await section.getByRole('button', { name: 'Подать заявление' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Другой ребёнок — внести сведения').check();
      await field(dialog, 'Фамилия').fill('Попова');
      await field(dialog, 'Имя').fill('Василиса');
      await field(dialog, 'Отчество \\(если есть\\)').fill('Андреевна');
      await field(dialog, 'Дата рождения').fill('14.05.2024');
      await choose(page, 'Пол', 'Женский');
      await field(dialog, 'СНИЛС ребёнка \\(если есть\\)').fill(
        makeSnils(`3${Date.now() % 1e8}`.padEnd(9, '0')),
      );
      await field(dialog, 'Серия свидетельства о рождении').fill('III-СТ');
      await field(dialog, 'Номер свидетельства').fill(String(Date.now()).slice(-6));
      await field(dialog, 'Дата выдачи свидетельства').fill('20.05.2024');
      await choose(page, 'Кем вы приходитесь ребёнку', 'Мать');
      await choose(page, 'Муниципалитет', municipality);
      await field(dialog, '1-й по приоритету детский сад').click();
      await page
        .getByRole('option', { name: new RegExp(`^${escapeRegExp(kindergarten)}`) })
        .first()
        .click();
      // A desired date before the birth is refused on its field, in words.
      await field(dialog, 'Желаемая дата приёма').fill('01.01.2024');
      await dialog.getByRole('button', { name: 'Подать заявление' }).click();
      await expect.poll(() => dialog.textContent()).toContain('раньше даты рождения');
      await look(page, 'citizen-queue-form');
      // The dialog alone on a phone, where a parent most likely fills it in.
      await page.setViewportSize({ width: 390, height: 844 });
      await dialog.locator('.mantine-Modal-body').evaluate((e) => {
        e.scrollTop = 0;
      });
      await page.screenshot({ path: `${SCREENSHOTS}/citizen-queue-form-phone-top.png` });
      await field(dialog, 'Желаемая дата приёма').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/citizen-queue-form-phone-error.png` });
      await page.setViewportSize({ width: 1440, height: 900 });

      await field(dialog, 'Желаемая дата приёма').fill('01.09.2027');
      await dialog.getByLabel('Если в выбранных детских садах нет мест, готов(а) рассмотреть другие').check();
      await dialog.getByRole('button', { name: 'Подать заявление' }).click();
      await dialog.waitFor({ state: 'detached', ...SLOW });

      const card = section
        .getByTestId('preschool-application')
        .filter({ hasText: 'Попова Василиса Андреевна' });
      await card.waitFor(SLOW);
      const number = (await card.getByTestId('application-number').textContent())!.trim();
      expect(number).toMatch(/^\d{8}-\d+$/);
      expect(await card.textContent()).toContain('В очереди');
      const row = await stand.server.owner.query(
        `SELECT a.filed_by, a.accepts_alternatives, p.last_name FROM preschool_applications a
           JOIN persons p ON p.id = a.child_id WHERE a.number = $1`,
        [number],
      );
      expect(row.rows[0]).toEqual({ filed_by: 'citizen', accepts_alternatives: true, last_name: 'Попова' });
      await card.getByText(/История заявления/).click();
      await expect.poll(() => card.textContent()).toContain('подано через Госуслуги');
      await look(page, 'citizen-queue-cabinet');
      await page.setViewportSize({ width: 390, height: 844 });
      await card.screenshot({ path: `${SCREENSHOTS}/citizen-queue-card-390.png` });
      await page.setViewportSize({ width: 1440, height: 900 });
      await card.screenshot({ path: `${SCREENSHOTS}/citizen-queue-card-1440.png` });

      // The number leads to the public position page.
      await card.getByTestId('application-number').click();
      await page.waitForURL(/\/queue-position\?number=/);
      await expect.poll(() => page.locator('main').textContent(), SLOW).toContain(number);
    } finally {
      await context.close();
    }
  });
});

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
