import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorQuery, searchText, uuid } from '../../../common/schemas/primitives.ts';
import { auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { AuditActions as A } from './audit.policy.ts';
import { listAudit, namedPersons } from './audit.queries.ts';
import { readPersonAccessLog } from './read-person-access-log.ts';

const query = z.strictObject({
  action: searchText(400)
    .optional()
    .describe('Код действия или несколько через запятую (коды, которые по-русски называются одинаково)'),
  actorUserId: uuid().optional(),
  actorName: searchText(100).optional(),
  personId: uuid().optional(),
  organizationId: uuid().optional(),
  objectType: searchText(50).optional(),
  objectId: searchText(100).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  ...cursorQuery,
});

const item = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), fullName: z.string() }).nullable(),
  actorRole: z.string().nullable(),
  scopeName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  objectLabel: z
    .string()
    .nullable()
    .describe('ФИО, наименование или имя пользователя; null вне области доступа'),
  subjectCount: z.number().int().describe('Сколько людей затрагивает событие'),
  outcome: z.enum(['success', 'denied', 'failure']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
const page = z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const auditRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/audit',
    {
      config: { policy: A['audit.read'] },
      schema: {
        operationId: 'listAuditEvents',
        tags: ['Журнал аудита'],
        summary: 'Журнал аудита с фильтрами',
        querystring: query,
        response: { 200: page, ...problemResponses },
      },
    },
    async (req) => {
      const result = await listAudit(req.ctx, req.query);
      // Reading the log is itself recorded, with the persons it named.
      await auditNow(req.ctx, {
        action: 'audit.read',
        objectType: 'audit_log',
        subjectIds: namedPersons(result.items),
        details: { count: result.items.length },
      });
      return result;
    },
  );

  r.get(
    '/v1/audit/persons/:id',
    {
      config: { policy: A['audit.read'] },
      schema: {
        operationId: 'listPersonAudit',
        tags: ['Журнал аудита'],
        summary: 'Кто обращался к записи о человеке',
        params: z.strictObject({ id: uuid() }),
        querystring: z.strictObject({ ...cursorQuery }),
        response: { 200: page, ...problemResponses },
      },
    },
    async (req) => readPersonAccessLog(req.ctx, req.params.id, req.query),
  );
};
