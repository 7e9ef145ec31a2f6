import type { ReactNode } from 'react';

/**
 * A table wider than a phone scrolls inside this frame, not the whole page. The frame takes keyboard
 * focus so that the arrow keys scroll it too (WCAG: scrollable regions must be keyboard accessible).
 */
export function ScrollTable({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth?: number;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled from the keyboard
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      <div style={minWidth ? { minWidth } : undefined}>{children}</div>
    </section>
  );
}
