import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoStand } from '../support/browser.ts';
import { field } from '../support/page-checks.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
});
afterAll(() => stand?.stop());

const learnerPart = (page: Page) => page.getByRole('region', { name: 'Личные данные' });
const documentsPart = (page: Page) =>
  page.getByRole('region', { name: 'Документы, удостоверяющие личность' });
const parentPart = (page: Page) => page.getByRole('region', { name: 'Родитель (законный представитель)' });

/**
 * Counts what the clerk does: every click, fill of a field, key press or choice is one interaction,
 * each made through `act`; waiting for the page and reading it are not interactions.
 */
function interactions() {
  let count = 0;
  const act = async (step: () => Promise<unknown>) => {
    count++;
    await step();
  };
  return { act, count: () => count };
}

const schoolId = async () =>
  (
    await s.owner.query(
      `SELECT r.scope_node_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id
        WHERE u.login = 'school' AND r.revoked_at IS NULL`,
    )
  ).rows[0].id as string;

type Who = { last: string; first: string; middle: string; birth: string };
const iso = (ru: string) => ru.split('.').reverse().join('-');

/** The learner as stored, with the enrollment, the document, and each linked representative. */
async function stored(learner: Who) {
  const r = await s.owner.query(
    `SELECT p.id, p.sex, p.citizenship_codes, e.organization_id, d.type AS document_type, d.series, d.number,
            (SELECT json_agg(json_build_object('id', m.id, 'relation', r.relation, 'sex', m.sex,
                    'phone', (SELECT c.value FROM person_contacts c WHERE c.person_id = m.id LIMIT 1)))
               FROM representations r JOIN persons m ON m.id = r.representative_id
              WHERE r.learner_id = p.id AND r.revoked_at IS NULL) AS representatives
       FROM persons p LEFT JOIN enrollments e ON e.person_id = p.id
       LEFT JOIN person_documents d ON d.person_id = p.id AND d.invalidated_at IS NULL
      WHERE p.last_name = $1 AND p.first_name = $2 AND p.birth_date = $3 AND p.status = 'active'`,
    [learner.last, learner.first, iso(learner.birth)],
  );
  return r.rows;
}

const personsNamed = async (p: Who) =>
  (
    await s.owner.query(
      `SELECT id FROM persons WHERE last_name = $1 AND first_name = $2 AND birth_date = $3 AND status = 'active'`,
      [p.last, p.first, iso(p.birth)],
    )
  ).rows.map((r) => r.id as string);

const MOTHERS: Record<number, Who> = {
  1440: { last: 'Черемисина', first: 'Алла', middle: 'Викторовна', birth: '02.02.1990' },
  390: { last: 'Шахназарова', first: 'Зарина', middle: 'Рустамовна', birth: '17.11.1987' },
};
const DAUGHTERS: Record<number, Who> = {
  1440: { last: 'Черемисина', first: 'Ульяна', middle: 'Тимуровна', birth: '09.10.2017' },
  390: { last: 'Шахназарова', first: 'Амина', middle: 'Тимуровна', birth: '21.06.2018' },
};
const CERTIFICATES: Record<number, string> = { 1440: '907315', 390: '907316' };

describe('a learner registered with her mother in one step', () => {
  for (const width of [1440, 390]) {
    it(`from the school's landing page in at most 15 interactions (${width} px)`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await stand.login(page, 'school');
      await page.waitForURL(/\/contingent$/);
      const mother = MOTHERS[width]!;
      const daughter = DAUGHTERS[width]!;
      const { act, count } = interactions();

      await act(() => page.getByRole('link', { name: 'Добавить обучающегося' }).click());
      await page.waitForURL(/\/persons\/new$/);
      // Already filled in: the school itself and today for the enrollment, РФ, a birth certificate.
      await expect.poll(() => page.getByLabel(/^Организация/).inputValue()).not.toBe('');
      expect(await field(documentsPart(page), 'Вид документа').inputValue()).toBe(
        'Свидетельство о рождении (РФ)',
      );
      await expect.poll(() => learnerPart(page).getByText('Россия (643)').isVisible()).toBe(true);

      const learner = learnerPart(page);
      await act(() => field(learner, 'Фамилия').fill(daughter.last));
      await act(() => field(learner, 'Имя').fill(daughter.first));
      await act(() => field(learner, 'Отчество').fill(daughter.middle));
      await act(() => field(learner, 'Дата рождения').fill(daughter.birth));
      // The patronymic says «женский»; the clerk sees it and could change it.
      expect(await field(learner, 'Пол').inputValue()).toBe('Женский');
      await act(() => field(documentsPart(page), 'Серия').fill('XIV-ЮЯ'));
      await act(() => field(documentsPart(page), 'Номер').fill(CERTIFICATES[width]!));

      const parent = parentPart(page);
      await act(() => parent.getByRole('radio', { name: 'Мать' }).check());
      await act(() => field(parent, 'Фамилия').fill(mother.last));
      await act(() => field(parent, 'Имя').fill(mother.first));
      await act(() => field(parent, 'Отчество').fill(mother.middle));
      await act(() => field(parent, 'Дата рождения').fill(mother.birth));
      await act(() => field(parent, 'Телефон').fill('+7 914 555-12-34'));
      expect(await field(parent, 'Пол').inputValue()).toBe('Женский');
      await screenshot(page, `person-new-with-parent-${width}`);
      if (width === 390) {
        const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      }
      // Enter in the last field saves the whole form.
      await act(() => field(parent, 'Телефон').press('Enter'));
      await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
      await expect
        .poll(() =>
          page
            .getByRole('heading', { name: `${daughter.last} ${daughter.first} ${daughter.middle}` })
            .isVisible(),
        )
        .toBe(true);

      process.stdout.write(`Registering a learner with her mother (${width} px): ${count()} interactions\n`);
      expect(count()).toBeLessThanOrEqual(15);

      const rows = await stored(daughter);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        sex: 'female',
        citizenship_codes: ['643'],
        organization_id: await schoolId(),
        document_type: '03',
        series: 'XIV-ЮЯ',
        number: CERTIFICATES[width],
      });
      expect(rows[0].representatives).toEqual([
        { id: expect.any(String), relation: 'mother', sex: 'female', phone: '+7 914 555-12-34' },
      ]);
      await page.getByRole('tab', { name: /Представители/ }).click();
      await expect
        .poll(() =>
          page.getByTestId('representatives-table').getByRole('row').filter({ hasText: mother.last }).count(),
        )
        .toBe(1);
      await page.close();
    });
  }

  it('offers the mother already registered (same name and birth date) instead of a second record', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'school');
    const mother = MOTHERS[1440]!;
    const [motherId] = await personsNamed(mother);
    expect(motherId).toBeDefined();
    const son: Who = { last: 'Черемисин', first: 'Глеб', middle: 'Тимурович', birth: '05.04.2020' };

    await page.getByRole('link', { name: 'Добавить обучающегося' }).click();
    await page.waitForURL(/\/persons\/new$/);
    const learner = learnerPart(page);
    await field(learner, 'Фамилия').fill(son.last);
    await field(learner, 'Имя').fill(son.first);
    await field(learner, 'Отчество').fill(son.middle);
    await field(learner, 'Дата рождения').fill(son.birth);
    const parent = parentPart(page);
    await parent.getByRole('radio', { name: 'Мать' }).check();
    // The same mother, typed again with a slip in the name: duplicate control still finds her.
    await field(parent, 'Фамилия').fill(mother.last);
    await field(parent, 'Имя').fill('Алла');
    await field(parent, 'Отчество').fill('Викторвна');
    await field(parent, 'Дата рождения').fill(mother.birth);
    await page.getByRole('button', { name: 'Сохранить' }).click();

    const dialog = page.getByRole('dialog', { name: 'Найдены похожие записи: представитель' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect
      .poll(() =>
        dialog
          .getByRole('row')
          .filter({ hasText: `${mother.last} ${mother.first} ${mother.middle}` })
          .count(),
      )
      .toBe(1);
    // Nothing was stored while the clerk decides.
    expect(await personsNamed(son)).toEqual([]);
    // Of the screen only: a full-page shot resizes the viewport for a moment, and the dialog's layout with it.
    await screenshot(page, 'person-new-parent-duplicate-1440', { fullPage: false });

    // The safe answer is the dominant one: filled, and focused so that Enter takes it.
    const same = dialog.getByRole('button', { name: 'Это он(а)' });
    const other = dialog.getByRole('button', { name: 'Это другой человек' });
    expect(await same.getAttribute('data-variant')).toBe('filled');
    expect(await other.getAttribute('data-variant')).toBe('subtle');
    await expect.poll(() => same.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    expect(await personsNamed(mother)).toEqual([motherId]);
    const rows = await stored(son);
    expect(rows).toHaveLength(1);
    expect(rows[0].representatives).toEqual([expect.objectContaining({ id: motherId, relation: 'mother' })]);
    await page.close();
  });

  it('in the learner’s own duplicate dialog the filled, focused button takes the existing learner, with the father entered', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await stand.login(page, 'school');
    const daughter = DAUGHTERS[1440]!;
    await page.getByRole('link', { name: 'Добавить обучающегося' }).click();
    await page.waitForURL(/\/persons\/new$/);
    const learner = learnerPart(page);
    await field(learner, 'Фамилия').fill('Черемисена');
    await field(learner, 'Имя').fill(daughter.first);
    await field(learner, 'Отчество').fill(daughter.middle);
    await field(learner, 'Дата рождения').fill(daughter.birth);
    const parent = parentPart(page);
    await parent.getByRole('radio', { name: 'Отец' }).check();
    await field(parent, 'Фамилия').fill('Черемисин');
    await field(parent, 'Имя').fill('Тимур');
    await field(parent, 'Отчество').fill('Андреевич');
    await field(parent, 'Дата рождения').fill('30.01.1986');
    await field(parent, 'Дата рождения').press('Enter');

    const dialog = page.getByRole('dialog', { name: 'Найдены похожие записи' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const same = dialog.getByRole('button', { name: 'Это он(а)' });
    const other = dialog.getByRole('button', { name: 'Это другой человек' });
    expect(await same.getAttribute('data-variant')).toBe('filled');
    expect(await other.getAttribute('data-variant')).toBe('subtle');
    await expect.poll(() => same.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'person-new-duplicate-390', { fullPage: false });
    await page.keyboard.press('Enter');

    // No second girl: the father is linked to the one already at the school.
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    const rows = await stored(daughter);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(page.url().split('/').pop());
    expect(rows[0].representatives.map((r: { relation: string }) => r.relation).sort()).toEqual([
      'father',
      'mother',
    ]);
    expect(await personsNamed({ ...daughter, last: 'Черемисена' })).toEqual([]);
    await page.close();
  });

  it('is entered with the keyboard alone: focus starts on the surname, Tab walks the form in order, Enter saves', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'school');
    await page.getByRole('link', { name: 'Добавить обучающегося' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/persons\/new$/);
    /** The label of the focused control, as a screen reader would announce it (without « *»). */
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        const text = el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? el?.textContent ?? '';
        return text.replace(/\s*\*$/, '').trim();
      });
    const child: Who = { last: 'Ладыгина', first: 'Серафима', middle: 'Олеговна', birth: '03.03.2016' };
    const mom: Who = { last: 'Ладыгина', first: 'Инна', middle: 'Петровна', birth: '12.12.1985' };
    // Each stop of Tab from the surname on, and what is typed there («Space» checks a radio).
    const steps: [string, string?][] = [
      ['Фамилия', child.last],
      ['Имя', child.first],
      ['Отчество', child.middle],
      ['Дата рождения', child.birth.replaceAll('.', '')],
      ['Пол'],
      ['СНИЛС'],
      ['Место рождения'],
      ['Гражданство'],
      ['Лицо без гражданства'],
      ['Добавить документ'],
      ['Вид документа'],
      ['Серия', 'XIV-ЮЯ'],
      ['Номер', '907317'],
      ['Дата выдачи'],
      ['Кем выдан'],
      ['Номер актовой записи'],
      ['Удалить документ'],
      ['Мать', 'Space'],
      ['Новый человек'],
      ['Фамилия', mom.last],
      ['Имя', mom.first],
      ['Отчество', mom.middle],
      ['Дата рождения', mom.birth],
      ['Пол'],
      ['Телефон', '89145550000'],
    ];
    const visited: string[] = [];
    await expect.poll(focused).toBe('Фамилия');
    for (const [i, [, text]] of steps.entries()) {
      if (i > 0) await page.keyboard.press('Tab');
      visited.push(await focused());
      if (text === 'Space') await page.keyboard.press('Space');
      else if (text) await page.keyboard.type(text);
    }
    expect(visited).toEqual(steps.map(([label]) => label));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    const rows = await stored(child);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sex: 'female', document_type: '03', number: '907317' });
    expect(rows[0].representatives).toEqual([
      expect.objectContaining({ relation: 'mother', sex: 'female', phone: '89145550000' }),
    ]);
    await page.close();
  });

  it('a parent whose СНИЛС is on record: taken from the school’s own records, or asked for from the holder', async () => {
    const school = await schoolId();
    const adultWithSnils = async (inScope: boolean) =>
      (
        await s.owner.query(
          `SELECT p.id, p.snils FROM persons p
            WHERE p.snils IS NOT NULL AND p.status = 'active' AND p.birth_date < '2000-01-01'
              AND EXISTS (SELECT 1 FROM representations r WHERE r.representative_id = p.id AND r.revoked_at IS NULL)
              AND ${inScope ? '' : 'NOT'} EXISTS (SELECT 1 FROM person_access a
                    WHERE a.person_id = p.id AND a.node_id = $1 AND a.last_day IS NULL)
            ORDER BY p.id LIMIT 1`,
          [school],
        )
      ).rows[0] as { id: string; snils: string };
    const cases = [
      { inScope: true, child: { last: 'Вершинина', first: 'Лада', middle: 'Ивановна', birth: '11.01.2019' } },
      {
        inScope: false,
        child: { last: 'Вершинина', first: 'Мила', middle: 'Ивановна', birth: '12.02.2019' },
      },
    ];
    for (const { inScope, child } of cases) {
      const known = await adultWithSnils(inScope);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await stand.login(page, 'school');
      await page.getByRole('link', { name: 'Добавить обучающегося' }).click();
      await page.waitForURL(/\/persons\/new$/);
      const learner = learnerPart(page);
      await field(learner, 'Фамилия').fill(child.last);
      await field(learner, 'Имя').fill(child.first);
      await field(learner, 'Отчество').fill(child.middle);
      await field(learner, 'Дата рождения').fill(child.birth);
      const parent = parentPart(page);
      await parent.getByRole('radio', { name: 'Мать' }).check();
      await field(parent, 'Фамилия').fill('Вершинина');
      await field(parent, 'Имя').fill('Ирина');
      await field(parent, 'Дата рождения').fill('01.01.1991');
      await field(parent, 'СНИЛС').fill(known.snils);
      await page.getByRole('button', { name: 'Сохранить' }).click();
      if (inScope) {
        const alert = page.getByTestId('existing-person');
        await expect.poll(() => alert.isVisible()).toBe(true);
        expect(await personsNamed(child)).toEqual([]);
        await alert.getByRole('button', { name: 'Указать существующую запись представителем' }).click();
        await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
        const rows = await stored(child);
        expect(rows[0].representatives).toEqual([
          expect.objectContaining({ id: known.id, relation: 'mother' }),
        ]);
      } else {
        const alert = page.getByTestId('match-out-of-scope');
        await expect.poll(() => alert.isVisible()).toBe(true);
        // Outside the school's scope the record itself is not shown.
        expect(await alert.textContent()).not.toContain(known.snils);
        await alert.getByRole('button', { name: 'Направить запрос' }).click();
        await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
        const rows = await stored(child);
        expect(rows).toHaveLength(1);
        expect(rows[0].representatives).toBeNull();
        const asked = await s.owner.query(
          `SELECT kind, person_id, relation, status FROM access_requests WHERE learner_id = $1`,
          [rows[0].id],
        );
        expect(asked.rows).toEqual([
          { kind: 'link_representative', person_id: known.id, relation: 'mother', status: 'pending' },
        ]);
      }
      await page.close();
    }
  });
});
