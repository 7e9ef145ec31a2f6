import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorQuery, searchText, uuid } from '../../../common/schemas/primitives.ts';
import { auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { AuditActions as A } from './audit.policy.ts';
import { listAudit } from './audit.queries.ts';

const query = z.strictObject({
  action: searchText(100).optional(),
  actorUserId: uuid().optional(),
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
  outcome: z.enum(['success', 'denied', 'failure']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/audit',
    {
      config: { policy: A['audit.read'] },
      schema: {
        tags: ['Журнал аудита'],
        summary: 'Журнал аудита с фильтрами',
        querystring: query,
        response: {
          200: z.object({ items: z.array(item), nextCursor: z.string().nullable() }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const page = await listAudit(req.ctx, req.query);
      // Reading the log is itself recorded: it shows who did what.
      await auditNow(req.ctx, {
        action: 'audit.read',
        objectType: 'audit_log',
        details: { count: page.items.length },
      });
      return page;
    },
  );
};
