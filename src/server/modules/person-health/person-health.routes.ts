import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthViewSchema, putHealthSchema } from '../../../common/schemas/health.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { personIdParams } from '../persons/persons.schemas.ts';
import { readPerson } from '../persons/read-person.ts';
import { HealthActions } from './person-health.policy.ts';
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
      config: { policy: HealthActions['health.read'] },
      schema: {
        operationId: 'getPersonHealth',
        tags,
        summary: 'Сведения о здоровье: группы, инвалидность, ОВЗ и ПМПК, длительное лечение',
        params: personIdParams,
        response: { 200: healthViewSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { data } = await readPerson(req.ctx, req.params.id, {
        action: HealthActions['health.read'],
        load: (card) => readHealth(req.ctx.db, card.id),
        audit: (card) => ({ action: 'health.read', objectType: 'person_health', subjectIds: [card.id] }),
      });
      return data;
    },
  );

  r.put(
    '/v1/persons/:id/health',
    {
      config: { policy: HealthActions['health.write'] },
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
