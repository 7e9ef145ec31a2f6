import { z } from 'zod';
import { cursorQuery, isoDate, note, pageOf, uuid } from '../../../common/schemas/primitives.ts';
import { CASE_KINDS, CASE_STATUSES } from './case-store.ts';

export const caseKind = z.enum(CASE_KINDS, 'Неизвестный вид случая');
export const caseStatus = z.enum(CASE_STATUSES, 'Неизвестный статус');

export const caseFilters = z.strictObject({
  kind: caseKind.optional(),
  /** `open`: every status but closed. */
  status: z.union([caseStatus, z.literal('open')], 'Неизвестный статус').optional(),
  organizationId: uuid().optional(),
  responsibleUserId: uuid().optional(),
  overdue: z.enum(['true', 'false'], 'Ожидается true или false').optional(),
});
export const listQuery = caseFilters.extend(cursorQuery);
export const exportQuery = caseFilters.extend({
  recipient: z.enum(['kdn', 'guardianship'], 'Получатель: kdn (КДН) или guardianship (опека)'),
});

const ref = z.object({ id: z.string(), name: z.string() });

export const caseItemSchema = z.object({
  id: z.string(),
  kind: caseKind,
  status: caseStatus,
  person: z.object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
  }),
  municipality: ref,
  organization: ref.nullable(),
  responsible: ref.nullable(),
  detectedOn: z.string(),
  evidenceOn: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number(),
});
export const casePageSchema = pageOf(caseItemSchema);

export const caseEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  user: ref.nullable(),
  action: z.enum(['detected', 'status', 'assigned', 'deadline', 'note', 'auto_closed']),
  fromStatus: caseStatus.nullable(),
  toStatus: caseStatus.nullable(),
  responsible: ref.nullable(),
  deadline: z.string().nullable(),
  note: z.string().nullable(),
});
export const caseCardSchema = caseItemSchema.extend({
  history: z.array(caseEventSchema),
  /** Statuses the case may move to now; empty once closed. */
  nextStatuses: z.array(caseStatus),
  /** Specialists of the case's municipality who may be made responsible. */
  specialists: z.array(ref),
  canWrite: z.boolean(),
});

export const caseUpdateBody = z
  .strictObject({
    version: z.number('Укажите версию записи').int().min(1),
    status: caseStatus.optional(),
    responsibleUserId: uuid().nullable().optional(),
    deadline: isoDate().nullable().optional(),
    note: note(4000).optional(),
  })
  .refine(
    (b) => b.status !== undefined || b.responsibleUserId !== undefined || b.deadline !== undefined || b.note,
    { message: 'Нет изменений: укажите статус, ответственного, срок или заметку', path: ['status'] },
  );
export type CaseUpdate = z.infer<typeof caseUpdateBody>;
export type CaseFilters = z.infer<typeof caseFilters>;
