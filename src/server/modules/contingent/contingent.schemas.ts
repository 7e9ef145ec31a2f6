import { z } from 'zod';
import { cursorQuery, searchText, uuid } from '../../../common/schemas/primitives.ts';

export const contingentParams = z.strictObject({ id: uuid() });

const status = z
  .enum(['current', 'left', 'all'])
  .default('current')
  .describe('current — обучаются сейчас, left — выбыли, all — все');

export const contingentQuery = z.strictObject({
  status,
  q: searchText(100).optional().describe('Часть ФИО'),
  ...cursorQuery,
});

export const contingentExportQuery = z.strictObject({ status, q: searchText(100).optional() });

export const contingentItem = z.object({
  personId: z.string(),
  enrollmentId: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
});

export const contingentPage = z.object({
  organization: z.object({ id: z.string(), shortName: z.string(), territoryName: z.string() }),
  totals: z.object({ current: z.number().int(), left: z.number().int() }),
  items: z.array(contingentItem),
  nextCursor: z.string().nullable(),
});

export type ContingentFilter = {
  status: 'current' | 'left' | 'all';
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};
export type ContingentItem = z.infer<typeof contingentItem>;
