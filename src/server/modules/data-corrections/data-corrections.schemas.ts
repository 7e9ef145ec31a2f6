import { z } from 'zod';
import { CORRECTION_SECTIONS, CORRECTION_TEXT_MAX } from '../../../common/data-correction-sections.ts';
import { note, uuid } from '../../../common/schemas/primitives.ts';

/** The citizen's report: whose record (own or a child's), which part, what is wrong. */
export const createCorrectionSchema = z.strictObject({
  personId: uuid(),
  section: z.enum(CORRECTION_SECTIONS, 'Выберите, в каких сведениях ошибка'),
  text: note(CORRECTION_TEXT_MAX, 5),
});
export type CreateCorrectionInput = z.infer<typeof createCorrectionSchema>;

export const correctionParams = z.strictObject({ id: uuid() });

export const correctionListQuery = z.strictObject({
  status: z.enum(['open', 'done', 'all']).default('open'),
});

const status = z.enum(['open', 'done']);

/** What the citizen sees of their own reports. */
export const ownCorrectionSchema = z.object({
  id: z.string(),
  person: z.object({ id: z.string(), fullName: z.string() }),
  organization: z.string(),
  section: z.enum(CORRECTION_SECTIONS),
  text: z.string(),
  status,
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

/** A task in the organization's queue. */
export const correctionTaskSchema = ownCorrectionSchema.extend({
  person: z.object({ id: z.string(), fullName: z.string(), birthDate: z.string() }),
  organization: z.object({ id: z.string(), name: z.string() }),
  resolvedBy: z.string().nullable(),
});
export type CorrectionTask = z.infer<typeof correctionTaskSchema>;

export const correctionTaskListSchema = z.object({
  items: z.array(correctionTaskSchema),
  timeZone: z.string().describe('Часовой пояс региона (IANA) для показа моментов времени'),
});
export const ownCorrectionListSchema = z.object({
  items: z.array(ownCorrectionSchema),
  timeZone: z.string(),
});
