import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { look } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let caseId: string;
let fullName: string;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
  // A child of the demo municipality's school who stopped attending: the case the rules would open.
  const r = await s.owner.query(
    `WITH spec AS (
       SELECT ra.scope_node_id AS mun FROM users u JOIN role_assignments ra ON ra.user_id = u.id
        WHERE u.login = 'municipality' AND ra.role = 'municipal_specialist' AND ra.revoked_at IS NULL LIMIT 1
     ), kid AS (
       SELECT e.person_id, e.organization_id, spec.mun FROM enrollments e
         JOIN organizations o ON o.id = e.organization_id AND o.kind = 'school'
         JOIN scope_closure sc ON sc.descendant_id = o.id
         JOIN spec ON spec.mun = sc.ancestor_id
        WHERE e.ended_on IS NULL ORDER BY e.person_id LIMIT 1
     ), c AS (
       INSERT INTO out_of_education_cases (kind, person_id, municipality_id, organization_id, episode, detected_on,
                                           evidence_on, evidence, deadline)
       SELECT 'stopped_attending', kid.person_id, kid.mun, kid.organization_id, 'run:e2e', current_date,
              current_date - 1, '{"rule":"consecutive","days":6,"from":"2026-01-12","to":"2026-01-19"}',
              current_date + 10
         FROM kid RETURNING id, person_id
     ), ev AS (
       INSERT INTO out_of_education_case_events (case_id, action, to_status, note)
       SELECT id, 'detected', 'detected', 'выявлен автоматически' FROM c
     )
     SELECT c.id, p.last_name || ' ' || p.first_name AS name FROM c JOIN persons p ON p.id = c.person_id`,
  );
  expect(r.rows).toHaveLength(1);
  caseId = r.rows[0].id;
  fullName = r.rows[0].name;
}, 240_000);
afterAll(() => stand?.stop());

describe('«Дети вне обучения»: a municipal specialist works a case to closure', () => {
  it('opens the inbox and the case, takes it, and moves it through every status', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'municipality');
    await page.getByRole('link', { name: 'Дети вне обучения' }).click();
    await page.getByRole('heading', { level: 1, name: 'Дети, не получающие образование' }).waitFor();
    const table = page.getByTestId('ooe-cases');
    await table.getByRole('link', { name: new RegExp(fullName) }).waitFor();
    await look(page, 'out-of-education-inbox');
    expect(await page.getByTestId('export-kdn').getAttribute('href')).toContain('recipient=kdn');

    await table.getByRole('link', { name: new RegExp(fullName) }).click();
    await page.waitForURL(new RegExp(`/out-of-education/${caseId}`));
    await page.getByText('6 дн. подряд без уважительной причины', { exact: false }).waitFor();
    await look(page, 'out-of-education-case');

    await page.getByRole('button', { name: 'Назначить меня' }).click();
    await page.getByText('Назначен ответственный').waitFor();

    const history = page.getByTestId('ooe-history');
    const steps = [
      ['Проверка', 'Позвонили родителям'],
      ['Причина установлена', 'Семья переехала, ребенок не устроен в школу'],
      ['Меры приняты', 'Выдано направление в школу № 5'],
    ] as const;
    for (const [status, note] of steps) {
      await page.getByLabel('Заметка').fill(note);
      await page.getByRole('button', { name: `→ ${status}` }).click();
      await history.getByText(note).waitFor();
    }
    await page.getByLabel('Заметка').fill('Ребенок зачислен в школу № 5');
    await page.getByRole('button', { name: 'Закрыть случай' }).click();
    await history.getByText('Ребенок зачислен в школу № 5').waitFor();
    await page.getByText('Закрыт', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Закрыть случай' }).count()).toBe(0);
    await look(page, 'out-of-education-case-closed');

    const rows = await s.owner.query(
      `SELECT action, from_status, to_status FROM out_of_education_case_events WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(rows.rows.map((e) => `${e.action}:${e.from_status ?? ''}>${e.to_status ?? ''}`)).toEqual([
      'detected:>detected',
      'assigned:>',
      'status:detected>checking',
      'status:checking>cause_found',
      'status:cause_found>measures_taken',
      'status:measures_taken>closed',
    ]);
    await context.close();
  });

  it('is not in a school administrator’s navigation', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.login(page, 'school');
    await page.getByRole('navigation').first().waitFor();
    expect(await page.getByRole('link', { name: 'Дети вне обучения' }).count()).toBe(0);
    await context.close();
  });
});
