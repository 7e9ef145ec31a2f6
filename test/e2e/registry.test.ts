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

// Shared machines are slow: a page may take seconds to render; the polls wait for it, nothing is timed.
const SLOW = { timeout: 30_000 };

describe('users page in the browser', () => {
  it('marks a user with a role outside the school admin scope and offers no account actions for them', async () => {
    const scope =
      await s.owner.query(`SELECT r.scope_node_id FROM role_assignments r JOIN users u ON u.id = r.user_id
      WHERE u.login = 'school' AND r.role = 'org_admin'`);
    const region = await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`);
    const user = await s.owner.query(
      `INSERT INTO users (login, full_name) VALUES ('dual.role', 'Двойная Роль Ивановна') RETURNING id`,
    );
    await s.owner.query(
      `INSERT INTO role_assignments (user_id, role, scope_node_id) VALUES ($1, 'org_operator', $2), ($1, 'regional_operator', $3)`,
      [user.rows[0].id, scope.rows[0].scope_node_id, region.rows[0].id],
    );
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(page, 'school');
    await page.goto(`${base}/users`);
    const row = page.getByRole('row').filter({ hasText: 'dual.role' });
    await expect.poll(() => row.getByText('Роли вне вашей области').isVisible(), SLOW).toBe(true);
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: 'Роли вне вашей области' }).count(), SLOW)
      .toBe(1);
    await screenshot(page, 'users-list');

    await row.getByRole('link', { name: 'dual.role' }).click();
    await expect.poll(() => page.getByText('Роли вне вашей области доступа').isVisible(), SLOW).toBe(true);
    expect(await page.getByRole('button', { name: 'Сбросить пароль' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Изменить' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Заблокировать' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Отозвать' }).count()).toBe(1);
    await screenshot(page, 'user-card-partial');
    await page.close();
  });
});
