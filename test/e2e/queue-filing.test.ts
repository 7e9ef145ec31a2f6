import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { field, look } from '../support/page-checks.ts';

let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
});
afterAll(() => stand?.stop());

const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('.');
const shiftDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * A child the demo municipality sees in full: it attends one of the municipality's kindergartens, has a
 * parent on its card and an address in the municipality with an ОКТМО, and no open application.
 */
async function demoChild() {
  const r = await stand.server.owner.query(
    `SELECT p.id, p.last_name, p.first_name, p.birth_date::text AS birth_date, a.oktmo, e.organization_id
       FROM persons p
       JOIN territories t ON t.oktmo = '25701000' AND t.kind = 'municipality'
       JOIN enrollments e ON e.person_id = p.id AND e.ended_on IS NULL
       JOIN organizations o ON o.id = e.organization_id AND o.kind = 'preschool'
       JOIN person_addresses a ON a.person_id = p.id AND a.kind = 'registration' AND a.valid_to IS NULL
      WHERE p.status = 'active' AND a.oktmo LIKE substr(t.oktmo, 1, 5) || '%'
        AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = t.id)
        AND NOT EXISTS (SELECT 1 FROM person_addresses b WHERE b.person_id = p.id AND b.id <> a.id
                                                          AND b.kind = 'registration')
        AND EXISTS (SELECT 1 FROM representations r WHERE r.learner_id = p.id AND r.revoked_at IS NULL
                                                      AND r.valid_to IS NULL)
        AND NOT EXISTS (SELECT 1 FROM preschool_applications x WHERE x.child_id = p.id AND x.closed_on IS NULL)
      ORDER BY p.birth_date DESC, p.id LIMIT 1`,
  );
  const child = r.rows[0];
  expect(child, 'a demo child of the municipality').toBeDefined();
  const rep = await stand.server.owner.query(
    `SELECT q.id, q.last_name, q.first_name FROM representations r JOIN persons q ON q.id = r.representative_id
      WHERE r.learner_id = $1 AND r.revoked_at IS NULL AND r.valid_to IS NULL ORDER BY q.last_name, q.id LIMIT 1`,
    [child.id],
  );
  // The demo municipality's kindergarten (the demo region gives it one).
  const kg = await stand.server.owner.query(
    `SELECT o.id, o.short_name FROM organizations o JOIN territories t ON t.oktmo = '25701000'
      WHERE o.kind = 'preschool' AND o.status = 'active'
        AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = t.id)
      ORDER BY o.short_name, o.id LIMIT 1`,
  );
  expect(kg.rows).toHaveLength(1);
  return { child, applicant: rep.rows[0], kindergarten: kg.rows[0] as { id: string; short_name: string } };
}

describe('the municipality files an application and keeps its catchments', () => {
  it('creates catchments, meets a version conflict, then files an application for a child of one of them', async () => {
    const { child, applicant, kindergarten: kg } = await demoChild();
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'municipality');

    // Catchments: none yet in the demo municipality.
    await page.getByRole('link', { name: 'Закреплённые территории' }).first().click();
    await page.waitForURL(/\/catchments/);
    const table = page.getByTestId('catchments-table');
    await expect.poll(() => table.textContent()).toContain('пока нет закреплённых территорий');

    const name = 'Микрорайон ребёнка';
    await page.getByRole('button', { name: 'Добавить территорию' }).click();
    let dialog = page.getByRole('dialog');
    await field(dialog, 'Наименование').fill(name);
    const codes = field(dialog, 'Населённые пункты по ОКТМО');
    await codes.fill(child.oktmo);
    await codes.press('Enter');
    await field(dialog, 'Закреплённые детские сады').click();
    await page.getByRole('option', { name: kg.short_name, exact: true }).click();
    await dialog.getByRole('heading').click();
    await look(page, 'catchment-dialog');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => table.textContent()).toContain(child.oktmo);
    expect(await table.textContent()).toContain(kg.short_name);

    // A second catchment names the first as its nearest neighbour.
    await page.getByRole('button', { name: 'Добавить территорию' }).click();
    dialog = page.getByRole('dialog');
    await field(dialog, 'Наименование').fill('Соседний микрорайон');
    await field(dialog, 'Соседние территории').click();
    await page.getByRole('option', { name, exact: true }).click();
    await dialog.getByRole('heading').click();
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const neighbourRow = table.locator('tbody tr').filter({ hasText: 'Соседний микрорайон' });
    await expect.poll(() => neighbourRow.locator('li').allTextContents()).toEqual([name]);

    // Someone saves the first catchment meanwhile: the stale save is refused with the conflict notice.
    await stand.server.owner.query('UPDATE catchments SET version = version + 1 WHERE name = $1', [name]);
    await page.getByRole('button', { name: `Изменить территорию «${name}»` }).click();
    dialog = page.getByRole('dialog');
    const renamed = `${name} (центр)`;
    await field(dialog, 'Наименование').fill(renamed);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => dialog.getByTestId('conflict-alert').isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Загрузить актуальную версию' }).click();
    await expect.poll(() => dialog.getByTestId('conflict-alert').count()).toBe(0);
    expect(await field(dialog, 'Наименование').inputValue()).toBe(name);
    await field(dialog, 'Наименование').fill(renamed);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => neighbourRow.locator('li').allTextContents()).toEqual([renamed]);
    await look(page, 'catchments');

    // Filing: from the queue's header.
    await page.getByRole('link', { name: 'Очередь в детские сады' }).first().click();
    await page.waitForURL(/\/queue$/);
    await page.getByRole('link', { name: 'Зарегистрировать заявление' }).click();
    await page.waitForURL(/\/queue\/new$/);
    await expect.poll(() => field(page, 'Муниципалитет').inputValue()).toBe('город Иркутск');
    await field(page, 'Ребёнок').fill(`${child.last_name} ${child.first_name}`);
    await page
      .getByRole('option')
      .filter({ hasText: ddmmyyyy(child.birth_date) })
      .first()
      .click();
    const radio = page.getByRole('radio', {
      name: new RegExp(`^${applicant.last_name} ${applicant.first_name}`),
    });
    await radio.check();

    // The kindergartens of the child's catchment are offered and put first on request.
    const suggestion = page.getByTestId('catchment-suggestion');
    await expect.poll(() => suggestion.textContent()).toContain(renamed);
    await suggestion.getByRole('button', { name: 'Указать закреплённые детские сады первыми' }).click();
    await expect.poll(() => field(page, '1-й по приоритету детский сад').inputValue()).toBe(kg.short_name);

    // A desired date before the child was born is refused on its field.
    const desired = field(page, 'Желаемая дата приёма');
    await desired.fill(ddmmyyyy(shiftDays(child.birth_date, -10)));
    await desired.press('Tab');
    await page.getByRole('button', { name: 'Зарегистрировать заявление' }).click();
    await expect.poll(() => desired.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('main').textContent()).toContain('раньше даты рождения ребёнка');
    await look(page, 'queue-new');
    // The top of the form as the clerk sees it on opening (the full-page shots repeat the fixed header).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await screenshot(page, 'queue-new-top', { fullPage: false });

    const on = shiftDays(new Date().toISOString().slice(0, 10), 60);
    await desired.fill(ddmmyyyy(on));
    await desired.press('Tab');
    await expect.poll(() => desired.getAttribute('aria-invalid')).not.toBe('true');
    await page.getByRole('button', { name: 'Зарегистрировать заявление' }).click();
    await page.waitForURL(/\/queue\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('main').textContent()).toContain(child.last_name);
    const id = new URL(page.url()).pathname.split('/').pop();
    const filed = await stand.server.owner.query(
      `SELECT a.child_id, a.applicant_id, a.desired_on::text AS desired_on, a.filed_by,
              array_agg(p.organization_id ORDER BY p.rank) AS prefs
         FROM preschool_applications a JOIN preschool_application_preferences p ON p.application_id = a.id
        WHERE a.id = $1 GROUP BY a.id`,
      [id],
    );
    expect(filed.rows[0]).toEqual({
      child_id: child.id,
      applicant_id: applicant.id,
      desired_on: on,
      filed_by: 'operator',
      prefs: [kg.id],
    });
    await context.close();
  });
});
