import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { personAudience } from '../persons/person.presenter.ts';
import { PersonActions as A } from '../persons/persons.policy.ts';
import { personIdParams } from '../persons/persons.schemas.ts';
import { readPerson } from '../persons/read-person.ts';
import { DuplicateActions } from './duplicates.policy.ts';
import { mergeBody, mergeIdParams, mergeListSchema, mergeResultSchema } from './duplicates.schemas.ts';
import { mergePersons } from './merge-persons.ts';
import { type MergeRecord, mergesOf, mergeView } from './merges.queries.ts';
import { undoMerge } from './undo-merge.ts';

const tags = ['Дубликаты и объединение записей'];

export const mergesRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/persons/:id/merge',
    {
      config: { policy: DuplicateActions['person.merge'] },
      schema: {
        operationId: 'mergePersons',
        tags,
        summary: 'Объединить дубликат с этой записью (запись из пути остается)',
        params: personIdParams,
        body: mergeBody,
        response: { 201: mergeResultSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      return reply.code(201).send(await mergePersons(req.ctx, req.params.id, req.body));
    },
  );

  r.post(
    '/v1/merges/:mergeId/undo',
    {
      config: { policy: DuplicateActions['person.merge'] },
      schema: {
        operationId: 'undoMerge',
        tags,
        summary: 'Отменить объединение записей',
        params: mergeIdParams,
        response: { 200: mergeResultSchema, ...problemResponses },
      },
    },
    async (req) => {
      return undoMerge(req.ctx, req.params.mergeId);
    },
  );

  r.get(
    '/v1/persons/:id/merges',
    {
      config: { policy: A['person.read'] },
      schema: {
        operationId: 'listPersonMerges',
        tags,
        summary: 'Объединения, в которых участвовала запись',
        params: personIdParams,
        response: { 200: mergeListSchema, ...problemResponses },
      },
    },
    async (req) => {
      const {
        card,
        data: merges,
        grants,
      } = await readPerson(req.ctx, req.params.id, {
        action: A['person.read'],
        load: (c) => mergesOf(req.ctx.db, [...new Set([c.id, req.params.id.toLowerCase()])]),
        audit: (c, list) => ({
          action: 'person.merges',
          subjectIds: [...new Set([c.id, ...list.flatMap((m) => [m.survivor_id, m.merged_id])])],
        }),
      });
      const audience = await personAudience(req.ctx, req.ctx.db, card.id, grants);
      // Undo refuses once a later merge stands or the survivor moved on: say so before anyone tries.
      const latest = merges.find((m) => m.undone_at === null);
      const undoable = (m: (typeof merges)[number]) =>
        m === latest &&
        m.survivor_id === card.id &&
        (m.moved as MergeRecord).survivor.after.version === card.version;
      return { items: merges.map((m) => ({ ...mergeView(m, audience), undoable: undoable(m) })) };
    },
  );
};
