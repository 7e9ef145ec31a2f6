import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { organizationInput } from '../support/factories.ts';
import { field } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

// Search and cards as a clerk uses them (issue 9, findings 5, 9 and 10): organizations found as clerks
// type them, people found with a total, in order, by organization and role; toasts that leave the
// buttons free; numbers and words as people read them; skeletons while loading.
let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
});
afterAll(() => stand?.stop());

const WIDTHS = [1440, 390] as const;
const one = async <T>(sql: string, params: unknown[] = []) => (await s.owner.query(sql, params)).rows[0] as T;
const SCHOOL = `(SELECT r.scope_node_id FROM role_assignments r JOIN users u ON u.id = r.user_id
                  WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1)`;

async function open(width: number, login: string) {
  // A context of its own: axe opens pages of its own, which needs one made with browser.newContext().
  const context = await browser.newContext({ viewport: { width, height: 844 } });
  const page = await context.newPage();
  await stand.login(page, login);
  return page;
}

const overlap = async (a: Locator, b: Locator) => {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) throw new Error('an element is not on screen');
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
};

/** An organization under a demo municipality, named as registered; ИНН and ОГРН pass their checksums. */
async function addOrganization(territoryId: string, kind: string, fullName: string, shortName: string) {
  const o = organizationInput(territoryId, { kind, fullName, shortName });
  await s.owner.query(
    `INSERT INTO organizations (kind, full_name, short_name, legal_form, inn, kpp, ogrn, territory_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [o.kind, o.fullName, o.shortName, o.legalForm, o.inn, o.kpp, o.ogrn, territoryId],
  );
}

describe('organization search as clerks type it (finding 5)', () => {
  beforeAll(async () => {
    const towns = (
      await s.owner.query(
        `SELECT DISTINCT t.id, t.name FROM territories t JOIN organizations o ON o.territory_id = t.id
          ORDER BY t.name LIMIT 2`,
      )
    ).rows as { id: string; name: string }[];
    const [a, b] = [towns[0]!.id, towns[1]!.id];
    const school = 'Муниципальное бюджетное общеобразовательное учреждение';
    await addOrganization(a, 'school', `${school} «Лицей № 11» г. Тест`, 'МБОУ «Лицей № 11»');
    await addOrganization(a, 'school', `${school} «Средняя общеобразовательная школа № 47»`, 'МБОУ СОШ № 47');
    await addOrganization(b, 'school', `${school} «Средняя общеобразовательная школа № 47»`, 'МБОУ СОШ № 47');
    await addOrganization(
      b,
      'preschool',
      'Муниципальное бюджетное дошкольное образовательное учреждение детский сад № 52',
      'МБДОУ д/с № 52',
    );
  });

  for (const width of WIDTHS) {
    it(`«Лицей 11», «СОШ 47», «школа 47», «д/с 52» find the organization, each with its municipality (${width} px)`, async () => {
      const cases = [
        { query: 'Лицей 11', name: 'МБОУ «Лицей № 11»', count: 1 },
        { query: 'СОШ 47', name: 'МБОУ СОШ № 47', count: 2 },
        { query: 'школа 47', name: 'МБОУ СОШ № 47', count: 2 },
        { query: 'д/с 52', name: 'МБДОУ д/с № 52', count: 1 },
      ];
      const page = await open(width, 'region');
      await page.goto(`${base}/organizations`);
      const table = page.getByTestId('organizations-table');
      for (const c of cases) {
        await page.getByLabel('Поиск').fill(c.query);
        // Only the organization sought: the unfiltered list would hold it too.
        const rows = table.locator('tbody tr').filter({ hasText: c.name });
        await expect
          .poll(async () => [await table.locator('tbody tr').count(), await rows.count()], {
            message: c.query,
          })
          .toEqual([c.count, c.count]);
        // Every short name in the results has its municipality beside it, in sight without scrolling.
        const expected = (
          await s.owner.query(
            `SELECT t.name FROM organizations o JOIN territories t ON t.id = o.territory_id
              WHERE o.short_name = $1 ORDER BY t.name`,
            [c.name],
          )
        ).rows.map((r) => r.name as string);
        const shown: string[] = [];
        for (const r of await rows.all()) {
          const territory = r.getByTestId('org-territory');
          shown.push((await territory.textContent()) ?? '');
          const box = await territory.boundingBox();
          expect(box && box.x + box.width <= width).toBe(true);
        }
        expect(shown.sort()).toEqual(expected);
        if (c.query === 'СОШ 47')
          await screenshot(page, `search-organizations-sosh-${width}`, { fullPage: false });
      }
      await page.close();
    });
  }
});

describe('toasts (findings 5 and 10)', () => {
  for (const width of WIDTHS) {
    it(`never cover «Сохранить» or «Изменить»; a later success clears the red one; a request code only for a server fault (${width} px)`, async () => {
      const learner = await one<{ id: string }>(
        `SELECT p.id FROM persons p JOIN enrollments e ON e.person_id = p.id
          WHERE e.organization_id = ${SCHOOL} AND e.ended_on IS NULL AND p.status = 'active'
          ORDER BY p.id OFFSET 3 LIMIT 1`,
      );
      const page = await open(width, 'school');
      await page.goto(`${base}/persons/${learner.id}/edit`);
      const place = field(page, 'Место рождения');
      await expect.poll(() => place.isVisible()).toBe(true);
      await place.fill(`г. Иркутск, ${width}`);
      const save = page.getByRole('button', { name: 'Сохранить', exact: true });
      const toasts = page.locator('.mantine-Notification-root');
      const refused = toasts.filter({ hasText: 'Не удалось сохранить' });

      // A refusal (4xx) says what is wrong and shows no request code.
      await page.route(`**/api/v1/persons/${learner.id}`, (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 422,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                type: 'about:blank',
                title: 'Ошибка',
                status: 422,
                code: 'invalid',
                detail: 'Запись не прошла проверку',
                requestId: '0190a0e4-8f2b-7c1d-9e3f-123456789abc',
                errors: [],
              }),
            })
          : route.continue(),
      );
      await save.scrollIntoViewIfNeeded();
      await save.click();
      await refused.waitFor();
      expect(await refused.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      await save.scrollIntoViewIfNeeded();
      expect(await overlap(refused, save)).toBe(false);
      await screenshot(page, `search-toast-refused-${width}`, { fullPage: false });
      await page.unroute(`**/api/v1/persons/${learner.id}`);

      // A server fault gives the code to tell support.
      await page.route(`**/api/v1/persons/${learner.id}`, (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 500,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                type: 'about:blank',
                title: 'Внутренняя ошибка',
                status: 500,
                code: 'internal',
                detail: 'Внутренняя ошибка сервера.',
                requestId: '0190a0e4-8f2b-7c1d-9e3f-123456789abc',
              }),
            })
          : route.continue(),
      );
      await save.scrollIntoViewIfNeeded();
      await save.click();
      const fault = toasts.filter({ hasText: '0190a0e4-8f2b-7c1d-9e3f-123456789abc' });
      await fault.waitFor();
      // The newer problem replaces the older one: two stacked toasts would climb over the button.
      await expect.poll(() => toasts.filter({ hasText: 'Запись не прошла проверку' }).count()).toBe(0);
      await save.scrollIntoViewIfNeeded();
      expect(await overlap(fault, save)).toBe(false);
      await page.unroute(`**/api/v1/persons/${learner.id}`);

      // Saved: both red toasts go, the green one leaves the card's «Изменить» free.
      await save.scrollIntoViewIfNeeded();
      await save.click();
      await page.waitForURL(new RegExp(`/persons/${learner.id}$`));
      const saved = toasts.filter({ hasText: 'Изменения сохранены' });
      await saved.waitFor();
      await expect.poll(() => refused.count()).toBe(0);
      const edit = page.getByRole('link', { name: 'Изменить', exact: true });
      expect(await overlap(saved, edit)).toBe(false);
      await screenshot(page, `search-toast-saved-${width}`, { fullPage: false });
      await page.close();
    });
  }
});

describe('persons search (finding 9)', () => {
  for (const width of WIDTHS) {
    it(`says how many, orders by name, filters by organization picked by name and by role (${width} px)`, async () => {
      const school = await one<{ id: string; short_name: string; territory: string }>(
        `SELECT o.id, o.short_name, t.name AS territory FROM organizations o
           JOIN territories t ON t.id = o.territory_id WHERE o.id = ${SCHOOL}`,
      );
      const learners = await one<{ n: number }>(
        `SELECT count(DISTINCT p.id)::int AS n FROM persons p JOIN enrollments e ON e.person_id = p.id
          WHERE e.organization_id = $1 AND p.status = 'active'`,
        [school.id],
      );
      const parents = await one<{ n: number }>(
        `SELECT count(DISTINCT r.representative_id)::int AS n FROM representations r
           JOIN enrollments e ON e.person_id = r.learner_id JOIN persons p ON p.id = r.representative_id
          WHERE e.organization_id = $1 AND r.revoked_at IS NULL AND p.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM enrollments e2 WHERE e2.person_id = p.id)`,
        [school.id],
      );
      expect(parents.n).toBeGreaterThan(0);
      const page = await open(width, 'region');
      await page.goto(`${base}/persons`);
      // The hint tells how clerks may type a name.
      await page.getByText('Можно так: Иванова М.П.').waitFor();

      // The organization is picked by its name; the option names the municipality.
      await field(page, 'Организация').fill(school.short_name);
      const option = page.getByRole('option', { name: `${school.short_name}, ${school.territory}` });
      await option.first().click();
      await expect
        .poll(() => page.getByTestId('total-count').textContent())
        .toBe(`Найдено: ${learners.n + parents.n}`);
      await field(page, 'Роль').click();
      await page.getByRole('option', { name: 'Законные представители', exact: true }).click();
      await expect.poll(() => page.getByTestId('total-count').textContent()).toBe(`Найдено: ${parents.n}`);
      const table = page.getByTestId('persons-table');
      await expect.poll(() => table.locator('tbody tr a').count()).toBeGreaterThan(0);
      expect(
        (await table.locator('tbody tr').allTextContents()).every((t) =>
          t.includes('Законный представитель'),
        ),
      ).toBe(true);
      await field(page, 'Роль').click();
      await page.getByRole('option', { name: 'Обучающиеся', exact: true }).click();
      await expect.poll(() => page.getByTestId('total-count').textContent()).toBe(`Найдено: ${learners.n}`);
      // Same relevance (no name typed): alphabetical, ё as е.
      await expect.poll(() => table.locator('tbody tr a').count()).toBe(Math.min(50, learners.n));
      const names = (await table.locator('tbody tr a').allTextContents()).map((n) => n.replace(/ё/g, 'е'));
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      // The school searched by, with its municipality, in every row, though some attend a club as well.
      expect(
        (await table.locator('tbody tr').allTextContents()).every((t) =>
          t.includes(`${school.short_name}${school.territory}`),
        ),
      ).toBe(true);
      await screenshot(page, `search-persons-filtered-${width}`);
      await screenshot(page, `search-persons-filtered-${width}-screen`, { fullPage: false });
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
      ).toEqual([]);

      // «Фамилия И.О.», the way clerks write it, finds the person.
      const p = await one<{ id: string; last_name: string; first_name: string; middle_name: string }>(
        `SELECT p.id, p.last_name, p.first_name, p.middle_name FROM persons p
           JOIN enrollments e ON e.person_id = p.id
          WHERE e.organization_id = $1 AND p.status = 'active' AND p.middle_name IS NOT NULL
          ORDER BY p.id LIMIT 1`,
        [school.id],
      );
      await page.goto(`${base}/persons`);
      await field(page, 'ФИО').fill(`${p.last_name} ${p.first_name[0]}.${p.middle_name[0]}.`);
      await page.getByRole('button', { name: 'Найти', exact: true }).click();
      await table
        .getByRole('link', { name: `${p.last_name} ${p.first_name} ${p.middle_name}` })
        .first()
        .waitFor();
      await expect.poll(() => page.getByTestId('total-count').textContent()).toMatch(/^Найдено: \d+$/);
      await page.close();
    });
  }

  it('a girl reads «Обучающаяся» and «Выбыла»; phones and СНИЛС are formatted', async () => {
    const girl = await one<{ id: string; last_name: string }>(
      `SELECT p.id, p.last_name FROM persons p JOIN enrollments e ON e.person_id = p.id
        WHERE p.sex = 'female' AND p.status = 'active' AND p.snils IS NOT NULL
        ORDER BY p.id LIMIT 1`,
    );
    // She has left the school (the demo region has no one who left).
    await s.owner.query(`UPDATE enrollments SET ended_on = current_date WHERE person_id = $1`, [girl.id]);
    await s.owner.query(`DELETE FROM person_contacts WHERE person_id = $1`, [girl.id]);
    await s.owner.query(
      `INSERT INTO person_contacts (person_id, kind, value) VALUES ($1, 'phone', '89141234567')`,
      [girl.id],
    );
    const snils = (await one<{ snils: string }>('SELECT snils FROM persons WHERE id = $1', [girl.id])).snils;
    const page = await open(1440, 'region');
    await page.goto(`${base}/persons/${girl.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByText('Обучающаяся', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Обучающийся', { exact: true }).count()).toBe(0);
    expect(
      await page.getByTestId('enrollments-table').getByText('Выбыла', { exact: true }).count(),
    ).toBeGreaterThan(0);
    const formatted = `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`;
    expect(await page.getByText(formatted, { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Адреса и контакты' }).click();
    await page.getByText('+7 (914) 123-45-67', { exact: true }).waitFor();
    // In the search list too the role takes her gender.
    await page.goto(`${base}/persons?q=${encodeURIComponent(girl.last_name)}`);
    const row = page
      .getByTestId('persons-table')
      .locator('tbody tr')
      .filter({
        has: page.locator(`a[href$="/persons/${girl.id}"]`),
      });
    await row.waitFor();
    expect(await row.getByText('Обучающаяся', { exact: true }).isVisible()).toBe(true);

    // An organization's phone typed as 8… reads +7 (…) on its card.
    const school = await one<{ id: string }>(`SELECT ${SCHOOL} AS id`);
    await s.owner.query(
      `UPDATE organizations SET contacts = jsonb_set(coalesce(contacts, '{}'), '{phone}', '"83952123456"') WHERE id = $1`,
      [school.id],
    );
    await page.goto(`${base}/organizations/${school.id}`);
    await page.getByText('+7 (395) 212-34-56', { exact: true }).waitFor();
    await page.close();
  });

  for (const width of WIDTHS) {
    it(`a representative's card lists the children, with links, on its first tab (${width} px)`, async () => {
      const rep = await one<{ id: string; child: string; child_name: string }>(
        `SELECT r.representative_id AS id, r.learner_id AS child, c.last_name || ' ' || c.first_name AS child_name
           FROM representations r JOIN persons c ON c.id = r.learner_id
           JOIN enrollments e ON e.person_id = c.id
          WHERE r.revoked_at IS NULL AND e.organization_id = ${SCHOOL} AND e.ended_on IS NULL
          ORDER BY r.representative_id LIMIT 1`,
      );
      const page = await open(width, 'school');
      await page.goto(`${base}/persons/${rep.id}`);
      const children = page.getByTestId('represents-table');
      await children.waitFor();
      expect(await page.getByRole('heading', { name: 'Представляет интересы' }).isVisible()).toBe(true);
      await screenshot(page, `search-representative-card-${width}`);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      const link = children.getByRole('link', { name: new RegExp(`^${rep.child_name}`) });
      await link.first().click();
      await page.waitForURL(new RegExp(`/persons/${rep.child}$`));
      await page.close();
    });
  }
});

describe('errors and loading (finding 10)', () => {
  it('a wrong check digit is named without the digits it should be', async () => {
    const learner = await one<{ id: string }>(
      `SELECT p.id FROM persons p JOIN enrollments e ON e.person_id = p.id
        WHERE e.organization_id = ${SCHOOL} AND e.ended_on IS NULL AND p.status = 'active'
        ORDER BY p.id OFFSET 5 LIMIT 1`,
    );
    const page = await open(1440, 'school');
    await page.goto(`${base}/persons/${learner.id}/edit`);
    const snils = field(page, 'СНИЛС');
    await expect.poll(() => snils.isVisible()).toBe(true);
    // 123-456-789 has the check number 64.
    await snils.fill('123-456-789 00');
    await snils.press('Tab');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    const messages = page.getByText(/Контрольное число СНИЛС не сходится/);
    await messages.first().waitFor();
    for (const m of await messages.all()) expect(await m.textContent()).not.toMatch(/\d|ожидал|указано/);

    const school = await one<{ id: string }>(`SELECT ${SCHOOL} AS id`);
    const admin = await open(1440, 'region');
    await admin.goto(`${base}/organizations/${school.id}/edit`);
    const inn = field(admin, 'ИНН');
    await expect.poll(() => inn.inputValue()).not.toBe('');
    const good = await inn.inputValue();
    const wrong = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    await inn.fill(wrong);
    await admin.getByRole('button', { name: 'Сохранить', exact: true }).click();
    const innMessages = admin.getByText(/Контрольн\S+ цифр\S* ИНН не сход/);
    await innMessages.first().waitFor();
    for (const m of await innMessages.all()) expect(await m.textContent()).not.toMatch(/\d|ожидал|указано/);
    await page.close();
    await admin.close();
  });

  it('lists and cards show skeletons, never a bare spinner, while they load', async () => {
    const ids = await one<{ person: string; school: string; user: string }>(
      `SELECT (SELECT p.id FROM persons p JOIN enrollments e ON e.person_id = p.id
                WHERE e.organization_id = ${SCHOOL} AND e.ended_on IS NULL ORDER BY p.id LIMIT 1) AS person,
              ${SCHOOL} AS school, (SELECT id FROM users WHERE login = 'school') AS user`,
    );
    const screens: { path: string; api: RegExp; skeleton: string }[] = [
      {
        path: '/persons?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0',
        api: /\/api\/v1\/persons\?/,
        skeleton: 'skeleton-row',
      },
      { path: '/contingent', api: /\/api\/v1\/.*contingent/, skeleton: 'contingent-table' },
      { path: '/organizations', api: /\/api\/v1\/organizations\?/, skeleton: 'skeleton-row' },
      {
        path: `/persons/${ids.person}`,
        api: new RegExp(`/api/v1/persons/${ids.person}$`),
        skeleton: 'card-skeleton',
      },
      {
        path: `/organizations/${ids.school}`,
        api: new RegExp(`/api/v1/organizations/${ids.school}$`),
        skeleton: 'card-skeleton',
      },
      { path: '/users', api: /\/api\/v1\/users\?/, skeleton: 'skeleton-row' },
      {
        path: `/users/${ids.user}`,
        api: new RegExp(`/api/v1/users/${ids.user}$`),
        skeleton: 'card-skeleton',
      },
    ];
    const page = await open(1440, 'school');
    for (const screen of screens) {
      let release = () => {};
      const held = new Promise<void>((ok) => {
        release = ok;
      });
      const handler = async (route: Parameters<Parameters<Page['route']>[1]>[0]) => {
        await held;
        await route.continue();
      };
      await page.route(screen.api, handler);
      await page.goto(`${base}${screen.path}`);
      const skeleton =
        screen.skeleton === 'contingent-table'
          ? page.getByTestId('contingent-table').locator('.mantine-Skeleton-root').first()
          : page.getByTestId(screen.skeleton).first();
      await skeleton.waitFor();
      // A picker may show its small spinner inside its field; the page itself shows none.
      const spinners = page.locator('.mantine-Loader-root:not(.mantine-Input-section .mantine-Loader-root)');
      expect(await spinners.count(), screen.path).toBe(0);
      release();
      await expect.poll(() => skeleton.count()).toBe(0);
      await page.unroute(screen.api, handler);
    }
    await page.close();
  });
});
