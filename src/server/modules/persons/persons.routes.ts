import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createPersonSchema,
  linkRepresentativeSchema,
  updatePersonSchema,
} from '../../../common/schemas/person.ts';
import { can } from '../../platform/access/policy.ts';
import { auditNow } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { ConsentActions } from '../consents/consents.policy.ts';
import { DuplicateActions } from '../duplicates/duplicates.policy.ts';
import { HealthActions } from '../person-health/person-health.policy.ts';
import { PrivacyActions } from '../privacy/privacy.policy.ts';
import { createPerson } from './create-person.ts';
import { enrollExistingPerson } from './enroll-person.ts';
import { linkRepresentative, unlinkRepresentative } from './link-representative.ts';
import { cardSubjects } from './person-card.ts';
import { PersonActions as A } from './persons.policy.ts';
import { personVersion, personVersions, searchPersons } from './persons.queries.ts';
import {
  enrollBodySchema,
  linkParams,
  PERSON_ACTIONS,
  personCardSchema,
  personHistorySchema,
  personIdParams,
  personPageSchema,
  personSearchQuery,
  personSnapshotSchema,
  versionParams,
} from './persons.schemas.ts';
import { readPerson } from './read-person.ts';
import { updatePerson } from './update-person.ts';

const tags = ['Физические лица и обучающиеся'];

export const personsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actionsFor = (req: { ctx: { actor: Parameters<typeof can>[0] | null } }) =>
    PERSON_ACTIONS.filter((a) =>
      can(
        req.ctx.actor!,
        {
          update: A['person.update'],
          health: HealthActions['health.read'],
          consent: ConsentActions['consent.read'],
          merge: DuplicateActions['person.merge'],
          destroy: PrivacyActions['person.destroy'],
        }[a],
      ),
    );

  r.get(
    '/v1/persons',
    {
      config: { policy: A['person.read'] },
      schema: {
        operationId: 'searchPersons',
        tags,
        summary: 'Поиск людей по ФИО, СНИЛС, документу, дате рождения',
        querystring: personSearchQuery,
        response: { 200: personPageSchema, ...problemResponses },
      },
    },
    async (req) => {
      const page = await searchPersons(req.ctx, req.query);
      await auditNow(req.ctx, {
        action: 'person.search',
        objectType: 'person',
        subjectIds: page.items.map((i) => i.id),
        details: { results: page.items.length },
      });
      return page;
    },
  );

  r.get(
    '/v1/persons/:id',
    {
      config: { policy: A['person.read'] },
      // The card is built by PostgreSQL (json_build_object), so its shape is fixed by one statement;
      // the schema documents it, and the hot read skips re-validating it on the way out.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        operationId: 'getPerson',
        tags,
        summary: 'Карточка человека (без сведений о здоровье)',
        params: personIdParams,
        response: { 200: personCardSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { card } = await readPerson(req.ctx, req.params.id, {
        action: A['person.read'],
        archival: true,
        load: async () => null,
        audit: (c) => ({
          action: 'person.read',
          subjectIds: cardSubjects(c),
          ...(c.access === 'archival' ? { details: { access: 'archival' } } : {}),
        }),
      });
      return { ...card, allowedActions: card.access === 'archival' ? [] : actionsFor(req) };
    },
  );

  r.post(
    '/v1/persons',
    {
      config: { policy: A['person.create'] },
      schema: {
        operationId: 'createPerson',
        tags,
        summary: 'Регистрация человека с контролем дубликатов',
        body: createPersonSchema,
        response: { 201: personCardSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const { card } = await createPerson(req.ctx, req.body);
      return reply.code(201).send({ ...card, allowedActions: actionsFor(req) });
    },
  );

  r.patch(
    '/v1/persons/:id',
    {
      config: { policy: A['person.update'] },
      schema: {
        operationId: 'updatePerson',
        tags,
        summary: 'Изменение сведений (с версией записи)',
        params: personIdParams,
        body: updatePersonSchema,
        response: { 200: personCardSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { card, candidates } = await updatePerson(req.ctx, req.params.id, req.body);
      return { ...card, allowedActions: actionsFor(req), candidates };
    },
  );

  r.post(
    '/v1/persons/:id/representatives',
    {
      config: { policy: A['person.update'] },
      schema: {
        operationId: 'linkRepresentative',
        tags,
        summary: 'Связь с родителем или законным представителем',
        params: personIdParams,
        body: linkRepresentativeSchema,
        response: { 201: personCardSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await linkRepresentative(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/v1/persons/:id/representatives/:linkId',
    {
      config: { policy: A['person.update'] },
      schema: {
        operationId: 'unlinkRepresentative',
        tags,
        summary: 'Прекращение связи с представителем',
        params: linkParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await unlinkRepresentative(req.ctx, req.params.id, req.params.linkId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/persons/:id/enrollments',
    {
      config: { policy: A['person.create'] },
      schema: {
        operationId: 'enrollPerson',
        tags,
        summary: 'Зачислить существующего человека в организацию',
        params: personIdParams,
        body: enrollBodySchema,
        response: { 201: z.object({ personId: z.string(), enrollmentId: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await enrollExistingPerson(req.ctx, req.params.id, req.body)),
  );

  r.get(
    '/v1/persons/:id/versions',
    {
      config: { policy: A['person.read'] },
      schema: {
        operationId: 'listPersonVersions',
        tags,
        summary: 'История изменений',
        params: personIdParams,
        response: { 200: personHistorySchema, ...problemResponses },
      },
    },
    async (req) => {
      const { data } = await readPerson(req.ctx, req.params.id, {
        action: A['person.read'],
        load: (card) => personVersions(req.ctx, card.id),
        // The entries name linked people too: their data is read as well.
        audit: (card, v) => ({ action: 'person.history', subjectIds: [card.id, ...Object.keys(v.names)] }),
      });
      return data;
    },
  );

  r.get(
    '/v1/persons/:id/versions/:version',
    {
      config: { policy: A['person.read'] },
      schema: {
        operationId: 'getPersonVersion',
        tags,
        summary: 'Прошлая версия записи',
        params: versionParams,
        response: { 200: personSnapshotSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { data } = await readPerson(req.ctx, req.params.id, {
        action: A['person.read'],
        load: async (card) => {
          const v = await personVersion(req.ctx, card.id, req.params.version);
          if (!v) throw notFound('Версия записи');
          return v;
        },
        audit: (card, v) => ({
          action: 'person.history',
          subjectIds: [card.id],
          details: { version: v.version },
        }),
      });
      return data;
    },
  );
};
