import type { Control, Section } from './definition.schema.ts';
import { isListedRow, LISTED } from './listed-rows.ts';

export type CellRef = { row: string; column: string };
export type CellValues = Map<string, number>;
/** A form's cells as reported: null is a manual cell no one has entered (or a territory's, not computed). */
export type ReportValues = ReadonlyMap<string, number | null>;
export const cellKey = (row: string, column: string) => `${row}:${column}`;

/** `row:column`, either part possibly `*`; null when malformed. */
export function parseRef(ref: string): CellRef | null {
  const m = /^([^:\s]+):([^:\s]+)$/.exec(ref);
  return m ? { row: m[1]!, column: m[2]! } : null;
}

/** Problems of a control's references against its section (unknown rows/columns, mixed `*`). */
export function controlProblems(section: Section, control: Control): { path: string; message: string }[] {
  const rows = new Set(section.rows.map((r) => r.code));
  const columns = new Set(section.columns.map((c) => c.code));
  const problems: { path: string; message: string }[] = [];
  const axes = new Set<string>();
  for (const side of ['left', 'right'] as const)
    control[side].forEach((ref, i) => {
      const path = `${side}[${i}]`;
      const r = parseRef(ref);
      if (!r) {
        problems.push({ path, message: `Ссылка «${ref}» не в формате строка:графа` });
        return;
      }
      if (r.row === '*' && r.column === '*') {
        problems.push({ path, message: `Ссылка «${ref}»: «*» допустим только в одной позиции` });
        return;
      }
      if (r.row === '*') axes.add('row');
      else if (r.row === LISTED && !section.rowsBy)
        problems.push({ path, message: `Ссылка «${ref}»: раздел ${section.code} не перечисляет строки сам` });
      else if (r.row !== LISTED && !rows.has(r.row))
        problems.push({ path, message: `Ссылка «${ref}»: в разделе ${section.code} нет строки ${r.row}` });
      if (r.column === '*') axes.add('column');
      else if (!columns.has(r.column))
        problems.push({ path, message: `Ссылка «${ref}»: в разделе ${section.code} нет графы ${r.column}` });
    });
  if (axes.size > 1)
    problems.push({ path: 'left', message: 'В одном контроле «*» повторяет либо строки, либо графы' });
  return problems;
}

/** The concrete comparisons of a control: one, or one per row/column when it uses `*`. */
export function expandControl(section: Section, control: Control) {
  const refs = [...control.left, ...control.right].map((r) => parseRef(r)!);
  const axis = refs.some((r) => r.row === '*') ? 'row' : refs.some((r) => r.column === '*') ? 'column' : null;
  const listed = section.rows.filter((r) => isListedRow(section, r.code)).map((r) => r.code);
  const keys =
    axis === 'row'
      ? section.rows.map((r) => r.code)
      : axis === 'column'
        ? section.columns.map((c) => c.code)
        : [null];
  return keys.map((k) => {
    const bind = (ref: string): CellRef => {
      const r = parseRef(ref)!;
      return { row: r.row === '*' ? k! : r.row, column: r.column === '*' ? k! : r.column };
    };
    // `~` is every listed row of the cell's column: as many references as the registry listed rows.
    const refsOf = (ref: string): CellRef[] => {
      const c = bind(ref);
      return c.row === LISTED ? listed.map((row) => ({ row, column: c.column })) : [c];
    };
    return { left: control.left.flatMap(refsOf), right: control.right.flatMap(refsOf) };
  });
}

export type ControlFailure = {
  section: string;
  control: string;
  label: string;
  op: Control['op'];
  left: CellRef[];
  right: CellRef[];
  leftValue: number;
  rightValue: number;
};

const holds = (op: Control['op'], a: number, b: number) =>
  op === '=' ? a === b : op === '<=' ? a <= b : a >= b;

/** Every comparison of the section's controls, with its sides and their sums (null: a side has an empty cell). */
function comparisons(section: Section, cells: ReportValues) {
  const sum = (refs: CellRef[]) => {
    let total = 0;
    for (const r of refs) {
      const v = cells.get(cellKey(r.row, r.column));
      if (v === null) return null;
      total += v ?? 0;
    }
    return total;
  };
  return section.controls.flatMap((control) =>
    expandControl(section, control).map(({ left, right }) => ({
      control,
      left,
      right,
      leftValue: sum(left),
      rightValue: sum(right),
    })),
  );
}

/**
 * Every comparison of the section's controls that its cells break. A comparison over an empty manual
 * cell is not checked (see `uncheckedControls`): it neither passes nor fails.
 */
export function evaluateControls(section: Section, cells: ReportValues): ControlFailure[] {
  return comparisons(section, cells).flatMap(({ control, left, right, leftValue, rightValue }) =>
    leftValue === null || rightValue === null || holds(control.op, leftValue, rightValue)
      ? []
      : [
          {
            section: section.code,
            control: control.code,
            label: control.label,
            op: control.op,
            left,
            right,
            leftValue,
            rightValue,
          },
        ],
  );
}

export type UncheckedControl = {
  section: string;
  control: string;
  label: string;
  /** The manual cells of the comparison that have no value yet. */
  emptyCells: CellRef[];
};

/** The comparisons that cannot be checked: a manual cell of theirs has no value. */
export function uncheckedControls(section: Section, cells: ReportValues): UncheckedControl[] {
  return comparisons(section, cells)
    .filter((c) => c.leftValue === null || c.rightValue === null)
    .map(({ control, left, right }) => ({
      section: section.code,
      control: control.code,
      label: control.label,
      emptyCells: [...left, ...right].filter((r) => cells.get(cellKey(r.row, r.column)) === null),
    }));
}
