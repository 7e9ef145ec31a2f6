import { z } from 'zod';
import { cursorQuery, pageOf, text, uuid } from '../../../common/schemas/primitives.ts';

export const importParams = z.strictObject({ id: uuid() });
export const heldRowParams = z.strictObject({
  id: uuid(),
  rowIndex: z.coerce.number().int().min(0).max(1_000_000),
});
export const uploadQuery = z.strictObject({
  fileName: text(255).optional(),
  /** The organization the lists are of; staff of one organization may leave it out. */
  organizationId: uuid().optional(),
});
export const importsQuery = z.strictObject({ organizationId: uuid().optional(), ...cursorQuery });
export const decisionBody = z.strictObject({
  decision: z.enum(['link', 'create'], 'Выберите: это тот же человек или другой'),
});

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export const contingentImportSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    fileName: z.string().nullable(),
    format: z.enum(['xlsx', 'csv']),
    status: z.enum(IMPORT_STATUSES),
    jobId: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    createdBy: z.object({ id: z.string(), fullName: z.string() }).nullable(),
    totalRows: z.number().int(),
    /** Rows read and decided so far: the progress bar. */
    processedRows: z.number().int(),
    created: z.number().int(),
    linked: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    held: z.number().int(),
  })
  .meta({ id: 'ContingentImport' });
export type ContingentImport = z.infer<typeof contingentImportSchema>;

const cellErrorSchema = z.object({ column: z.string(), title: z.string(), message: z.string() });

export const contingentImportDetailSchema = contingentImportSchema
  .extend({
    /** The first rejected rows with their reasons; the whole list is the XLSX report. */
    rejectedRows: z.array(
      z.object({ rowNumber: z.number().int(), fullName: z.string(), errors: z.array(cellErrorSchema) }),
    ),
    /** Rows like someone already in the region, waiting for the operator's decision. */
    heldRows: z.array(
      z.object({
        rowIndex: z.number().int(),
        rowNumber: z.number().int(),
        fullName: z.string(),
        birthDate: z.string(),
        decided: z.enum(['created', 'linked']).nullable(),
        candidate: z
          .object({
            score: z.number(),
            /** Within the caller's scope: who it is; outside it, nothing that identifies them. */
            inScope: z.boolean(),
            displayName: z.string().nullable(),
            birthDate: z.string().nullable(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'ContingentImportDetail' });
export type ContingentImportDetail = z.infer<typeof contingentImportDetailSchema>;

export const contingentImportPage = pageOf(contingentImportSchema).meta({ id: 'ContingentImportPage' });
