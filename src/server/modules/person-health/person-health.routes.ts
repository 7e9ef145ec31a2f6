import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthViewSchema, putHealthSchema } from '../../../common/schemas/health.ts';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { PersonActions as A } from '../persons/persons.policy.ts';
import { personIdParams } from '../persons/persons.schemas.ts';
import { readHealth } from './person-health.queries.ts';
import { putPersonHealth } from './put-person-health.ts';

const tags = ['Сведения о здоровье (специальная категория)'];

/**
 * The only routes that return health data. Both need a grant with the health permission; a refusal
 * at the route is audited by the policy hook, and an out-of-scope person answers an audited 404.
 */
export const personHealthRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/persons/:id/health',
    {
      config: { policy: A['health.read'] },
      schema: {
        operationId: 'getPersonHealth',
        tags,
        summary: 'Сведения о здоровье: группы, инвалидность, ОВЗ и ПМПК, длительное лечение',
        params: personIdParams,
        response: { 200: healthViewSchema, ...problemResponses },
      },
    },
    async (req) => {
      const grants = authorize(req.ctx.actor!, A['health.read']);
      const card = await loadPersonCard(req.ctx, req.ctx.db, req.params.id, grants, A['health.read']);
      const health = await readHealth(req.ctx.db, card.id);
      await auditNow(req.ctx, {
        action: 'health.read',
        objectType: 'person_health',
        objectId: card.id,
        subjectIds: [card.id],
      });
      return health;
    },
  );

  r.put(
    '/v1/persons/:id/health',
    {
      config: { policy: A['health.write'] },
      schema: {
        operationId: 'putPersonHealth',
        tags,
        summary: 'Заменить сведения о здоровье (с версией записи; нужно согласие health_data)',
        params: personIdParams,
        body: putHealthSchema,
        response: { 200: healthViewSchema, ...problemResponses },
      },
    },
    async (req) => putPersonHealth(req.ctx, req.params.id, req.body),
  );
};
