import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/snils.ts';
import { startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let learner: { id: string; name: string };

const SCHOOL = `(SELECT r.scope_node_id FROM role_assignments r JOIN users u ON u.id = r.user_id
                  WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1)`;

async function open(login: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await stand.login(page, login);
  return page;
}

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
  // A learner of the demo school loses the СНИЛС: the control will find it.
  const r = await s.owner.query(
    `SELECT p.id, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name
       FROM persons p JOIN enrollments e ON e.person_id = p.id
      WHERE e.organization_id = ${SCHOOL} AND e.ended_on IS NULL AND p.status = 'active' AND p.snils IS NOT NULL
      ORDER BY p.id LIMIT 1`,
  );
  learner = r.rows[0];
  await s.owner.query(`UPDATE persons SET snils = NULL WHERE id = $1`, [learner.id]);
}, 240_000);
afterAll(() => stand?.stop());

async function runFinished() {
  await expect
    .poll(
      async () =>
        (await s.owner.query(`SELECT count(*)::int AS n FROM data_quality_runs WHERE status = 'finished'`))
          .rows[0].n,
      { timeout: 60_000, interval: 250 },
    )
    .toBeGreaterThan(0);
}

const finding = (page: Page) =>
  page
    .getByTestId('dq-findings')
    .locator('[data-check="learner_without_snils"]')
    .getByRole('link', { name: learner.name });

describe('«Качество данных»: the monthly control, a finding fixed until it closes', () => {
  it('the region runs the control and sees the organizations worst first', async () => {
    const page = await open('region');
    await page.getByRole('link', { name: 'Качество данных' }).click();
    await page.getByRole('heading', { level: 1, name: 'Качество данных' }).waitFor();
    await page.getByText('Проверок еще не было', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Запустить проверку' }).click();
    await page.getByRole('button', { name: 'Запустить', exact: true }).click();
    await runFinished();
    await page.reload();
    await page.getByTestId('dq-summary').waitFor();
    const rows = page.getByTestId('dq-organizations').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    await look(page, 'data-quality-region');
    await page.context().close();
  });

  it('the school finds the learner without СНИЛС, fixes the card, rechecks, and the finding closes', async () => {
    await runFinished();
    const page = await open('school');
    await page.getByRole('link', { name: 'Качество данных' }).click();
    await finding(page).waitFor();
    await page
      .getByTestId('dq-findings')
      .locator('[data-check="learner_without_snils"]')
      .getByText('Как исправить: Внесите СНИЛС', { exact: false })
      .waitFor();
    await look(page, 'data-quality-school');

    await finding(page).click();
    await page.waitForURL(new RegExp(`/persons/${learner.id}`));
    await page.goto(`${stand.base}/persons/${learner.id}/edit`);
    const snils = field(page, 'СНИЛС');
    await snils.waitFor();
    const body = String(700_000_000 + Math.floor(Math.random() * 99_000_000));
    const value = makeSnils(body);
    await snils.fill(`${value.slice(0, 3)}-${value.slice(3, 6)}-${value.slice(6, 9)} ${value.slice(9)}`);
    await snils.press('Tab');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.waitForURL((u) => !u.pathname.endsWith('/edit'));
    await expect
      .poll(
        async () =>
          (await s.owner.query(`SELECT snils FROM persons WHERE id = $1`, [learner.id])).rows[0].snils,
      )
      .toBe(value);

    await page.goto(`${stand.base}/data-quality`);
    await finding(page).waitFor();
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    await page.getByText(/Проверка выполнена: устранено [1-9]/).waitFor();
    await expect.poll(() => finding(page).count()).toBe(0);
    const closed = await s.owner.query(
      // Its finding at another organization it attends closes at that one's recheck or the next run.
      `SELECT closed_at FROM data_quality_findings
        WHERE check_code = 'learner_without_snils' AND object_id = $1 AND organization_id = ${SCHOOL}`,
      [learner.id],
    );
    expect(closed.rows.map((r) => r.closed_at !== null)).toEqual([true]);
    await page.context().close();
  });
});
