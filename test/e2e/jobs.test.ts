import AxeBuilder from '@axe-core/playwright';
import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTITIONS } from '../../src/server/modules/duplicates/run-duplicate-report.ts';
import { screenshot, startDemoStand } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser } = stand);
});
afterAll(() => stand?.stop());

/** Polls the owner's view of the database; the bound is on iterations, not on time. */
async function until<T>(read: () => Promise<T | null | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const v = await read();
    if (v) return v;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('condition never held');
}

/** After a resize the navigation slides away; the screenshot waits until it has. */
const settled = (page: import('playwright-core').Page) =>
  page.waitForFunction(() => {
    const nav = document.querySelector('nav');
    return !nav || nav.getBoundingClientRect().right <= 0 || window.innerWidth > 768;
  });

async function seriousViolations(page: import('playwright-core').Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

describe('the jobs screen in the browser', () => {
  it('shows a running duplicate report with its progress bar, then its result', async () => {
    // The report of the small demo region takes a moment; two holds keep it at a known step. The first
    // blocks checkpoints (the job waits inside its first two partitions), the second, once the run is
    // known, the partitions after the first two.
    const checkpoints: pg.PoolClient = await s.owner.connect();
    const partitions: pg.PoolClient = await s.owner.connect();
    await checkpoints.query('BEGIN');
    await checkpoints.query('LOCK TABLE duplicate_run_partitions IN SHARE MODE');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    try {
      await stand.login(page, 'region');
      await page.getByRole('link', { name: 'Фоновые задачи' }).click();
      await page.waitForURL(/\/jobs$/);
      await expect(page.title()).resolves.toBe('Фоновые задачи — Контингент');
      await page.getByText('Сейчас задачи не выполняются').waitFor();

      await page.getByRole('link', { name: 'Дубликаты' }).click();
      await page.getByRole('button', { name: /^Сформировать отчет/ }).click();
      const runId = await until(async () => {
        const r = await s.owner.query(`SELECT id FROM duplicate_runs WHERE status = 'running'`);
        return r.rows[0]?.id as string | undefined;
      });
      for (let p = 2; p < PARTITIONS; p++) {
        await partitions.query('SELECT pg_advisory_lock(hashtext($1), $2)', [runId, p]);
      }
      await checkpoints.query('COMMIT');
      await until(async () => {
        const r = await s.owner.query(
          `SELECT b.progress_done FROM background_jobs b JOIN duplicate_runs r ON r.job_id = b.id
            WHERE r.id = $1`,
          [runId],
        );
        return r.rows[0]?.progress_done === 2;
      });

      await page.getByRole('link', { name: '«Фоновые задачи»' }).click();
      await page.waitForURL(/\/jobs$/);
      const card = page.getByTestId('active-job');
      await card.getByText('Поиск дубликатов по региону').waitFor();
      const bar = card.getByRole('progressbar');
      await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('13');
      await expect(card.getByText(`Шаг 2 из ${PARTITIONS} · 13%`).isVisible()).resolves.toBe(true);
      await expect(card.getByText('Выполняется').isVisible()).resolves.toBe(true);
      await expect(card.getByRole('button', { name: 'Отменить' }).isVisible()).resolves.toBe(true);
      await screenshot(page, 'jobs-running-1440');
      expect(await seriousViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await bar.waitFor();
      await settled(page);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      await screenshot(page, 'jobs-running-390');
      await page.setViewportSize({ width: 1440, height: 900 });
    } finally {
      await checkpoints.query('COMMIT').catch(() => {});
      await partitions.query('SELECT pg_advisory_unlock_all()');
      checkpoints.release();
      partitions.release();
    }

    // Released, the job finishes; the page refreshes by itself and shows the result.
    const finished = page.getByTestId('finished-jobs');
    await finished.getByText(/Найдено пар возможных дубликатов: \d+/).waitFor();
    await expect(page.getByText('Сейчас задачи не выполняются').isVisible()).resolves.toBe(true);
    await expect(finished.getByText('Завершена').first().isVisible()).resolves.toBe(true);
    const pairs = await s.owner.query(`SELECT pairs FROM duplicate_runs WHERE status = 'finished'`);
    await expect(
      finished.getByText(`Найдено пар возможных дубликатов: ${pairs.rows[0].pairs}`).isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'jobs-finished-1440');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await settled(page);
    await screenshot(page, 'jobs-finished-390');
    await context.close();
  });
});
