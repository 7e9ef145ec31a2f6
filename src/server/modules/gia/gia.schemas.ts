import { z } from 'zod';
import { cursorQuery, pageOf, text, uuid } from '../../../common/schemas/primitives.ts';
import { EXAM_KINDS } from './gia-rows.ts';

export const giaImportParams = z.strictObject({ id: uuid() });
export const giaUploadQuery = z.strictObject({ fileName: text(255).optional() });
export const giaImportsQuery = z.strictObject({ ...cursorQuery });

export const giaRejectedRowSchema = z.object({
  row: z.number().int(),
  reason: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  subject: z.string(),
});

export const giaImportSchema = z
  .object({
    id: z.string(),
    fileName: z.string().nullable(),
    format: z.enum(['xlsx', 'csv']),
    createdAt: z.string(),
    createdBy: z.object({ id: z.string(), fullName: z.string() }).nullable(),
    totalRows: z.number().int(),
    /** Rows matched to a learner: written now (inserted, updated) or already as they are (unchanged). */
    matched: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    examKinds: z.array(z.enum(EXAM_KINDS)),
    subjects: z.array(z.string()),
  })
  .meta({ id: 'GiaImport' });
export type GiaImport = z.infer<typeof giaImportSchema>;

export const giaImportDetailSchema = giaImportSchema
  .extend({
    /** The first rejected rows with their reasons; the whole list is the XLSX report. */
    rejectedRows: z.array(giaRejectedRowSchema),
  })
  .meta({ id: 'GiaImportDetail' });

export const giaImportPage = pageOf(giaImportSchema).meta({ id: 'GiaImportPage' });

export const giaResultSchema = z
  .object({
    id: z.string(),
    examKind: z.enum(EXAM_KINDS),
    subject: z.string(),
    examDate: z.string(),
    primaryScore: z.number().int().nullable(),
    testScore: z.number().int().nullable(),
    mark: z.number().int().nullable(),
    schoolCode: z.string().nullable(),
    importId: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'GiaResult' });
export type GiaResult = z.infer<typeof giaResultSchema>;
export const giaResultsSchema = z.object({ items: z.array(giaResultSchema) }).meta({ id: 'GiaResults' });
