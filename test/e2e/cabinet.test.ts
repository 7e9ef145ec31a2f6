import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/common/dates/format-instant.ts';
import { DEMO_PASSWORD, screenshot, startDemoStand } from '../support/browser.ts';
import { signIn } from '../support/factories.ts';
import type { TestServer } from '../support/server.ts';

/**
 * The parent's cabinet on a phone and a desktop (issue 9, finding 8): no sideways scroll on any part
 * of it, the header on one line with «Выйти» whole, times in the region's labelled zone, the school
 * before the club, a child of 18 no longer shown, and a report of a mistake that reaches the school.
 */
let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
const PARENT = 'Смирнова Анна Сергеевна';
const PARENT_SNILS = '11223344595';
let schoolChild: { id: string; name: string };
let schoolName: string;
let clubName: string;
let readAt: string;

// Shared machines are slow: a page may take seconds to render; the polls wait for it, nothing is timed.
const SLOW = { timeout: 30_000 };

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
  const children = (
    await s.owner.query(
      `SELECT c.id, concat_ws(' ', c.last_name, c.first_name, c.middle_name) AS name, o.kind, o.id AS org
         FROM persons p JOIN representations r ON r.representative_id = p.id AND r.revoked_at IS NULL
         JOIN persons c ON c.id = r.learner_id
         JOIN enrollments e ON e.person_id = c.id AND e.ended_on IS NULL
         JOIN organizations o ON o.id = e.organization_id
        WHERE p.snils = $1 AND p.status = 'active' ORDER BY c.birth_date`,
      [PARENT_SNILS],
    )
  ).rows as { id: string; name: string; kind: string; org: string }[];
  const atSchool = children.find((c) => c.kind === 'school')!;
  const atKindergarten = children.find((c) => c.kind === 'preschool' && c.id !== atSchool.id)!;
  schoolChild = { id: atSchool.id, name: atSchool.name };
  schoolName = (await s.owner.query('SELECT short_name FROM organizations WHERE id = $1', [atSchool.org]))
    .rows[0].short_name;
  // The schoolchild also attends a club, enrolled after the school: the badge still names the school first.
  const club = (
    await s.owner.query(
      `SELECT id, short_name FROM organizations WHERE kind = 'additional' AND status = 'active'
        ORDER BY short_name LIMIT 1`,
    )
  ).rows[0];
  clubName = club.short_name;
  await s.owner.query(
    `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, current_date)
     ON CONFLICT DO NOTHING`,
    [atSchool.id, club.id],
  );
  // The other child has come of age: the parent no longer sees that record.
  await s.owner.query(`UPDATE persons SET birth_date = current_date - interval '19 years' WHERE id = $1`, [
    atKindergarten.id,
  ]);
  // The school reads the child's card: an entry in the parent's access log with a known time.
  const school = await signIn(s, 'school', DEMO_PASSWORD);
  const read = await s.app.inject({
    method: 'GET',
    url: `/api/v1/persons/${atSchool.id}`,
    headers: school.headers,
  });
  expect(read.statusCode).toBe(200);
  readAt = (
    await s.owner.query(
      `SELECT max(at) AS at FROM audit_log WHERE action = 'person.read' AND $1 = ANY(subject_ids)`,
      [atSchool.id],
    )
  ).rows[0].at.toISOString();
});
afterAll(() => stand?.stop());

async function openCabinet(width: number) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await stand.loginEsia(page, PARENT);
  await page.getByTestId('cabinet-person').first().waitFor(SLOW);
  return { page, close: () => context.close() };
}

/** Document and viewport widths, and the innermost elements sticking out on the right, to name a culprit. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const view = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > view + 1)
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > view + 1))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent?.slice(0, 40)}`);
    return { doc: document.documentElement.scrollWidth, view, wide };
  });

describe.each([390, 360, 1440])('the cabinet at %i px', (width) => {
  it('never scrolls sideways, with every section open; the header keeps one line and «Выйти» whole', async () => {
    const { page, close } = await openCabinet(width);
    try {
      await page.getByTestId('access-log').waitFor(SLOW);
      // Open every closed section of every person.
      const controls = page.locator('.mantine-Accordion-control[aria-expanded="false"]');
      while ((await controls.count()) > 0) await controls.first().click();
      await page.waitForLoadState('networkidle');
      const w = await sideways(page);
      expect(w.doc, w.wide.join('\n')).toBe(w.view);
      const header = await page.locator('header').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(57);
      const logout = await page.getByRole('button', { name: 'Выйти' }).boundingBox();
      expect(logout!.x).toBeGreaterThanOrEqual(0);
      expect(logout!.x + logout!.width).toBeLessThanOrEqual(width);
      if (width < 768) {
        // Records are cards, not tables, on a phone; what stays a table (health, consents) scrolls in a frame.
        const tag = (id: string) =>
          page
            .getByTestId(id)
            .first()
            .evaluate((e) => e.tagName);
        expect(await tag('access-log')).toBe('UL');
        expect(await tag('enrollments-list')).toBe('UL');
        const loose = await page
          .locator('main table')
          .evaluateAll((ts) => ts.filter((t) => !t.closest('.table-scroll')).length);
        expect(loose).toBe(0);
        expect(await page.getByTestId('enrollments-list').first().locator('li').count()).toBeGreaterThan(0);
      }
      await screenshot(page, `cabinet-${width}`);
    } finally {
      await close();
    }
  });

  it('shows times in the region’s zone with its label, as the PDF does', async () => {
    const { page, close } = await openCabinet(width);
    try {
      await expect
        .poll(
          () => page.getByTestId('access-log').getByText(formatInstant(readAt, 'Asia/Irkutsk')).count(),
          SLOW,
        )
        .toBeGreaterThan(0);
      expect(formatInstant(readAt, 'Asia/Irkutsk')).toMatch(/\(МСК\+5\)$/);
      await expect.poll(() => page.getByTestId('cabinet-zone').textContent()).toContain('МСК+5');
    } finally {
      await close();
    }
  });
});

describe('the cabinet’s content', () => {
  it('names the school before the club, hides the child of 18 and explains the JSON file', async () => {
    const { page, close } = await openCabinet(390);
    try {
      const child = page.getByRole('region', { name: schoolChild.name });
      const badges = child.getByTestId('cabinet-organizations').locator('.mantine-Badge-root');
      await expect.poll(() => badges.count(), SLOW).toBeGreaterThanOrEqual(2);
      const names = await badges.allTextContents();
      expect(names[0]).toBe(schoolName);
      expect(names).toContain(clubName);
      expect(await page.getByTestId('cabinet-person').count()).toBe(2); // the schoolchild and the parent
      expect(await page.getByTestId('adult-children').textContent()).toMatch(/18 лет.*Госуслуги/);
      expect(await page.getByTestId('json-explanation').textContent()).toMatch(
        /машиночитаемом виде.*другой сервис.*проверить/,
      );
    } finally {
      await close();
    }
  });

  it('a report of a mistake reaches the school’s «Обращения граждан», which marks it fixed', async () => {
    const text = 'В свидетельстве о рождении номер 654321, а указан 654312';
    const parent = await openCabinet(390);
    try {
      const child = parent.page.getByRole('region', { name: schoolChild.name });
      await child.getByRole('button', { name: 'Сообщить об ошибке в данных' }).click();
      const dialog = parent.page.getByRole('dialog', { name: 'Сообщить об ошибке в данных' });
      await dialog.getByLabel('Где ошибка').selectOption('documents');
      await dialog.getByLabel('Что указано неверно и как правильно').fill(text);
      await screenshot(parent.page, 'cabinet-report-390', { fullPage: false });
      await dialog.getByRole('button', { name: 'Отправить' }).click();
      await expect.poll(() => parent.page.getByTestId('my-reports').getByText(text).count(), SLOW).toBe(1);
      expect(await parent.page.getByTestId('my-reports').getByText('На рассмотрении').count()).toBe(1);
    } finally {
      await parent.close();
    }

    for (const width of [1440, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await stand.login(page, 'school');
      if (width === 1440) await page.getByRole('link', { name: 'Обращения граждан' }).click();
      else await page.goto(`${base}/data-corrections`);
      await page.waitForURL(/\/data-corrections$/);
      const list = page.getByTestId('data-corrections');
      await expect.poll(() => list.getByText(text).count(), SLOW).toBe(1);
      expect(await list.getByText(schoolChild.name).count()).toBe(1);
      expect(await list.getByText('Документы').count()).toBeGreaterThan(0);
      const w = await sideways(page);
      expect(w.doc).toBe(w.view);
      await screenshot(page, `data-corrections-${width}`);
      if (width === 390) {
        await list.getByRole('button', { name: `Исправлено: ${schoolChild.name}` }).click();
        await expect.poll(() => list.getByText(text).count(), SLOW).toBe(0);
      }
      await context.close();
    }

    const again = await openCabinet(390);
    try {
      await expect
        .poll(
          () =>
            again.page
              .getByTestId('my-reports')
              .getByText(/^Исправлено \d\d\.\d\d\.\d{4} \d\d:\d\d \(МСК\+5\)$/)
              .count(),
          SLOW,
        )
        .toBe(1);
    } finally {
      await again.close();
    }
  });
});
