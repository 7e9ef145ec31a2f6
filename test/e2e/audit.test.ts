import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, screenshot, startDemoStand } from '../support/browser.ts';
import { buildRegion, buildUser, PASSWORD, signIn, type TestUser } from '../support/factories.ts';
import { axeProblems } from '../support/page-checks.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import type { TestServer } from '../support/server.ts';

/**
 * The audit log and the histories as a school clerk reads them: who, whom (by name, within scope), what
 * and when to the second in the region's labelled zone; «Кто обращался» on the card; history in sentences.
 */
let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let regional: TestUser;
let school: string;
let otherSchool: string;
let pupil: { id: string };
let stranger: { id: string };

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);
const inject = (
  u: { headers: Record<string, string> },
  method: 'GET' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => s.app.inject({ method, url, headers: u.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  school = (
    await q(`SELECT r.scope_node_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id
              WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1`)
  ).rows[0].id;
  otherSchool = (
    await q(`SELECT id FROM organizations WHERE kind = 'school' AND id <> $1 ORDER BY short_name LIMIT 1`, [
      school,
    ])
  ).rows[0].id;
  pupil = await createLearner(s, regional, school, {
    lastName: 'Ворожцова',
    firstName: 'Алиса',
    middleName: 'Игоревна',
    sex: 'female',
  });
  stranger = await createLearner(s, regional, otherSchool, {
    lastName: 'Чужакова',
    firstName: 'Полина',
    middleName: 'Андреевна',
    sex: 'female',
  });
  // The school reads its pupil, and tries another school's pupil (refused, and recorded as such).
  const clerk = await signIn(s, 'school', DEMO_PASSWORD);
  await inject(clerk, 'GET', `/api/v1/persons/${pupil.id}`);
  await inject(clerk, 'GET', `/api/v1/persons/${stranger.id}`);
  // The other school reads its own pupil: an event of that organization.
  await inject(await buildUser(s, 'org_admin', otherSchool), 'GET', `/api/v1/persons/${stranger.id}`);
});
afterAll(() => stand?.stop());

const TIME = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} \(МСК\+5\)$/;
const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const texts = (page: Page, testId: string) => page.getByTestId(testId).allInnerTexts();

/** Serious and critical axe findings on what the page shows now (WCAG 2.1 A and AA). */

/** A page in a context of its own: axe opens pages of its own, which needs browser.newContext(). */
async function newPage(width: number) {
  // A computer set to Moscow time: the screens must still show the region's (Irkutsk) time, labelled.
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Europe/Moscow' });
  return context.newPage();
}

describe('the audit log screen', () => {
  for (const width of [1440, 390]) {
    it(`says who, whom by name within scope, what in Russian and when to the second (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'school');
      await page.goto(`${base}/audit`);
      await page.getByTestId('audit-row').first().waitFor();
      // Whom: the pupil's full name as a link to her card.
      const link = page
        .getByTestId('audit-person-link')
        .filter({ hasText: 'Ворожцова Алиса Игоревна' })
        .first();
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(`/persons/${pupil.id}`);
      // Another school's pupil: the event is there, her name is not.
      expect(await page.getByText('Запись вне вашей области доступа').count()).toBeGreaterThan(0);
      expect(await page.locator('body').textContent()).not.toContain('Чужакова');
      expect(await page.getByText(/person [0-9a-f]{8}/).count()).toBe(0);
      // What, who and when.
      const row = page.getByTestId('audit-row').filter({ has: link }).first();
      expect(await row.textContent()).toContain('Просмотр карточки');
      expect(await row.textContent()).toContain('Демо: администратор школы');
      const times = await texts(page, 'audit-time');
      expect(times.length).toBeGreaterThan(0);
      for (const t of times) expect(t).toMatch(TIME);
      // The zone is named once, over the times: a column header on a desktop, a note over the cards on a phone.
      const zoneNote =
        width === 1440
          ? page.getByRole('columnheader', { name: 'Когда, МСК+5 (UTC+8)' })
          : page.getByText('Время — МСК+5 (UTC+8)');
      expect(await zoneNote.count()).toBe(1);
      // Result badges show the whole word.
      const clipped = await page
        .getByTestId('audit-outcome')
        .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
      expect(clipped).toEqual([]);
      expect(await page.getByTestId('audit-outcome').allTextContents()).toContain('Успешно');
      await screenshot(page, `audit-log-${width}`, { fullPage: false });
      expect(await noSideScroll(page)).toBe(true);
      await page.close();
    });
  }

  it('filters by person, organization and user by name, with one option per action (1440 px)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'region');
    await page.goto(`${base}/audit`);
    await page.getByTestId('audit-row').first().waitFor();

    // Actions: Russian names only, each once, although two codes read «Изменение статуса организации».
    await page.getByLabel('Действие', { exact: true }).click();
    const options = await page.getByRole('option').allInnerTexts();
    expect(options.length).toBeGreaterThan(20);
    expect(new Set(options).size).toBe(options.length);
    expect(options.filter((o) => /[a-z]/.test(o))).toEqual([]);
    expect(options).toContain('Изменение статуса организации');
    await page.keyboard.press('Escape');

    // Person by name.
    await page.getByLabel('Человек', { exact: true }).fill('Ворожцова Алиса');
    await page.getByRole('option', { name: /Ворожцова Алиса Игоревна/ }).click();
    // Only events that concern her: the ones about her record name her, the others (a search, a list)
    // count their people and name nobody else.
    await expect
      .poll(async () => {
        const names = await page.getByTestId('audit-person-link').allTextContents();
        return names.length > 0 && names.every((n) => n === 'Ворожцова Алиса Игоревна');
      })
      .toBe(true);
    expect((await texts(page, 'audit-whom')).some((t) => /^(person|\s*и ещё)/.test(t))).toBe(false);
    await screenshot(page, 'audit-log-by-person-1440', { fullPage: false });

    // User by name, with the person still chosen: only the school's reads of her.
    await page.getByRole('textbox', { name: 'Пользователь' }).fill('администратор школы');
    await expect
      .poll(async () => {
        const rows = await page.getByTestId('audit-row').allInnerTexts();
        return rows.length > 0 && rows.every((r) => r.includes('Демо: администратор школы'));
      })
      .toBe(true);
    await page.getByRole('button', { name: 'Сбросить' }).click();

    // Organization by name: the other school's events, with its pupil named for the region.
    const other = (await q('SELECT short_name FROM organizations WHERE id = $1', [otherSchool])).rows[0]
      .short_name;
    await page.getByLabel('Организация', { exact: true }).fill(other);
    await page
      .getByRole('option', { name: new RegExp(other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first()
      .click();
    await page
      .getByTestId('audit-person-link')
      .filter({ hasText: 'Чужакова Полина Андреевна' })
      .first()
      .waitFor();
    expect(await page.getByTestId('audit-person-link').filter({ hasText: 'Ворожцова' }).count()).toBe(0);
    await page.close();
  });
});

describe('«Кто обращался» on the person card', () => {
  for (const width of [1440, 390]) {
    it(`lists who read the record, when and what (${width} px)`, async () => {
      const page = await newPage(width);
      await stand.login(page, 'school');
      await page.goto(`${base}/persons/${pupil.id}`);
      await page.getByRole('tab', { name: 'Кто обращался' }).click();
      const rows = page.getByTestId('audit-row');
      await rows.first().waitFor();
      const all = await rows.allInnerTexts();
      expect(
        all.some((r) => r.includes('Демо: администратор школы') && r.includes('Просмотр карточки')),
      ).toBe(true);
      for (const t of await texts(page, 'audit-time')) expect(t).toMatch(TIME);
      await screenshot(page, `person-access-log-${width}`, { fullPage: false });
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('is not offered to a role that may not read the audit log', async () => {
    const operator = await buildUser(s, 'org_operator', school);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, operator.login, PASSWORD);
    await page.goto(`${base}/persons/${pupil.id}`);
    await page.getByRole('tab', { name: 'История', exact: true }).waitFor();
    expect(await page.getByRole('tab', { name: 'Кто обращался' }).count()).toBe(0);
    await page.close();
  });
});

describe('histories in Russian sentences', () => {
  it('the learner history tells representative changes and edits in words (390 px)', async () => {
    const { learner } = await createLearnerWithParent(s, regional, school, {
      learner: { lastName: 'Ермолаева', firstName: 'Дарья', middleName: 'Олеговна', sex: 'female' },
      parent: { lastName: 'Ермолаева', firstName: 'Вера', middleName: 'Николаевна' },
    });
    const linked = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${learner.id}/representatives`,
      headers: regional.headers,
      payload: {
        relation: 'father',
        representative: {
          lastName: 'Ермолаев',
          firstName: 'Олег',
          middleName: 'Петрович',
          sex: 'male',
          birthDate: '1980-02-03',
          citizenship: { codes: ['643'], stateless: false },
          documents: [],
          addresses: [],
          contacts: [],
          hardships: [],
        },
      },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const fatherLink = (linked.json().representatives as { linkId: string; relation: string }[]).find(
      (r) => r.relation === 'father',
    )!;
    expect(
      (await inject(regional, 'DELETE', `/api/v1/persons/${learner.id}/representatives/${fatherLink.linkId}`))
        .statusCode,
    ).toBeLessThan(300);
    const card = (await inject(regional, 'GET', `/api/v1/persons/${learner.id}`)).json();
    const renamed = await inject(regional, 'PATCH', `/api/v1/persons/${learner.id}`, {
      version: card.version,
      lastName: 'Ермолаева-Стрельцова',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const page = await newPage(390);
    await stand.login(page, 'school');
    await page.goto(`${base}/persons/${learner.id}`);
    await page.getByRole('tab', { name: 'История', exact: true }).click();
    const sentences = page.getByTestId('history-sentences');
    await sentences.first().waitFor();
    const lines = (await sentences.allInnerTexts()).join('\n');
    expect(lines).toContain('Добавлен представитель: мать — Ермолаева В. Н.');
    expect(lines).toContain('Добавлен представитель: отец');
    expect(lines).toContain('Прекращена связь с представителем: отец');
    expect(lines).toContain('Изменена фамилия: Ермолаева → Ермолаева-Стрельцова');
    expect(lines).toContain('Запись внесена в реестр');
    const list = (await page.getByTestId('history-list').textContent()) ?? '';
    expect(list).not.toMatch(/representativeId|moved:|\|/);
    for (const t of await texts(page, 'history-time'))
      expect(t).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} \(МСК\+5\) · версия \d+$/);
    await screenshot(page, 'person-history-sentences-390');
    expect(await noSideScroll(page)).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
    await page.context().close();
  });

  for (const width of [1440, 390]) {
    it(`the organization history starts with its entry into the registry and shows what changed in the contacts (${width} px)`, async () => {
      const org = (await inject(regional, 'GET', `/api/v1/organizations/${otherSchool}`)).json();
      const phone = width === 1440 ? '+7 (3952) 20-30-40' : '+7 (3952) 50-60-70';
      const res = await inject(regional, 'PATCH', `/api/v1/organizations/${otherSchool}`, {
        version: org.version,
        contacts: { ...org.contacts, phone },
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = await newPage(width);
      await stand.login(page, 'region');
      await page.goto(`${base}/organizations/${otherSchool}`);
      await page.getByText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+5\) \(версия \d+\)$/).waitFor();
      await page.getByRole('tab', { name: 'История изменений' }).click();
      const sentences = page.getByTestId('history-sentences');
      await sentences.first().waitFor();
      const lines = await sentences.allInnerTexts();
      expect(lines.at(-1)).toBe('Организация внесена в реестр');
      expect(lines[0]).toBe(`Телефон: «${org.contacts.phone}» → «${phone}»`);
      // Only what changed: not the whole contacts object.
      expect(lines.join('\n')).not.toContain('Электронная почта');
      await screenshot(page, `organization-history-${width}`);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.context().close();
    });
  }
});
