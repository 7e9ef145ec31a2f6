import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInn10, makeOgrn } from '../../src/common/identifiers/index.ts';
import { screenshot, startDemoStand } from '../support/browser.ts';
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

const login = (page: Page, name: string) => stand.login(page, name);

/** Mantine selects: open by the input's label, then pick the option. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('registry of organizations in the browser', () => {
  it('signs in, rejects a bad ИНН with a message at the field, saves the fixed one and lists it', async () => {
    const page = await browser.newPage();
    await login(page, 'municipality');
    await page.waitForURL(/\/organizations/);
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(1);
    await screenshot(page, 'organizations-list');

    await page
      .getByRole('button', { name: 'Добавить организацию' })
      .or(page.getByRole('link', { name: 'Добавить организацию' }))
      .first()
      .click();
    await page.waitForURL(/\/organizations\/new/);
    const name = `Средняя общеобразовательная школа № ${Date.now() % 100000}`;
    const inn = makeInn10('380812345');
    const badInn = `${inn.slice(0, 9)}${(Number(inn[9]) + 1) % 10}`;
    await page
      .getByLabel('Полное наименование')
      .fill(`Муниципальное бюджетное общеобразовательное учреждение «${name}»`);
    await page.getByLabel('Краткое наименование').fill(`МБОУ «${name}»`);
    await choose(page, 'Вид организации', 'Общеобразовательная организация (ОО)');
    await choose(page, 'Организационно-правовая форма', '75403 — Муниципальное бюджетное учреждение');
    await choose(page, 'Муниципальное образование', 'город Иркутск');
    await page.getByLabel('ИНН').fill(badInn);
    await page.getByLabel('КПП').fill('380801001');
    await page.getByLabel('ОГРН').fill(makeOgrn('102380812345'));
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const innMessage = page.getByText(/Контрольн\S* (цифр|числ)/i).first();
    await expect.poll(() => innMessage.isVisible()).toBe(true);
    await screenshot(page, 'organization-bad-inn');

    await page.getByLabel('ИНН').fill(inn);
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/organizations\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText(`МБОУ «${name}»`).first().isVisible()).toBe(true);
    await screenshot(page, 'organization-card');

    await page.goto(`${base}/organizations`);
    await page.getByLabel('ИНН').fill(inn);
    await expect.poll(() => page.getByRole('cell', { name: `МБОУ «${name}»` }).count()).toBe(1);
    const stored = await s.owner.query('SELECT count(*)::int AS n FROM organizations WHERE inn = $1', [inn]);
    expect(stored.rows[0].n).toBe(1);
    await page.close();
  });

  it('a parent signs in through the demo Госуслуги and lands in the citizen cabinet', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByText('Войти через Госуслуги').click();
    await page.waitForURL(/\/dev-esia\/interaction\//);
    await screenshot(page, 'esia-demo');
    await page.getByRole('button', { name: 'Смирнова Анна Сергеевна' }).click();
    await page.waitForURL(/\/cabinet/);
    await expect.poll(() => page.getByText('Смирнова Анна Сергеевна').first().isVisible()).toBe(true);
    await screenshot(page, 'citizen-cabinet');
    const user = await s.owner.query(`SELECT u.id FROM users u JOIN role_assignments r ON r.user_id = u.id
      WHERE u.snils = '11223344595' AND r.role = 'citizen'`);
    expect(user.rowCount).toBe(1);
    const audit = await s.owner.query(
      `SELECT details FROM audit_log WHERE action = 'auth.login' AND actor_user_id = $1`,
      [user.rows[0].id],
    );
    expect(audit.rows[0].details).toEqual({ method: 'esia' });
    await page.close();
  });
});
