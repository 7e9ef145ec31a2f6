import type { OrganizationKind } from '../../api/types.ts';

export const num = (v: number) => v.toLocaleString('ru-RU');
export const pct = (v: number | null | undefined) =>
  // A non-breaking space: the sign stays with its number when a line wraps.
  v === null || v === undefined ? '—' : `${v.toLocaleString('ru-RU', { maximumFractionDigits: 1 })}\u00a0%`;

export const LEVELS = ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional', 'unknown'] as const;
export type Level = (typeof LEVELS)[number];

/** The same words as the spreadsheet's columns (src/server/modules/dashboards/panel-sheets.ts). */
export const LEVEL_TITLES: Record<Level, string> = {
  preschool: 'Дошкольное',
  noo: 'НОО',
  ooo: 'ООО',
  soo: 'СОО',
  spo: 'СПО',
  additional: 'Дополнительное',
  unknown: 'Уровень не указан',
};
export const LEVEL_COLORS: Record<Level, string> = {
  preschool: 'teal.6',
  noo: 'blue.4',
  ooo: 'blue.6',
  soo: 'blue.9',
  spo: 'grape.6',
  additional: 'orange.6',
  unknown: 'gray.5',
};
/** The organizations that teach a level: where a figure of the level leads in the registry. */
export const LEVEL_KIND: Record<Level, OrganizationKind> = {
  preschool: 'preschool',
  noo: 'school',
  ooo: 'school',
  soo: 'school',
  spo: 'vocational',
  additional: 'additional',
  unknown: 'school',
};
export const KIND_TITLES: Record<OrganizationKind, string> = {
  preschool: 'Детские сады',
  school: 'Школы',
  additional: 'Дополнительное образование',
  vocational: 'Профессиональные',
};

/**
 * A chart's row label: the kind of municipality abbreviated as on maps, and a long name cut, so that the
 * axis keeps room for the bars (the table view has the full names).
 */
export function short(name: string, max = 24) {
  const s = name
    .replace(/ муниципальный район$/, ' р-н')
    .replace(/ муниципальный округ$/, ' м. о.')
    .replace(/ городской округ$/, ' г. о.')
    .replace(/ \(.*\)$/, '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The height of a horizontal bar chart with one bar per row. */
export const barsHeight = (rows: number) => Math.max(160, rows * 40 + 70);
