import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { ChangeActions as A } from './changes.policy.ts';
import { changePageSchema, changesQuery } from './changes.schemas.ts';
import { readChanges } from './read-changes.ts';

const tags = ['Лента изменений для внешних систем'];

/** The change feed: every change of persons, enrollments and orders within the reader's scope, in commit-safe order. */
export const changesRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/changes',
    {
      config: { policy: A['changes.read'] },
      // Cards and orders are rendered by the read APIs' own code; the schema documents the shape and the
      // page is not validated again on the way out (as GET /persons/{id}).
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        operationId: 'listChanges',
        tags,
        summary: 'Лента изменений: записи о людях, зачислениях и приказах после курсора, в порядке фиксации',
        querystring: changesQuery,
        response: { 200: changePageSchema, ...problemResponses },
      },
    },
    async (req) => readChanges(req.ctx, req.query),
  );
};
