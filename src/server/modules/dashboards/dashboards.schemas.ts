import { z } from 'zod';
import { uuid } from '../../../common/schemas/primitives.ts';

export const dashboardQuery = z.strictObject({
  territoryId: uuid()
    .optional()
    .describe('Регион или муниципалитет; по умолчанию — вся область доступа пользователя'),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const territory = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['region', 'municipality']),
});
/** A row per municipality; `territoryId` is null for the organizations of regional subordination. */
const rowKey = { territoryId: z.string().nullable(), name: z.string() };
const orgKind = z.enum(['preschool', 'school', 'additional', 'vocational']);

export const LEVELS = ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional', 'unknown'] as const;
const levelFigures = z.object(
  Object.fromEntries(LEVELS.map((l) => [l, z.number().int()])) as {
    [K in (typeof LEVELS)[number]]: z.ZodNumber;
  },
);

export const contingentPanel = z.object({
  asOf: z.string(),
  territory,
  /** Persons with an enrollment in force, by level; `total` counts a person once across levels. */
  totals: levelFigures.extend({ total: z.number().int() }),
  rows: z.array(z.object({ ...rowKey, byLevel: levelFigures, total: z.number().int() })),
});
export type ContingentPanel = z.infer<typeof contingentPanel>;

const occupancyFigures = {
  organizations: z.number().int(),
  /** Organizations with no design capacity and no places in this year's groups or classes. */
  withoutCapacity: z.number().int(),
  capacity: z.number().int(),
  /** Learners of the organizations whose capacity is known. */
  learners: z.number().int(),
  /** learners / capacity, per cent, one decimal; null without capacity. */
  loadPercent: z.number().nullable(),
  overCapacity: z.number().int(),
};
export const occupancyPanel = z.object({
  asOf: z.string(),
  territory,
  byKind: z.array(z.object({ kind: orgKind, ...occupancyFigures })),
  rows: z.array(z.object({ ...rowKey, kind: orgKind, ...occupancyFigures })),
  top: z.array(
    z.object({
      organizationId: z.string(),
      name: z.string(),
      kind: orgKind,
      municipality: z.string(),
      capacity: z.number().int(),
      learners: z.number().int(),
      loadPercent: z.number(),
    }),
  ),
});
export type OccupancyPanel = z.infer<typeof occupancyPanel>;

export const queuePanel = z.object({
  asOf: z.string(),
  /** 1 September of the next main allocation: ages are full years on this day. */
  referenceDate: z.string(),
  territory,
  totals: z.object({ waiting: z.number().int(), offered: z.number().int() }),
  bands: z.array(z.object({ age: z.number().int(), waiting: z.number().int(), offered: z.number().int() })),
  rows: z.array(z.object({ ...rowKey, waiting: z.number().int(), offered: z.number().int() })),
});
export type QueuePanel = z.infer<typeof queuePanel>;

const attendanceFigures = {
  days: z.number().int(),
  present: z.number().int(),
  /** present / days, per cent, one decimal; null when no day was marked. */
  sharePercent: z.number().nullable(),
};
export const attendancePanel = z.object({
  asOf: z.string(),
  territory,
  from: z.string(),
  to: z.string(),
  summary: z.object(attendanceFigures),
  byKind: z.array(z.object({ kind: orgKind, ...attendanceFigures })),
  rows: z.array(z.object({ ...rowKey, ...attendanceFigures })),
  weeks: z.array(z.object({ weekStart: z.string(), ...attendanceFigures })),
});
export type AttendancePanel = z.infer<typeof attendancePanel>;

export const dataQualityPanel = z.object({
  asOf: z.string(),
  territory,
  run: z.object({ id: z.string(), month: z.string(), finishedAt: z.string() }).nullable(),
  summary: z
    .object({
      learners: z.number().int(),
      errors: z.number().int(),
      warnings: z.number().int(),
      score: z.number().nullable(),
    })
    .nullable(),
  rows: z.array(z.object({ ...rowKey, learners: z.number().int(), score: z.number().nullable() })),
  worst: z.array(
    z.object({
      organizationId: z.string(),
      name: z.string(),
      learners: z.number().int(),
      errors: z.number().int(),
      warnings: z.number().int(),
      score: z.number(),
    }),
  ),
  trend: z.array(z.object({ month: z.string(), score: z.number().nullable() })),
});
export type DataQualityPanel = z.infer<typeof dataQualityPanel>;

export const signOffPanel = z.object({
  asOf: z.string(),
  territory,
  forms: z.array(
    z.object({
      code: z.string(),
      edition: z.string(),
      /** The form's number as printed on it: «ОО-1». */
      name: z.string(),
      title: z.string(),
      referenceDate: z.string(),
      expected: z.number().int(),
      signed: z.number().int(),
      returned: z.number().int(),
      missing: z.number().int(),
    }),
  ),
});
export type SignOffPanel = z.infer<typeof signOffPanel>;
