import { z } from 'zod';
import { cursorQuery, pageOf, uuid } from '../../../common/schemas/primitives.ts';

const severity = z.enum(['error', 'warning']);

export const checksSchema = z.object({
  items: z.array(
    z.object({ code: z.string(), severity, objectType: z.string(), title: z.string(), fix: z.string() }),
  ),
});

export const runsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      month: z.string(),
      status: z.enum(['running', 'finished', 'failed']),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      opened: z.number().int().nullable(),
      closed: z.number().int().nullable(),
      openFindings: z.number().int().nullable(),
    }),
  ),
});

export const startedSchema = z.object({ runId: z.string(), jobId: z.string() });

export const scopeQuery = z.strictObject({
  organizationId: uuid().optional().describe('Организация'),
  territoryId: uuid().optional().describe('Территория (муниципалитет, регион) — вместо организации'),
});

const scoreRow = z.object({
  id: z.string(),
  name: z.string(),
  learners: z.number().int(),
  score: z.number().nullable(),
});

export const scoresSchema = z.object({
  run: z.object({ id: z.string(), month: z.string(), finishedAt: z.string() }).nullable(),
  scope: z.object({ kind: z.enum(['organization', 'territory']), id: z.string(), name: z.string() }),
  summary: z
    .object({
      learners: z.number().int(),
      errors: z.number().int(),
      warnings: z.number().int(),
      score: z.number().nullable(),
    })
    .nullable(),
  organizations: z.array(scoreRow.extend({ errors: z.number().int(), warnings: z.number().int() })),
  municipalities: z.array(scoreRow),
  trend: z.array(z.object({ month: z.string(), score: z.number().nullable() })),
});

export const findingsQuery = scopeQuery.extend({
  check: z.string().max(60).optional().describe('Код проверки'),
  status: z.enum(['open', 'closed']).default('open'),
  ...cursorQuery,
});

export const findingsSchema = pageOf(
  z.object({
    id: z.string(),
    check: z.string(),
    severity,
    title: z.string(),
    fix: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    objectType: z.string(),
    objectId: z.string(),
    personId: z.string().nullable().describe('Обучающийся, к которому относится замечание'),
    label: z.string(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
  }),
);

export const organizationParams = z.strictObject({ id: uuid() });
export const recheckSchema = z.object({
  organizationId: z.string(),
  opened: z.number().int(),
  closed: z.number().int(),
  open: z.number().int(),
});
