import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { buildRegion, buildUser, type TestUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let regional: TestUser;
let schools: { id: string; name: string }[];
let municipality: string;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  const r = await s.owner.query(
    `SELECT o.id, o.short_name AS name, t.name AS territory FROM organizations o
       JOIN territories t ON t.id = o.territory_id
      WHERE o.kind = 'school' AND t.oktmo = '25701000' ORDER BY o.short_name LIMIT 2`,
  );
  schools = r.rows.map((x) => ({ id: x.id, name: x.name }));
  municipality = r.rows[0].territory;
});
afterAll(() => stand?.stop());

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);
let pairs = 0;

/**
 * One girl registered twice by two schools (the second time with a typo in the surname), with the
 * same address typed differently, and a finished duplicate report that lists only this pair.
 */
async function seedPair() {
  pairs++;
  const birthDate = `2014-0${pairs}-15`;
  const name = { firstName: 'Дарья', middleName: 'Олеговна', sex: 'female', birthDate };
  const a = await createLearner(s, regional, schools[0]!.id, {
    ...name,
    lastName: pairs === 1 ? 'Ворожцова' : 'Белозерцева',
    snils: undefined,
  });
  const b = await createLearner(s, regional, schools[1]!.id, {
    ...name,
    lastName: pairs === 1 ? 'Ворожцева' : 'Белозерцова',
    addresses: [{ kind: 'registration', text: 'Иркутская обл. г. Иркутск ул. Ленина д. 1 кв. 2' }],
    duplicateResolution: { candidateIds: [a.id], reason: 'Проверим и объединим позже' },
  });
  // Registering the second record past the duplicate warning declared them different; the clerk
  // who finds the pair later has not seen that warning.
  await q('DELETE FROM person_distinctions WHERE $1 IN (person_a, person_b)', [a.id]);
  const run = await q(
    `INSERT INTO duplicate_runs (status, min_score, finished_at, pairs) VALUES ('finished', 0.6, now(), 1)
     RETURNING id`,
  );
  const [x, y] = [a.id, b.id].sort();
  await q(`INSERT INTO duplicate_pairs (run_id, person_a, person_b, score) VALUES ($1, $2, $3, 0.93)`, [
    run.rows[0].id,
    x,
    y,
  ]);
  return { a, b };
}

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Merges the pair into `survivor` (the first record), keeping the second record's school. */
async function mergeChoosingSecondSchool(page: Page, survivor: { [k: string]: unknown }) {
  await page.getByRole('button', { name: 'Объединить', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Объединение записей' });
  // The pair lists its records in id order; the survivor is chosen, not left to that order.
  await dialog
    .getByRole('radio', { name: `${String(survivor.lastName)} Дарья Олеговна`, exact: true })
    .check();
  await dialog.getByLabel(/Основание объединения/).fill('Одна ученица, записана двумя школами');
  await dialog.getByRole('button', { name: 'Объединить', exact: true }).click();
  // Both records study at a school: the dialog asks which enrollment stays.
  const choice = dialog.getByTestId('enrollment-choice-school');
  await choice.waitFor();
  await choice.getByRole('radio', { name: new RegExp(`^${literal(schools[1]!.name)} \\(`) }).check();
  return dialog;
}
const literal = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const activeSchools = async (personId: string) =>
  (
    await q(`SELECT organization_id FROM enrollments WHERE person_id = $1 AND ended_on IS NULL ORDER BY 1`, [
      personId,
    ])
  ).rows.map((r) => r.organization_id);

describe('merge of duplicates in the browser', () => {
  for (const width of [1440, 390]) {
    it(`before the first run the report says it was not run and offers to run it (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'region');
      await page.goto(`${base}/duplicates`);
      await page.getByTestId('never-run').waitFor();
      expect(await page.getByTestId('never-run').textContent()).toContain('еще не формировался');
      expect(await page.getByText('Возможных дубликатов не найдено').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Сформировать отчет', exact: true }).isVisible()).toBe(
        true,
      );
      expect(await noSideScroll(page)).toBe(true);
      await screenshot(page, `duplicates-never-run-${width}`);
      await page.close();
    });
  }

  it('a row shows СНИЛС, the document and «(municipality)»; merge asks for the school, undo restores (1440 px)', async () => {
    const { a, b } = await seedPair();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'region');
    await page.goto(`${base}/duplicates`);
    const table = page.getByTestId('duplicates-table');
    await table.getByText(`${schools[0]!.name} (${municipality})`).waitFor();
    const snils = String(b.snils);
    const formatted = `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`;
    expect(await table.getByText(`СНИЛС ${formatted}`, { exact: false }).count()).toBe(1);
    expect(await table.getByText(/Свидетельство о рождении/).count()).toBe(2);
    await screenshot(page, 'duplicates-rows-1440');

    const dialog = await mergeChoosingSecondSchool(page, a);
    await screenshot(page, 'merge-choice-1440');
    await dialog.getByRole('button', { name: 'Объединить', exact: true }).click();
    const done = page.getByTestId('merge-done');
    await done.waitFor();
    // The page lives on after the merge (it used to crash on a pair merged away).
    expect(await page.getByRole('heading', { level: 1, name: 'Возможные дубликаты' }).isVisible()).toBe(true);
    expect(await activeSchools(a.id)).toEqual([schools[1]!.id]);
    const addresses = await q('SELECT count(*)::int AS n FROM person_addresses WHERE person_id = $1', [a.id]);
    expect(addresses.rows[0].n).toBe(1);
    await screenshot(page, 'merge-done-1440');

    await done.getByRole('button', { name: 'Отменить объединение' }).click();
    await expect.poll(() => done.isVisible()).toBe(false);
    const status = await q('SELECT status FROM persons WHERE id = $1', [b.id]);
    expect(status.rows[0].status).toBe('active');
    expect(await activeSchools(a.id)).toEqual([schools[0]!.id]);
    expect(await activeSchools(b.id)).toEqual([schools[1]!.id]);
    // The duplicate's card is its own again, not the survivor's.
    await page.goto(`${base}/persons/${b.id}`);
    await page.getByRole('heading', { level: 1, name: /Ворожцева Дарья/ }).waitFor();
    expect(await page.getByTestId('resolved-from').count()).toBe(0);
    await page.close();
  });

  it('the survivor card offers undo while possible, tells the merge in words, and undo restores it (390 px)', async () => {
    const { a, b } = await seedPair();
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await stand.login(page, 'region');
    await page.goto(`${base}/duplicates`);
    await page
      .getByTestId('duplicates-table')
      .getByText(/Белозерцева/)
      .waitFor();
    expect(await noSideScroll(page)).toBe(true);
    const dialog = await mergeChoosingSecondSchool(page, a);
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, 'merge-choice-390');
    await dialog.getByRole('button', { name: 'Объединить', exact: true }).click();
    await page.getByTestId('merge-done').waitFor();
    await screenshot(page, 'merge-done-390');

    await page.getByTestId('merge-done').getByRole('link').click();
    await page.waitForURL(new RegExp(`/persons/${a.id}$`));
    const undo = page.getByTestId('merge-undo');
    await undo.waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, 'person-merge-undo-390');
    await page.getByRole('tab', { name: 'История', exact: true }).click();
    await page
      .getByText(/К записи присоединена запись-дубликат: .*сведения об обучении — завершено/)
      .waitFor();
    expect(await page.getByText(/moved:/).count()).toBe(0);
    await screenshot(page, 'person-history-merge-390');

    await undo.getByRole('button', { name: 'Отменить объединение' }).click();
    await expect.poll(() => undo.isVisible()).toBe(false);
    expect((await q('SELECT status FROM persons WHERE id = $1', [b.id])).rows[0].status).toBe('active');
    expect(await activeSchools(a.id)).toEqual([schools[0]!.id]);
    await page.getByRole('tab', { name: 'Личные данные' }).click();
    await page.getByText(schools[0]!.name).first().waitFor();
    expect(await page.getByText(schools[1]!.name).count()).toBe(0);
    await page.close();
  });
});
