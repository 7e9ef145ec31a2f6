import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

// Children of several ages added to the demo kindergarten, all in one group: full years on 1 January
// after the default reference date (the last 31 December) of 1, 3 and 5.
const KIDS = [
  { name: 'Статов', years: 1, sex: 'male' },
  { name: 'Статова', years: 3, sex: 'female' },
  { name: 'Статовский', years: 5, sex: 'male' },
] as const;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
  const org = await s.owner.query(
    `SELECT ra.scope_node_id AS id FROM users u JOIN role_assignments ra ON ra.user_id = u.id
      WHERE u.login = 'kindergarten' AND ra.role = 'org_admin' AND ra.revoked_at IS NULL LIMIT 1`,
  );
  const kg = org.rows[0].id as string;
  const year = new Date().getUTCFullYear();
  const asOf = `${new Date().toISOString().slice(5, 10) === '12-31' ? year : year - 1}-12-31`;
  const prog = await s.owner.query(
    `SELECT id FROM education_programmes WHERE organization_id = $1 AND level = 'preschool' LIMIT 1`,
    [kg],
  );
  const unit = await s.owner.query(
    `SELECT pl.unit_id FROM placements pl JOIN enrollments e ON e.id = pl.enrollment_id
      WHERE e.organization_id = $1 AND pl.valid_from <= $2::date AND (pl.valid_to IS NULL OR pl.valid_to > $2::date)
      LIMIT 1`,
    [kg, asOf],
  );
  for (const k of KIDS) {
    const birth = `${Number(asOf.slice(0, 4)) + 1 - k.years - 1}-06-15`;
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, citizenship_codes)
       VALUES ($1, 'Тест', 'Формович', $2, $3, '{643}') RETURNING id`,
      [k.name, birth, k.sex],
    );
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [p.rows[0].id, kg, prog.rows[0]?.id ?? null, `${Number(asOf.slice(0, 4)) - 1}-09-01`],
    );
    if (unit.rows[0])
      await s.owner.query(`INSERT INTO placements (enrollment_id, unit_id, valid_from) VALUES ($1, $2, $3)`, [
        e.rows[0].id,
        unit.rows[0].unit_id,
        `${Number(asOf.slice(0, 4)) - 1}-09-01`,
      ]);
  }
}, 240_000);
afterAll(() => stand?.stop());

describe('«Статистические формы»: a kindergarten computes 85-К and opens a cell', () => {
  it('computes the form for its kindergarten, downloads the XLSX and drills into a cell', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await stand.login(page, 'kindergarten');
    await page.getByRole('link', { name: 'Статистические формы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Статистические формы' }).waitFor();
    const forms = page.getByTestId('stat-forms');
    await forms.getByText('Приказ Росстата от 31.07.2024 № 332', { exact: false }).waitFor();
    await look(page, 'stat-forms-register');
    await forms.locator('tr[data-form="85-k/2024"]').getByRole('link', { name: 'Рассчитать' }).click();
    await page.waitForURL(/\/stat-forms\/85-k\/2024\?organizationId=/);

    const section = page.getByTestId('section-7');
    await section.waitFor();
    // Row 05 of 2.3 (days the kindergarten worked) is not entered yet: its ratio waits, none is broken.
    await page.getByTestId('controls-not-checked').getByText('контроль 2.3.2', { exact: false }).waitFor();
    expect(await page.getByTestId('control-failures').count()).toBe(0);
    const cell = (row: string, column: string) => section.locator(`td[data-cell="${row}:${column}"]`);
    const total = Number(await cell('701', '3').textContent());
    expect(total).toBeGreaterThanOrEqual(KIDS.length);
    // Every age band the added children fall into counts at least one child.
    for (const k of KIDS)
      expect(Number(await cell('701', String(4 + k.years)).textContent())).toBeGreaterThan(0);
    await look(page, 'stat-form-85k');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^85-k-2024-\d{4}-12-31\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Форма')!;
    expect(String(ws.getCell('A1').value)).toContain('85-К');
    expect(String(ws.getCell('A2').value)).toContain('85-k');
    expect(wb.getWorksheet('Контроль')).toBeTruthy();

    // The cell of three-year-olds: the drawer lists exactly as many children as the cell shows.
    const three = cell('701', '7');
    const count = Number(await three.textContent());
    await three.getByRole('button').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`Строка 701, графа 7: ${count}`).waitFor();
    const rows = drawer.getByTestId('cell-learners').locator('tbody tr');
    await drawer.getByText(`Показано ${Math.min(count, 50)} из ${count}`).waitFor();
    while (await drawer.getByRole('button', { name: 'Показать еще' }).count()) {
      const before = await rows.count();
      await drawer.getByRole('button', { name: 'Показать еще' }).click();
      await expect.poll(() => rows.count()).toBeGreaterThan(before);
    }
    expect(await rows.count()).toBe(count);
    await drawer.getByRole('link', { name: /Статова Тест Формович/ }).waitFor();
    await look(page, 'stat-form-85k-drilldown');
    await context.close();
  });

  it('the analyst reads the counts, but the cells are not links', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'analyst');
    await page.getByRole('link', { name: 'Статистические формы' }).click();
    await page
      .getByTestId('stat-forms')
      .locator('tr[data-form="85-k/2024"]')
      .getByRole('link', { name: 'Рассчитать' })
      .click();
    const section = page.getByTestId('section-7');
    await section.waitFor();
    expect(Number(await section.locator('td[data-cell="701:3"]').textContent())).toBeGreaterThan(0);
    expect(await section.getByRole('button').count()).toBe(0);
    await page.getByText('Расшифровка ячеек (списки обучающихся) доступна операторам реестра.').waitFor();
    await context.close();
  });

  it('the kindergarten signs its form; the municipality sees it signed and returns it with a reason', async () => {
    const kg = (
      await s.owner.query(
        `SELECT ra.scope_node_id AS id FROM users u JOIN role_assignments ra ON ra.user_id = u.id
          WHERE u.login = 'kindergarten' AND ra.role = 'org_admin' AND ra.revoked_at IS NULL LIMIT 1`,
      )
    ).rows[0].id as string;
    const mun = (
      await s.owner.query(
        `SELECT ra.scope_node_id AS id FROM users u JOIN role_assignments ra ON ra.user_id = u.id
          WHERE u.login = 'municipality' AND ra.revoked_at IS NULL LIMIT 1`,
      )
    ).rows[0].id as string;
    const inside = await s.owner.query(
      `SELECT 1 FROM scope_closure WHERE ancestor_id = $1 AND descendant_id = $2`,
      [mun, kg],
    );
    expect(inside.rowCount).toBe(1);

    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const head = await context.newPage();
    await stand.login(head, 'kindergarten');
    await head.goto(`${stand.base}/stat-forms/85-k/2024?organizationId=${kg}`);
    const status = head.getByTestId('submission-status');
    await status.getByText('Форма не подписана').waitFor();
    // The days the kindergarten worked are entered by hand; until they are, the form is not signed.
    await status.getByText('Подписать нельзя, пока не заполнены ячейки', { exact: false }).waitFor();
    expect(await head.getByRole('button', { name: 'Подписать форму' }).isDisabled()).toBe(true);
    const manual = head.getByTestId('manual-cells');
    await manual.getByText('Не заполнено ячеек: 2.').waitFor();
    await head.getByLabel('строка 05, графа 3 — вводится вручную').fill('247');
    await head.getByLabel('строка 05, графа 4 — вводится вручную').fill('240');
    await look(head, 'stat-form-85k-manual');
    await manual.getByRole('button', { name: 'Сохранить ячейки' }).click();
    await manual.getByText('Все ячейки заполнены.', { exact: false }).waitFor();
    await head.getByTestId('controls-ok').waitFor();
    await head.getByRole('button', { name: 'Подписать форму' }).click();
    await head.getByRole('button', { name: 'Подписать', exact: true }).click();
    await status.getByText('Форма подписана').waitFor();
    await status.getByText('Демо: заведующий', { exact: false }).waitFor();
    // Signed: the entered values stay, no longer as inputs.
    const days = head.getByTestId('section-2.3');
    await days.locator('td[data-cell="05:3"]').getByText('247').waitFor();
    expect(await days.getByRole('textbox').count()).toBe(0);
    expect(await head.getByTestId('manual-cells').count()).toBe(0);
    const [xlsx] = await Promise.all([
      head.waitForEvent('download'),
      head.getByRole('link', { name: 'Скачать XLSX' }).click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const entered: unknown[] = [];
    book.getWorksheet('Форма')!.eachRow((row) => {
      if (row.getCell(2).value === '05') entered.push(row.getCell(3).value, row.getCell(4).value);
    });
    expect(entered).toEqual([247, 240]);
    await look(head, 'stat-form-85k-signed');
    const [pdf] = await Promise.all([
      head.waitForEvent('download'),
      head.getByRole('link', { name: 'PDF для подписи' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^85-k-2024-\d{4}-12-31\.pdf$/);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    // A context of its own: the kindergarten's session cookie would skip the login page.
    const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const mp = await other.newPage();
    await stand.login(mp, 'municipality');
    await mp.goto(`${stand.base}/stat-forms/85-k/2024?territoryId=${mun}`);
    const progress = mp.getByTestId('submission-progress');
    const row = progress.locator(`tr[data-organization="${kg}"]`);
    await row.getByText('Подписана').waitFor();
    await look(mp, 'stat-form-85k-progress');
    await mp.getByText('Сводная из подписанных форм').click();
    await mp
      .getByTestId('consolidated-note')
      .getByText(/подписали 1 из \d+/)
      .waitFor();
    expect(await mp.getByTestId('section-7').getByRole('button').count()).toBe(0);
    await look(mp, 'stat-form-85k-consolidated');
    await mp.getByText('По данным реестра').click();
    await row.getByRole('button', { name: 'Вернуть' }).click();
    const dialog = mp.getByRole('dialog');
    await dialog.getByLabel('Причина возврата').fill('Сверьте число детей до года');
    await dialog.getByRole('button', { name: 'Вернуть' }).click();
    await row.getByText('Возвращена').waitFor();
    await row.getByText('Сверьте число детей до года').waitFor();

    await head.reload();
    await status.getByText('Форма возвращена на исправление').waitFor();
    await status.getByText('Причина: Сверьте число детей до года').waitFor();
    await head.getByRole('button', { name: 'Подписать снова' }).waitFor();
    await other.close();
    await context.close();
  });
});
