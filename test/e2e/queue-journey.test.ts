import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_STATUS_TITLES, OUTCOME_TITLES } from '../../src/common/queue-dictionary.ts';
import { SCREENSHOTS, startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';

/**
 * The preschool queue end to end on the demo stand: a parent files through the demo Госуслуги for a new
 * child with a внеочередное right, the municipality confirms the right, runs the main allocation for
 * the next 1 September and approves it, and the parent finds the referral in the cabinet and the status
 * on the public position page, where no name appears.
 */
let stand: Awaited<ReturnType<typeof startDemoStand>>;
const PARENT = 'Смирнова Анна Сергеевна';
const CHILD = { lastName: 'Смирнова', firstName: 'Ульяна', middleName: 'Дмитриевна' };
const SLOW = { timeout: 30_000 };
let municipality: string;
let kindergarten: string;
let september: string;

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

beforeAll(async () => {
  stand = await startDemoStand();
  const today = new Date().toISOString().slice(0, 10);
  september = `${Number(today.slice(0, 4)) + (today.slice(5) >= '09-01' ? 1 : 0)}-09-01`;
  // The demo municipality's queue and its kindergarten with next year's groups.
  const k = await stand.server.owner.query(
    `SELECT t.name AS municipality, o.short_name AS kindergarten
       FROM territories t
       JOIN scope_closure c ON c.ancestor_id = t.id
       JOIN organizations o ON o.id = c.descendant_id AND o.kind = 'preschool' AND o.status = 'active'
      WHERE t.id IN (SELECT municipality_id FROM preschool_applications)
        AND EXISTS (SELECT 1 FROM units u JOIN academic_years y ON y.id = u.academic_year_id
                     WHERE u.organization_id = o.id AND u.kind = 'group' AND y.starts_on = $1)
      ORDER BY o.short_name`,
    [september],
  );
  expect(k.rows).toHaveLength(1);
  municipality = k.rows[0].municipality;
  kindergarten = k.rows[0].kindergarten;
});
afterAll(() => stand?.stop());

/** Picks an option of a Mantine select found by its label. */
async function choose(page: Page, scope: Page | Locator, label: string, option: string | RegExp) {
  await field(scope, label).click();
  await page
    .getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option })
    .first()
    .click();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The parent files for a new child three years old on the next 1 September; returns the number. */
async function fileApplication(page: Page) {
  await stand.loginEsia(page, PARENT);
  const section = page.getByTestId('preschool-section');
  await section.waitFor(SLOW);
  await section.getByRole('button', { name: 'Подать заявление' }).click();
  const dialog = page.getByRole('dialog');
  const born = `${Number(september.slice(0, 4)) - 3}-03-10`;
  await dialog.getByLabel('Другой ребёнок — внести сведения').check();
  await field(dialog, 'Фамилия').fill(CHILD.lastName);
  await field(dialog, 'Имя').fill(CHILD.firstName);
  await field(dialog, 'Отчество \\(если есть\\)').fill(CHILD.middleName);
  await field(dialog, 'Дата рождения').fill(ddmmyyyy(born));
  await choose(page, dialog, 'Пол', 'Женский');
  await field(dialog, 'Серия свидетельства о рождении').fill('III-СТ');
  await field(dialog, 'Номер свидетельства').fill(String(Date.now()).slice(-6));
  await field(dialog, 'Дата выдачи свидетельства').fill(ddmmyyyy(born.replace(/-10$/, '-20')));
  await choose(page, dialog, 'Кем вы приходитесь ребёнку', 'Мать');
  // A parent the registry does not know yet adds what ЕСИА does not give.
  if ((await field(dialog, 'Ваша дата рождения').count()) > 0) {
    await field(dialog, 'Ваша дата рождения').fill('12.06.1993');
    await choose(page, dialog, 'Ваш пол', 'Женский');
  }
  await choose(page, dialog, 'Муниципалитет', municipality);
  await choose(page, dialog, '1-й по приоритету детский сад', new RegExp(`^${escapeRegExp(kindergarten)}`));
  await field(dialog, 'Желаемая дата приёма').fill(ddmmyyyy(september));
  // The внеочередное right with its document: the prosecutor's child.
  await dialog.getByLabel('Есть право на внеочередное или первоочередное зачисление').check();
  await choose(page, dialog, 'Категория льготы', 'дети прокуроров');
  await field(dialog, 'Подтверждающий документ').fill('Справка с места службы');
  await field(dialog, 'Дата выдачи документа').fill('12.01.2026');
  await dialog.getByRole('button', { name: 'Подать заявление' }).click();
  await dialog.waitFor({ state: 'detached', ...SLOW });
  const card = section
    .getByTestId('preschool-application')
    .filter({ hasText: `${CHILD.lastName} ${CHILD.firstName} ${CHILD.middleName}` });
  await card.waitFor(SLOW);
  await expect.poll(() => card.textContent()).toContain(APPLICATION_STATUS_TITLES.awaiting_confirmation);
  const number = (await card.getByTestId('application-number').textContent())!.trim();
  expect(number).toMatch(/^\d{8}-\d+$/);
  return number;
}

/** The specialist confirms the right and runs, checks and approves the main allocation. */
async function allocate(page: Page, number: string) {
  await stand.login(page, 'municipality');
  await page.getByRole('link', { name: 'Очередь в детские сады' }).first().click();
  await page.waitForURL(/\/queue$|\/queue\?/);
  const search = field(page, 'Номер заявления или фамилия ребёнка');
  await search.fill(number);
  await search.press('Enter');
  const queue = page.getByTestId('queue-table');
  await expect.poll(() => queue.locator('tbody tr').count(), SLOW).toBe(1);
  expect(await queue.textContent()).toContain(`${CHILD.lastName} ${CHILD.firstName}`);
  await queue.getByRole('link', { name: `№ ${number}` }).click();
  await page.waitForURL(/\/queue\/[0-9a-f-]{36}$/);

  const rights = page.getByTestId('rights-table');
  await expect.poll(() => rights.textContent(), SLOW).toContain('дети прокуроров');
  await rights.getByRole('button', { name: 'Подтвердить' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Подтвердить льготу' }).click();
  await expect.poll(() => rights.textContent()).toContain('подтверждена');
  await expect.poll(() => page.locator('main').textContent()).toContain(APPLICATION_STATUS_TITLES.queued);

  await page.getByRole('link', { name: 'Комплектование' }).first().click();
  await page.waitForURL(/\/allocation$/);
  await choose(page, page, 'Муниципалитет', new RegExp(escapeRegExp(municipality)));
  expect(await field(page, 'Вид').inputValue()).toBe('основное комплектование');
  expect(await field(page, 'Возраст детей на дату').inputValue()).toBe(ddmmyyyy(september));
  await page.getByRole('button', { name: 'Подготовить места' }).click();
  await page.waitForURL(/\/allocation\/[0-9a-f-]{36}$/);
  await expect.poll(() => page.getByTestId('run-groups').locator('tbody tr').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Запустить расчет' }).click();
  await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('проект');

  // The confirmed внеочередное right wins a place in the kindergarten the family chose.
  await choose(page, page, 'Итог', 'Направлены в выбранный сад');
  const outcomes = page.getByTestId('run-outcomes');
  const row = outcomes.locator('tbody tr').filter({ hasText: `№ ${number}` });
  await expect
    .poll(async () => {
      if ((await row.count()) > 0) return true;
      const more = page.getByRole('button', { name: 'Показать еще' });
      if (await more.isVisible()) await more.click();
      return false;
    }, SLOW)
    .toBe(true);
  expect(await row.textContent()).toContain(OUTCOME_TITLES.placed);
  expect(await row.textContent()).toContain(kindergarten);

  await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Утвердить и выдать направления' }).click();
  await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('утверждено');
}

describe('the preschool queue from filing to referral', () => {
  it('a parent files with a right, the municipality confirms it and allocates, the parent sees the referral', async () => {
    const parent = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const number = await fileApplication(await parent.newPage());
    await parent.close();

    const specialist = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await allocate(await specialist.newPage(), number);
    await specialist.close();

    const ref = await stand.server.owner.query(
      `SELECT r.number, r.expires_on::text, u.name AS unit_name
         FROM referrals r JOIN preschool_applications a ON a.id = r.application_id
         JOIN units u ON u.id = r.unit_id
        WHERE a.number = $1 AND r.status = 'issued'`,
      [number],
    );
    expect(ref.rows).toHaveLength(1);
    const { expires_on: expiresOn, unit_name: group } = ref.rows[0];

    // Back in the cabinet: the referral with the kindergarten, the group and the deadline, and what to do.
    const again = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await again.newPage();
    try {
      await stand.loginEsia(page, PARENT);
      const card = page
        .getByTestId('preschool-application')
        .filter({ hasText: `${CHILD.lastName} ${CHILD.firstName} ${CHILD.middleName}` });
      await card.waitFor(SLOW);
      const current = card.getByTestId('current-referral');
      await current.waitFor(SLOW);
      const text = (await current.textContent()) ?? '';
      expect(text).toContain(
        `Выдано направление в ${kindergarten}, группа «${group}», явиться до ${ddmmyyyy(expiresOn)}`,
      );
      expect(text).toContain(`Направление № ${ref.rows[0].number}`);
      expect(text).toContain(`Придите в детский сад не позднее ${ddmmyyyy(expiresOn)} включительно`);
      expect(text).toContain('свидетельство о рождении ребёнка');
      expect(await card.textContent()).toContain(APPLICATION_STATUS_TITLES.referred);
      await look(page, 'queue-journey-cabinet');
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        // The card's top just below the sticky header, as a parent scrolling to it sees it.
        await card.evaluate((e) =>
          window.scrollTo({ top: e.getBoundingClientRect().top + window.scrollY - 72, behavior: 'instant' }),
        );
        await page.screenshot({ path: `${SCREENSHOTS}/queue-journey-card-${width}.png` });
      }
      await page.setViewportSize({ width: 1440, height: 900 });

      // The public position page by the number: the status, and no name of the child or the parent.
      await card.getByTestId('application-number').click();
      await page.waitForURL(/\/queue-position\?number=/);
      const main = page.locator('main');
      await expect.poll(() => main.textContent(), SLOW).toContain(APPLICATION_STATUS_TITLES.referred);
      const pub = (await main.textContent()) ?? '';
      expect(pub).toContain(number);
      expect(pub).toContain(kindergarten);
      for (const name of [CHILD.lastName, CHILD.firstName, CHILD.middleName, 'Анна', 'Сергеевна'])
        expect(pub).not.toContain(name);
      await look(page, 'queue-journey-position');
    } finally {
      await again.close();
    }
  });
});
