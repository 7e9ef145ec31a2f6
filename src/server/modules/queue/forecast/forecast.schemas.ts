import { z } from 'zod';
import { uuid } from '../../../../common/schemas/primitives.ts';

export const forecastQuery = z.strictObject({
  territoryId: uuid(),
  years: z.coerce.number().int().min(1).max(3).default(3),
});

export const forecastRowSchema = z.object({
  municipalityId: z.string(),
  municipalityName: z.string(),
  /** 1 September of the year forecast. */
  on: z.string(),
  age: z.number().int(),
  /** Places of the groups for this age (a mixed-age group's places shared among its ages). */
  capacity: z.number(),
  /** Children attending now who will still be of kindergarten age, and of this age, then. */
  continuing: z.number().int(),
  free: z.number(),
  /** Waiting applications of children of this age then, wanting a place by that date. */
  queue: z.number().int(),
  /** Children living in the municipality, of this age then, neither attending nor in the queue. */
  notInQueue: z.number().int(),
  /** Queue demand less free places: above zero is a shortage. */
  shortage: z.number(),
});
export type ForecastRow = z.infer<typeof forecastRowSchema>;

export const forecastSchema = z.object({
  territoryId: z.string(),
  territoryName: z.string(),
  computedAt: z.string(),
  rows: z.array(forecastRowSchema),
});
export type Forecast = z.infer<typeof forecastSchema>;
