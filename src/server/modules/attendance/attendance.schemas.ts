import { z } from 'zod';
import { isoDate as isoDateOf } from '../../../common/schemas/primitives.ts';

const isoDate = isoDateOf();
const schoolYear = z.string().regex(/^\d{4}\/\d{4}$/, 'Учебный год в формате 2026/2027');

export const personAttendanceQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const attendanceDaySchema = z.object({
  date: z.string(),
  organizationId: z.string(),
  status: z.enum(['present', 'absent']),
  /** illness is shown only to those who may see health data; to others it is a valid reason. */
  reason: z.enum(['illness', 'valid', 'unexcused']).nullable(),
  lessonsScheduled: z.number().int().nullable(),
  lessonsMissed: z.number().int(),
  lessonsUnexcused: z.number().int(),
});

export const attendanceTotalsSchema = z.object({
  days: z.number().int(),
  present: z.number().int(),
  absentIllness: z.number().int().nullable(),
  absentValid: z.number().int(),
  absentUnexcused: z.number().int(),
  lessonsMissed: z.number().int(),
  lessonsUnexcused: z.number().int(),
});

export const personAttendanceSchema = z.object({
  from: z.string(),
  to: z.string(),
  organizations: z.array(z.object({ id: z.string(), name: z.string() })),
  days: z.array(attendanceDaySchema),
  totals: attendanceTotalsSchema,
  healthVisible: z.boolean(),
});

export const personResultsQuery = z.strictObject({ academicYear: schoolYear.optional() });

export const personResultsSchema = z.object({
  academicYears: z.array(z.string()),
  academicYear: z.string().nullable(),
  items: z.array(
    z.object({
      id: z.string(),
      organizationName: z.string(),
      kind: z.enum(['period', 'annual', 'final']),
      periodType: z.string().nullable(),
      periodNumber: z.number().int().nullable(),
      subject: z.string(),
      scale: z.string(),
      grade: z.string(),
      gradedOn: z.string(),
      version: z.number().int(),
    }),
  ),
});

export const organizationAttendanceQuery = z.strictObject({
  from: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Месяц в формате ГГГГ-ММ')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Месяц в формате ГГГГ-ММ')
    .optional(),
});

export const organizationAttendanceSchema = z.object({
  from: z.string(),
  to: z.string(),
  months: z.array(
    z.object({
      month: z.string(),
      learners: z.number().int(),
      days: z.number().int(),
      present: z.number().int(),
      absentIllness: z.number().int(),
      absentValid: z.number().int(),
      absentUnexcused: z.number().int(),
      /** Present days over recorded days, 0–1; null for a month without records. */
      rate: z.number().nullable(),
    }),
  ),
});
