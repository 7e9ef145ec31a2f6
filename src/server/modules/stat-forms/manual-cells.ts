import type { CellRef } from './control-ratios.ts';
import type { Section } from './definition.schema.ts';

/**
 * Cells the registry cannot know: those of a row or a column the definition marks `manual`. The
 * organization enters them before it signs; a territory's computed form has no value for them.
 */
export const isManualCell = (section: Section, row: string, column: string) =>
  !!(
    section.rows.find((r) => r.code === row)?.manual || section.columns.find((c) => c.code === column)?.manual
  );

export const manualCellsOf = (section: Section): CellRef[] =>
  section.rows.flatMap((r) =>
    section.columns.filter((c) => r.manual || c.manual).map((c) => ({ row: r.code, column: c.code })),
  );

/** The problems a manual row or column brings to its section's definition. */
export function manualProblems(section: Section): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const axes = [
    ['rows', section.rows, 'строка'],
    ['columns', section.columns, 'графа'],
  ] as const;
  for (const [axis, items, noun] of axes)
    items.forEach((x, i) => {
      if (!x.manual) return;
      if (x.filters.length > 0 || x.age)
        problems.push({
          path: `${axis}[${i}]`,
          message: `Раздел ${section.code}: ${noun} ${x.code} вводится вручную — фильтры и возраст ей не задаются`,
        });
      if ('measure' in x && x.measure)
        problems.push({
          path: `${axis}[${i}].measure`,
          message: `Раздел ${section.code}: графа ${x.code} вводится вручную — мера ей не задается`,
        });
    });
  // A listed row appears only when the registry finds its code: no one could enter its manual cells ahead.
  if (section.rowsBy && section.columns.some((c) => c.manual))
    problems.push({
      path: 'columns',
      message: `Раздел ${section.code}: в разделе с перечисляемыми строками графы не вводятся вручную`,
    });
  return problems;
}
