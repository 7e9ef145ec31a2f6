import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { buildRegion, buildUser, PASSWORD } from '../support/factories.ts';
import { academicYear, programme, signedOrder, unit } from '../support/order-factories.ts';
import { axeProblems, field, look } from '../support/page-checks.ts';
import { createLearner } from '../support/person-factories.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
let schoolA: string;
let schoolB: string;
let schoolBName: string;
let schoolBLogin: string;
let learnerId: string;
const LEARNER = { lastName: 'Трофимова', firstName: 'Вера', middleName: 'Олеговна', birthDate: '2017-03-14' };
const LEARNER_LABEL = 'Трофимова Вера Олеговна, 14.03.2017';

const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, base } = stand);
  schoolA = (
    await q(`SELECT r.scope_node_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id
              WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1`)
  ).rows[0].id;
  const b = (
    await q(
      `SELECT id, short_name FROM organizations
        WHERE kind = 'school' AND id <> $1 AND status = 'active' ORDER BY short_name LIMIT 1`,
      [schoolA],
    )
  ).rows[0];
  schoolB = b.id;
  schoolBName = b.short_name;
  schoolBLogin = (await buildUser(s, 'org_operator', schoolB)).login;
  const regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  learnerId = (await createLearner(s, regional, schoolA, { ...LEARNER, sex: 'female' })).id;
  // Both schools run the primary programme and a third grade this academic year.
  const year = await academicYear(s, '2026-09-01');
  await programme(s, schoolA, 'noo');
  await programme(s, schoolB, 'noo');
  await unit(s, schoolA, year, '3А', { grade: 3 });
  await unit(s, schoolB, year, '3Б', { grade: 3 });
});
afterAll(() => stand?.stop());

async function newPage(): Promise<Page> {
  const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

async function choose(page: Page, scope: Page | Locator, label: string, option: string | RegExp) {
  await field(scope, label).click();
  await page.getByRole('option', { name: option }).first().click();
}

const placements = async () =>
  (
    await q(
      `SELECT u.name, o.short_name AS org, to_char(pl.valid_from, 'YYYY-MM-DD') AS "from",
              to_char(pl.valid_to, 'YYYY-MM-DD') AS "to"
         FROM placements pl JOIN units u ON u.id = pl.unit_id JOIN enrollments e ON e.id = pl.enrollment_id
         JOIN organizations o ON o.id = e.organization_id
        WHERE e.person_id = $1 ORDER BY pl.valid_from, u.name`,
      [learnerId],
    )
  ).rows;

describe('orders in the browser', () => {
  it('a school enrolls a learner into a class by order: draft, a line error on its field, sign', async () => {
    const page = await newPage();
    await stand.login(page, 'school', 'Demo-Password-2026!');
    await page.getByRole('link', { name: 'Приказы', exact: true }).click();
    await page.waitForURL(/\/orders/);
    await expect.poll(() => page.getByTestId('orders-table').textContent()).toContain('Приказов пока нет');
    await look(page, 'orders-empty');

    await page.getByRole('link', { name: 'Новый приказ' }).click();
    await page.waitForURL(/\/orders\/new/);
    await field(page, 'Номер приказа').fill('101-у');
    await field(page, 'Дата приказа').fill('01.09.2026');
    const line = page.getByTestId('order-line-0');
    await field(line, 'Обучающийся').fill('Трофимова Вера');
    await page.getByRole('option', { name: LEARNER_LABEL }).click();
    await field(line, 'Дата движения').fill('01.09.2026');
    // Saved without a programme: the server's message lands on that line's programme field.
    await page.getByRole('button', { name: 'Сохранить проект' }).click();
    await expect.poll(() => line.textContent()).toContain('Укажите образовательную программу');
    expect(await field(line, 'Образовательная программа').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('/orders/new');

    await choose(page, line, 'Образовательная программа', 'Программа noo');
    await choose(page, line, 'Класс \\(группа\\)', /^3А/);
    await page.getByRole('button', { name: 'Сохранить проект' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('№ 101-у');
    await look(page, 'order-draft');

    await page.getByRole('button', { name: 'Подписать', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Подписать приказ?' });
    await expect.poll(() => dialog.textContent()).toContain('1 обучающийся');
    await screenshot(page, 'order-sign-dialog-1440', { fullPage: false });
    expect(await axeProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Подписать приказ' }).click();
    await expect
      .poll(() => page.getByTestId('order-lines').textContent())
      .toContain('Трофимова Вера Олеговна');
    await expect.poll(() => page.locator('main').textContent()).toContain('Подписан');
    // Entered in December for an order of 1 September: flagged as late.
    expect(await page.getByTestId('late-badge').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Сохранить проект' }).count()).toBe(0);
    const pdf = await page.request.get(
      `${base}${await page.getByRole('link', { name: 'Печать (PDF)' }).getAttribute('href')}`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await look(page, 'order-signed');

    // The learner is in 3А from 1 September.
    expect(await placements()).toEqual([
      { name: '3А', org: expect.any(String), from: '2026-09-01', to: null },
    ]);
    await page.getByRole('link', { name: 'Приказы', exact: true }).first().click();
    await expect.poll(() => page.getByTestId('orders-table').textContent()).toContain('№ 101-у');
    expect(await page.getByTestId('orders-table').textContent()).toContain('внесено с опозданием');
    await look(page, 'orders-list');
    await page.context().close();
  });

  it('transfers the learner to another school, which enrolls them from its inbox; the trajectory shows both', async () => {
    const page = await newPage();
    await stand.login(page, 'school', 'Demo-Password-2026!');
    await page.goto(`${base}/persons/${learnerId}`);
    await page.getByRole('tab', { name: 'История обучения' }).click();
    await expect.poll(() => page.getByTestId('trajectory').textContent()).toContain('3А');
    await page.getByRole('button', { name: 'Перевод' }).click();
    await page.getByRole('menuitem', { name: 'В другую организацию' }).click();
    await page.waitForURL(/\/orders\/new/);
    const line = page.getByTestId('order-line-0');
    expect(await field(line, 'Обучающийся').inputValue()).toBe(LEARNER_LABEL);
    await field(page, 'Номер приказа').fill('140-в');
    // The other school is outside this school's scope: it is found in the region's public directory.
    await field(line, 'Организация, куда переводится').fill(schoolBName);
    await page
      .getByRole('option', { name: new RegExp(`^${schoolBName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
      .first()
      .click();
    await look(page, 'order-transfer-editor');
    await page.getByRole('button', { name: 'Подписать', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Подписать приказ' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/).catch(async (e) => {
      await screenshot(page, 'order-transfer-refused');
      throw e;
    });
    await expect
      .poll(() => page.getByTestId('order-lines').textContent())
      .toContain('Выбытие в порядке перевода');
    await page.context().close();

    // The receiving school finds the learner in its inbox and enrolls them.
    const other = await newPage();
    await stand.login(other, schoolBLogin, PASSWORD);
    await other.getByRole('link', { name: 'Ожидаемые по переводу' }).click();
    const inbox = other.getByTestId('arrivals-table');
    await expect.poll(() => inbox.textContent()).toContain('Трофимова Вера Олеговна');
    await look(other, 'arrivals');
    await inbox.getByRole('link', { name: 'Зачислить' }).click();
    await other.waitForURL(/\/orders\/new/);
    const arrival = other.getByTestId('order-line-0');
    expect(await field(arrival, 'Обучающийся').inputValue()).toBe(LEARNER_LABEL);
    await field(other, 'Номер приказа').fill('77-у');
    await choose(other, arrival, 'Образовательная программа', 'Программа noo');
    await choose(other, arrival, 'Класс \\(группа\\)', /^3Б/);
    await other.getByRole('button', { name: 'Подписать', exact: true }).click();
    await other.getByRole('dialog').getByRole('button', { name: 'Подписать приказ' }).click();
    await other.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect.poll(() => other.locator('main').textContent()).toContain('Подписан');

    // Received once: the inbox is empty again.
    await other.getByRole('link', { name: 'Ожидаемые по переводу' }).click();
    await expect
      .poll(() => other.getByTestId('arrivals-table').textContent())
      .toContain('Никого не ожидается');

    const rows = await placements();
    expect(rows.map((r) => r.name)).toEqual(['3А', '3Б']);
    expect(rows[0].to).toBe(rows[1].from);

    await other.goto(`${base}/persons/${learnerId}`);
    await other.getByRole('tab', { name: 'История обучения' }).click();
    const bands = other.getByTestId('trajectory-enrollment');
    await expect.poll(() => bands.count()).toBe(2);
    expect(await bands.nth(1).textContent()).toContain(schoolBName);
    expect(await bands.nth(1).textContent()).toContain('3Б');
    expect(await bands.nth(0).textContent()).toContain('3А');
    expect(await bands.nth(0).textContent()).toContain('Выбытие в порядке перевода');
    await look(other, 'trajectory');
    await other.context().close();
  });

  it('the school administrator cancels a signed order; the trajectory strikes it through', async () => {
    const admin = await buildUser(s, 'org_admin', schoolA);
    const pupil = await createLearner(s, admin, schoolA, {
      lastName: 'Кудрявцев',
      firstName: 'Егор',
      middleName: 'Павлович',
      birthDate: '2016-05-20',
      sex: 'male',
    });
    const prog = (await q(`SELECT id FROM education_programmes WHERE organization_id = $1`, [schoolA]))
      .rows[0].id;
    const order = await signedOrder(s, admin, {
      organizationId: schoolA,
      kind: 'enrollment',
      number: '115-у',
      orderDate: '2026-09-01',
      movements: [{ kind: 'enrollment', personId: pupil.id, effectiveOn: '2026-09-01', programmeId: prog }],
    });
    const page = await newPage();
    await stand.login(page, 'school', 'Demo-Password-2026!');
    await page.goto(`${base}/orders/${order.id}`);
    await page.getByRole('button', { name: 'Отменить приказ' }).click();
    const dialog = page.getByRole('dialog', { name: 'Отмена приказа № 115-у' });
    // The basis is required: the server's message lands on its field.
    await field(dialog, 'Номер приказа об отмене').fill('116-у');
    await dialog.getByRole('button', { name: 'Отменить приказ' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Основание отмены *Поле не может быть пустым');
    await field(dialog, 'Основание отмены').fill('Ошибочно издан: ребёнок зачислен в другую школу');
    await screenshot(page, 'order-cancel-dialog-1440', { fullPage: false });
    expect(await axeProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Отменить приказ' }).click();
    await expect.poll(() => page.getByTestId('cancelled-by').textContent()).toContain('№ 116-у');
    await look(page, 'order-cancelled');

    await page.goto(`${base}/persons/${pupil.id}`);
    await page.getByRole('tab', { name: 'История обучения' }).click();
    await expect
      .poll(() => page.getByTestId('trajectory-cancelled').first().textContent())
      .toContain('Отменено приказом № 116-у от');
    const struck = await page
      .getByTestId('trajectory-event')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(struck).toBe('line-through');
    await page.context().close();
  });

  it("a parent sees the child's education history in the cabinet", async () => {
    const child = (
      await q(
        `SELECT c.id, c.first_name, e.organization_id AS org, o.kind, o.short_name
           FROM persons p JOIN representations r ON r.representative_id = p.id AND r.revoked_at IS NULL
           JOIN persons c ON c.id = r.learner_id
           JOIN enrollments e ON e.person_id = c.id AND e.ended_on IS NULL
           JOIN organizations o ON o.id = e.organization_id AND o.kind IN ('school', 'preschool')
          WHERE p.snils = '11223344595' AND c.status = 'active'
          ORDER BY c.birth_date DESC LIMIT 1`,
      )
    ).rows[0];
    const admin = await buildUser(s, 'org_admin', child.org);
    const prog = await programme(s, child.org, child.kind === 'school' ? 'ooo' : 'preschool');
    await signedOrder(s, admin, {
      organizationId: child.org,
      kind: 'enrollment',
      number: '9-з',
      orderDate: '2026-09-01',
      movements: [{ kind: 'enrollment', personId: child.id, effectiveOn: '2026-09-01', programmeId: prog }],
    });
    const context = await stand.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await stand.loginEsia(page, 'Смирнова Анна Сергеевна');
    const section = page.getByTestId('cabinet-trajectory').filter({ hasText: child.first_name }).first();
    await section.getByRole('button', { name: /История обучения/ }).click();
    await expect.poll(() => section.textContent()).toContain('приказ № 9-з от 01.09.2026');
    expect(await section.textContent()).toContain(child.short_name);
    // The citizen reads the order's number; the order itself is the organization's document.
    expect(await section.getByRole('link', { name: /приказ № 9-з/ }).count()).toBe(0);
    await look(page, 'cabinet-trajectory');
    await context.close();
  });

  it('the municipality opens «Выбыл и не прибыл»', async () => {
    const page = await newPage();
    await stand.login(page, 'municipality', 'Demo-Password-2026!');
    await page.getByRole('link', { name: 'Выбыл и не прибыл' }).click();
    await expect
      .poll(() => page.getByTestId('not-arrived-table').textContent())
      .toMatch(/зачислены в срок|раб\. дн\./);
    await look(page, 'not-arrived');
    await page.context().close();
  });
});
