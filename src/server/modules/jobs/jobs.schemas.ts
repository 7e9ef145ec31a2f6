import { z } from 'zod';
import { cursorQuery, uuid } from '../../../common/schemas/primitives.ts';
import { JOB_STATES } from '../../platform/jobs/job-types.ts';

export const jobIdParams = z.strictObject({ id: uuid() });

export const jobsQuery = z.strictObject({
  state: z.enum(JOB_STATES).optional(),
  kind: z
    .string()
    .regex(/^[a-z][a-z-]{0,49}$/, 'Некорректный вид задачи')
    .optional(),
  ...cursorQuery,
});

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string().describe('Вид задачи по-русски'),
  state: z.enum(JOB_STATES),
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }),
  owner: z.object({ id: z.string(), fullName: z.string() }).nullable().describe('null: запуск по расписанию'),
  attempts: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  summary: z.string().nullable().describe('Итог по-русски'),
  error: z.string().nullable().describe('Причина сбоя по-русски'),
  cancelRequested: z.boolean(),
  canCancel: z.boolean(),
});

export const jobsPageSchema = z.object({ items: z.array(jobSchema), nextCursor: z.string().nullable() });
