import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.ts';

/** A field by its whole label; Mantine appends « *» to the label of a required field. */
export const field = (scope: Page | Locator, label: string) =>
  scope.getByLabel(new RegExp(`^${label}( \\*)?$`));

/** Serious and critical WCAG 2.1 AA findings, as «rule: first element». */
export async function axeProblems(page: Page) {
  // A dialog fading in or a button easing its colour reads as low contrast mid-way: judge the settled page.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

/** Screenshots at the desk and on a phone, no sideways scroll of the page, no serious axe finding. */
export async function look(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await screenshot(page, `${name}-${width}`);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0], `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(widths[1]!);
  }
  expect(await axeProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await settled(page);
}

/**
 * After a resize the layout moves from the phone's to the desk's (the navbar slides back in): a click
 * sent meanwhile may land on a button that is moving away and be lost. Waits until no animation or
 * transition runs and two frames have been drawn.
 */
async function settled(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
    timeout: 10_000,
  });
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))),
  );
}
