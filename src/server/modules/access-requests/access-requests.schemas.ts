import { z } from 'zod';
import { RELATIONS, RELATIONS_NEEDING_AUTHORITY } from '../../../common/person-dictionary.ts';
import { isoDate, text, uuid } from '../../../common/schemas/primitives.ts';

const matchToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Некорректный токен совпадения');

export const createAccessRequestSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('enroll'),
      matchToken,
      organizationId: uuid(),
      startedOn: isoDate(),
      comment: text(1000).optional(),
    }),
    z.strictObject({
      kind: z.literal('link_representative'),
      matchToken,
      learnerId: uuid(),
      relation: z.enum(RELATIONS, 'Выберите степень родства'),
      authorityDocument: text(500).optional(),
      comment: text(1000).optional(),
    }),
  ])
  .superRefine((r, ctx) => {
    if (
      r.kind === 'link_representative' &&
      RELATIONS_NEEDING_AUTHORITY.includes(r.relation) &&
      !r.authorityDocument
    )
      ctx.addIssue({
        code: 'custom',
        path: ['authorityDocument'],
        message: 'Укажите документ, подтверждающий полномочия законного представителя',
      });
  });
export type CreateAccessRequestInput = z.infer<typeof createAccessRequestSchema>;

export const accessRequestParams = z.strictObject({ id: uuid() });

export const accessRequestListQuery = z.strictObject({
  box: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled', 'all']).default('pending'),
});

export const approveBodySchema = z.strictObject({ reason: text(1000).optional() });
export const rejectBodySchema = z.strictObject({ reason: text(1000, 5) });

const personRef = z.object({ id: z.string(), fullName: z.string(), birthDate: z.string() });

export const accessRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(['enroll', 'link_representative']),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
  createdAt: z.string(),
  requester: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  startedOn: z.string().nullable(),
  relation: z.string().nullable(),
  comment: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  /** The requested person: to the holder always, to the requester once approved. */
  person: personRef.nullable(),
  /** The learner a representative is to be linked to. */
  learner: personRef.nullable(),
  allowedActions: z.array(z.enum(['approve', 'reject', 'cancel'])),
});
export type AccessRequestView = z.infer<typeof accessRequestSchema>;

export const accessRequestListSchema = z.object({ items: z.array(accessRequestSchema) });
