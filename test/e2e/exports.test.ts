import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let act: { actId: string; actNumber: string };

const RUSSIAN_HEAD =
  'Псевдоним;Пол;Месяц рождения;Гражданство (ОКСМ);ОКТМО адреса регистрации;Организация (ID);' +
  'Вид организации;ОКТМО организации;Месяц зачисления;Месяц выбытия;Законный представитель;' +
  'Трудная жизненная ситуация';

/** The learners the regional operator's export holds: one row per enrollment of an active person. */
const enrollmentCount = async () =>
  (
    await s.owner.query(
      `SELECT count(*)::int AS n FROM enrollments e JOIN persons p ON p.id = e.person_id WHERE p.status = 'active'`,
    )
  ).rows[0].n as number;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
  // One act in the register: a learner who has left (enrollments closed, no links) is destroyed
  // through the API as the regional operator would do it from the card.
  const page = await browser.newPage();
  await stand.login(page, 'region');
  const person = (
    await s.owner.query(
      `SELECT p.id FROM persons p WHERE p.status = 'active'
          AND EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM representations r WHERE r.representative_id = p.id)
        ORDER BY p.id LIMIT 1`,
    )
  ).rows[0].id as string;
  await s.owner.query(
    `UPDATE enrollments SET ended_on = current_date - 1 WHERE person_id = $1 AND ended_on IS NULL`,
    [person],
  );
  const session = await (await page.request.get(`${base}/api/v1/auth/session`)).json();
  const res = await page.request.post(`${base}/api/v1/persons/${person}/destroy`, {
    headers: { 'X-CSRF-Token': session.csrfToken },
    data: { basis: 'purpose_achieved', basisDetails: 'Выбыл, срок хранения истек', confirm: true },
  });
  expect(res.status(), await res.text()).toBe(201);
  act = await res.json();
  await page.close();
});
afterAll(() => stand?.stop());

async function download(page: Page, format: 'CSV для Excel' | 'XLSX') {
  await page.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-download').click(),
  ]);
  await page.getByTestId('export-done').waitFor();
  await expect.poll(() => page.getByTestId('export-download').isEnabled()).toBe(true);
  return { name: file.suggestedFilename(), body: readFileSync((await file.path())!) };
}

/** Opens a section from the navigation; on a phone through «Меню», then waits for it to slide away. */
async function openSection(page: Page, width: number, name: string) {
  if (width < 768) await page.getByRole('button', { name: 'Меню' }).click();
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  if (width < 768) {
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    await expect
      .poll(async () => ((await nav.boundingBox())?.x ?? -1) + ((await nav.boundingBox())?.width ?? 0))
      .toBeLessThanOrEqual(0);
  }
}

const noSidewaysScroll = async (page: Page) => {
  const [doc, viewport] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(doc).toBeLessThanOrEqual(viewport!);
};

describe('the pseudonymised export and the destruction acts in the browser', () => {
  for (const width of [1440, 390]) {
    it(`the regional operator downloads the CSV for Excel and the XLSX (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'region');
      await openSection(page, width, 'Обезличенная выгрузка');
      expect(await page.title()).toBe('Обезличенная выгрузка — Контингент');
      await screenshot(page, `export-${width}`);
      await noSidewaysScroll(page);
      const rows = await enrollmentCount();

      const csv = await download(page, 'CSV для Excel');
      expect(csv.name).toMatch(/^persons-pseudonymised-.+\.csv$/);
      expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.body.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe(RUSSIAN_HEAD);
      expect(lines).toHaveLength(1 + rows);
      expect(await page.getByTestId('export-done').textContent()).toContain(`строк: ${rows}`);
      await screenshot(page, `export-${width}-done`);

      const xlsx = await download(page, 'XLSX');
      expect(xlsx.name).toMatch(/^persons-pseudonymised-.+\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect((ws.getRow(1).values as unknown[]).slice(1).join(';')).toBe(RUSSIAN_HEAD);
      expect(ws.rowCount).toBe(1 + rows);
      await page.close();
    });

    it(`the regional operator sees the register of destruction acts with the act's PDF (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'region');
      await openSection(page, width, 'Акты уничтожения');
      expect(await page.title()).toBe('Акты уничтожения — Контингент');
      const row = page.getByTestId('destruction-acts').locator('tbody tr', { hasText: act.actNumber });
      await row.waitFor();
      const text = (await row.textContent())!;
      expect(text).toContain('Достижение цели обработки');
      expect(text).toContain('Выбыл, срок хранения истек');
      expect(text).toMatch(/\d{2}\.\d{2}\.\d{4}/);
      await screenshot(page, `destruction-acts-${width}`);
      await noSidewaysScroll(page);
      const href = await row.getByRole('link', { name: 'Акт (PDF)' }).getAttribute('href');
      const pdf = await page.request.get(`${base}${href}`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    });
  }

  it('an analyst has the export but not the register of acts', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'analyst');
    await page.getByRole('link', { name: 'Обезличенная выгрузка' }).waitFor();
    expect(await page.getByRole('link', { name: 'Акты уничтожения' }).count()).toBe(0);
    await page.goto(`${base}/destruction-acts`);
    await page.waitForURL((u) => !u.pathname.startsWith('/destruction-acts'));
    await page.close();
  });
});
