import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { field } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

/** СНИЛС of the demo citizen «Смирнова Анна Сергеевна» of the demo Госуслуги. */
const MOTHER_SNILS = '11223344595';
const CHILD = { last: 'Пржевальская', first: 'Евдокия', middle: 'Тихоновна', birth: '14.03.2016' };
const CHILD_NAME = `${CHILD.last} ${CHILD.first} ${CHILD.middle}`;

let s: TestServer;
let browser: Browser;
let base: string;
let childId: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
});
afterAll(() => stand?.stop());

const login = (page: Page, name: string) => stand.login(page, name);

/** The learner's own fields on the new-learner form (the parent's section repeats the labels). */
const learnerPart = (page: Page) => page.getByRole('region', { name: 'Личные данные' });

/** Mantine selects: open by the input's label, then pick the option (the list opens in a portal). */
async function choose(page: Page, scope: Page | Locator, label: string, option: string) {
  await field(scope, label).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Fills the person fields shown in the learner form and in «Добавить представителя». */
async function fillPerson(
  page: Page,
  scope: Page | Locator,
  p: { last: string; first: string; middle: string; birth: string; sex: string; snils?: string },
) {
  await field(scope, 'Фамилия').fill(p.last);
  await field(scope, 'Имя').fill(p.first);
  await field(scope, 'Отчество').fill(p.middle);
  await field(scope, 'Дата рождения').fill(p.birth);
  await page.keyboard.press('Tab'); // leaves the field: the calendar closes (Escape would close a dialog)
  await choose(page, scope, 'Пол', p.sex);
  if (p.snils) await field(scope, 'СНИЛС').fill(p.snils);
}

async function openNewLearnerForm(page: Page) {
  await page.goto(`${base}/persons`);
  await page.getByRole('link', { name: 'Добавить обучающегося' }).click();
  await page.waitForURL(/\/persons\/new$/);
  // The school administrator's own organization is preselected for the enrollment.
  await expect.poll(() => field(page, 'Организация').inputValue()).not.toBe('');
}

describe('learners and representatives in the browser', () => {
  it('the school registers a learner and her mother, entered as a new person', async () => {
    const page = await browser.newPage();
    await login(page, 'school');
    await openNewLearnerForm(page);
    await fillPerson(page, learnerPart(page), { ...CHILD, sex: 'Женский' });
    // A mistyped СНИЛС is flagged at the field before anything is sent.
    await field(learnerPart(page), 'СНИЛС').fill('112-233-445 96');
    await expect
      .poll(() =>
        page
          .getByText(/контрольн/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await field(learnerPart(page), 'СНИЛС').fill('');
    await screenshot(page, 'person-new');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    childId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByRole('heading', { name: CHILD_NAME }).isVisible()).toBe(true);

    await page.getByRole('tab', { name: /Представители/ }).click();
    await page.getByRole('button', { name: 'Добавить представителя' }).click();
    const dialog = page.getByRole('dialog', { name: 'Добавить представителя' });
    await choose(page, page, 'Степень родства', 'Мать');
    await fillPerson(page, dialog, {
      last: 'Смирнова',
      first: 'Анна',
      middle: 'Сергеевна',
      birth: '20.05.1988',
      sex: 'Женский',
      snils: MOTHER_SNILS,
    });
    await screenshot(page, 'person-add-representative');
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click();
    // If the demo seed already holds this mother, the exact СНИЛС match offers her existing record.
    const existing = page.getByRole('button', { name: 'Связать с существующей записью' });
    const table = page.getByTestId('representatives-table');
    await expect.poll(async () => (await existing.isVisible()) || (await table.isVisible())).toBe(true);
    if (await existing.isVisible()) await existing.click();
    await expect
      .poll(() => table.getByRole('row').filter({ hasText: 'Смирнова Анна Сергеевна' }).count())
      .toBe(1);
    await expect.poll(() => table.getByText('Мать').isVisible()).toBe(true);
    await screenshot(page, 'person-card-representatives');

    const link = await s.owner.query(
      `SELECT r.relation FROM representations r JOIN persons m ON m.id = r.representative_id
        WHERE r.learner_id = $1 AND m.snils = $2 AND r.revoked_at IS NULL`,
      [childId, MOTHER_SNILS],
    );
    expect(link.rows).toEqual([{ relation: 'mother' }]);
    await page.close();
  });

  it('a typo’d twin with the same birth date opens the duplicate dialog listing the first learner', async () => {
    const page = await browser.newPage();
    await login(page, 'school');
    await openNewLearnerForm(page);
    await fillPerson(page, learnerPart(page), { ...CHILD, last: 'Пржевольская', sex: 'Женский' });
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const dialog = page.getByTestId('duplicate-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.getByRole('row').filter({ hasText: CHILD_NAME }).count()).toBe(1);
    await screenshot(page, 'person-duplicate-dialog');

    // Using the existing record is the dialog's main action; «Это другой человек» is the quiet one.
    const same = dialog.getByRole('button', { name: 'Это он(а)' }).first();
    const other = dialog.getByRole('button', { name: 'Это другой человек' });
    const background = (b: typeof same) => b.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background(same)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await background(other)).toBe('rgba(0, 0, 0, 0)');
    // It asks for a reason before saving; with it the twin is saved and the decision kept.
    expect(await page.getByLabel('Почему это другой человек').count()).toBe(0);
    await other.click();
    const save = dialog.getByRole('button', { name: 'Сохранить как другого человека' });
    await save.click();
    await expect.poll(() => dialog.getByText(/Укажите причину/).isVisible()).toBe(true);
    await page.getByLabel('Почему это другой человек').fill('Двойняшки, разные свидетельства о рождении');
    await save.click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    const twinId = page.url().split('/').pop()!;
    expect(twinId).not.toBe(childId);
    const kept = await s.owner.query(
      `SELECT reason FROM person_distinctions WHERE (person_a, person_b) IN (($1::uuid, $2::uuid), ($2, $1))`,
      [childId, twinId],
    );
    expect(kept.rows).toEqual([{ reason: 'Двойняшки, разные свидетельства о рождении' }]);
    await page.close();
  });

  it('the mother signs in through the demo Госуслуги and sees her child and who opened the card', async () => {
    // The school opens the child's card: that read must show up in the mother's access log.
    const staff = await browser.newPage();
    await login(staff, 'school');
    await staff.goto(`${base}/persons/${childId}`);
    await expect.poll(() => staff.getByRole('heading', { name: CHILD_NAME }).isVisible()).toBe(true);
    await screenshot(staff, 'person-card');
    await staff.close();

    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByText('Войти через Госуслуги').click();
    await page.waitForURL(/\/dev-esia\/interaction\//);
    await page.getByRole('button', { name: 'Смирнова Анна Сергеевна' }).click();
    await page.waitForURL(/\/cabinet/);
    const child = page.getByRole('region', { name: CHILD_NAME });
    await expect.poll(() => child.isVisible()).toBe(true);
    await expect.poll(() => child.getByText('Обучение').isVisible()).toBe(true);
    const log = page.getByTestId('access-log');
    await expect
      .poll(() =>
        log.getByRole('row').filter({ hasText: 'Просмотр карточки' }).filter({ hasText: CHILD_NAME }).count(),
      )
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('link', { name: 'Скачать PDF' }).isVisible()).toBe(true);
    await screenshot(page, 'citizen-cabinet-child');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать JSON' }).click(),
    ]);
    const exported = await readFile((await download.path())!, 'utf8');
    expect(exported).toContain(CHILD.last);
    await page.close();
  });
});
