/** One colour per kind of day, shared by the calendar and its legend. */
export const DAY_COLORS = {
  present: { bg: '#d3f9d8', fg: '#1b4d2b', label: 'Присутствовал' },
  illness: { bg: '#d0ebff', fg: '#0b3d66', label: 'Болезнь' },
  valid: { bg: '#fff3bf', fg: '#5c4400', label: 'Уважительная причина' },
  unexcused: { bg: '#ffc9c9', fg: '#7a1010', label: 'Без уважительной причины' },
} as const;

export type DayKind = keyof typeof DAY_COLORS;
