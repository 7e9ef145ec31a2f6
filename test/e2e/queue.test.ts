import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';

let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
});
afterAll(() => stand?.stop());

describe('the preschool queue in the browser', () => {
  it('the municipality finds an application whose right waits, confirms the right and withdraws it with a reason', async () => {
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'municipality');
    await page.getByRole('link', { name: 'Очередь в детские сады' }).first().click();
    await page.waitForURL(/\/queue/);
    const table = page.getByTestId('queue-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(20);
    await look(page, 'queue-list');

    await field(page, 'Льгота').click();
    await page.getByRole('option', { name: 'Ждёт подтверждения' }).click();
    await expect.poll(() => table.textContent()).toContain('льгота на проверке');
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.every((r) => r.includes('льгота на проверке'))).toBe(true);
    const link = table.locator('tbody tr').first().getByRole('link');
    const number = (await link.textContent())!.replace('№', '').trim();
    await link.click();
    await page.waitForURL(/\/queue\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('Требуется подтверждение права');
    await look(page, 'queue-application');

    await page.getByRole('button', { name: 'Подтвердить', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Подтвердить льготу' }).click();
    await expect.poll(() => page.getByTestId('rights-table').textContent()).toContain('подтверждена');
    expect(await page.getByTestId('application-history').textContent()).toContain('Льгота подтверждена');
    expect(await page.locator('main').textContent()).toContain('В очереди');

    await page.getByRole('button', { name: 'Сменить статус' }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, 'Новый статус').click();
    await page.getByRole('option', { name: 'Заявление отозвано' }).click();
    // A reason too short to be checked later is refused on its field.
    await field(dialog, 'Причина').fill('да');
    await dialog.getByRole('button', { name: 'Сменить статус' }).click();
    await expect.poll(() => dialog.textContent()).toContain('не менее 5 символов');
    await field(dialog, 'Причина').fill('Заявитель отозвал заявление лично');
    await look(page, 'queue-status-dialog');
    await dialog.getByRole('button', { name: 'Сменить статус' }).click();
    await expect
      .poll(() => page.getByTestId('application-history').textContent())
      .toContain('Заявитель отозвал заявление лично');
    const status = await stand.server.owner.query(
      'SELECT status, closed_on FROM preschool_applications WHERE number = $1',
      [number],
    );
    expect(status.rows[0].status).toBe('withdrawn');
    expect(status.rows[0].closed_on).not.toBeNull();
    await context.close();
  });
});

describe('the public queue position', () => {
  it('anyone finds an application by its number from the sign-in page, and no name is shown', async () => {
    const row = await stand.server.owner.query(
      `SELECT a.number, p.last_name FROM preschool_applications a JOIN persons p ON p.id = a.child_id
        WHERE a.status = 'queued' ORDER BY a.registered_at DESC LIMIT 1`,
    );
    const { number, last_name: lastName } = row.rows[0];
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stand.base}/login`);
    await page.getByRole('link', { name: 'Узнать место в очереди в детский сад' }).click();
    await page.waitForURL(/\/queue-position/);
    await field(page, 'Номер заявления').fill('не номер');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('восемь цифр');
    await field(page, 'Номер заявления').fill(number);
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.getByTestId('position-table').textContent()).toContain('1.');
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain(`Заявление № ${number}`);
    expect(text).not.toContain(lastName);
    // The region's time, labelled, though nobody signed in.
    expect(text).toContain('(МСК+5)');
    await look(page, 'queue-position');
    await context.close();
  });
});

describe('the public kindergartens page', () => {
  it('anyone opens the municipality queue by age and the kindergarten cards from the sign-in page', async () => {
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stand.base}/login`);
    await page.getByRole('link', { name: 'Детские сады, свободные места и очередь' }).click();
    await page.waitForURL(/\/kindergartens/);
    await field(page, 'Муниципалитет').click();
    await page.getByRole('option', { name: 'город Иркутск' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Очередь в этот детский сад');
    const text = (await page.locator('main').textContent())!;
    const waiting = await stand.server.owner.query(
      `SELECT count(*)::int AS n FROM preschool_applications a JOIN territories t ON t.id = a.municipality_id
        WHERE t.name = 'город Иркутск' AND a.status IN ('queued', 'awaiting_confirmation', 'wants_change')`,
    );
    // The municipality's table sums to its waiting applications, and no child is named.
    const totals = await page
      .getByRole('region', { name: 'Очередь: город Иркутск' })
      .locator('tbody tr td:nth-child(5)')
      .allTextContents();
    expect(totals.reduce((s, t) => s + Number(t), 0)).toBe(waiting.rows[0].n);
    const child = await stand.server.owner.query(
      `SELECT p.last_name FROM preschool_applications a JOIN persons p ON p.id = a.child_id LIMIT 1`,
    );
    expect(text).not.toContain(child.rows[0].last_name);
    await look(page, 'public-kindergartens');
    await context.close();
  });
});

describe('the forecast of kindergarten places', () => {
  it('the municipality sees demand against free places by age for three Septembers, as a chart and a table', async () => {
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'municipality');
    await page.getByRole('link', { name: 'Прогноз мест в детских садах' }).first().click();
    await page.waitForURL(/\/forecast/);
    await field(page, 'Территория').click();
    await page.getByRole('option', { name: 'город Иркутск' }).click();
    await expect.poll(() => page.getByRole('img', { name: /Очередь и свободные места/ }).count()).toBe(3);
    const first = page.locator('table[data-testid^="forecast-"]').first();
    expect(await first.locator('tbody tr').count()).toBe(6);
    // The queue column of the first date sums to the waiting applications wanting a place by then.
    const on = (await first.getAttribute('data-testid'))!.replace('forecast-', '');
    const waiting = await stand.server.owner.query(
      `SELECT count(*)::int AS n FROM preschool_applications a JOIN persons p ON p.id = a.child_id
         JOIN territories t ON t.id = a.municipality_id
        WHERE t.name = 'город Иркутск' AND a.desired_on <= $1
          AND a.status IN ('new', 'under_review', 'awaiting_confirmation', 'queued', 'wants_change')
          AND date_part('year', age($1::date, p.birth_date)) BETWEEN 1 AND 6`,
      [on],
    );
    const queue = await first.locator('tbody tr td:nth-child(5)').allTextContents();
    expect(queue.reduce((s, t) => s + Number(t), 0)).toBe(waiting.rows[0].n);
    expect(await page.getByRole('link', { name: 'Скачать XLSX' }).getAttribute('href')).toContain(
      '/api/v1/preschool-forecast.xlsx',
    );
    await look(page, 'forecast');
    await context.close();
  });
});
