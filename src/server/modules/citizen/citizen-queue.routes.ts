import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  municipalityKindergartens,
  queueMunicipalities,
} from '../queue/applications/kindergarten-choices.ts';
import { CitizenActions } from './citizen.policy.ts';
import { fileCitizenApplication } from './file-preschool-application.ts';
import { listCitizenApplications } from './list-preschool-applications.ts';
import {
  citizenApplicationListSchema,
  citizenApplicationSchema,
  citizenFileApplicationSchema,
  kindergartenListSchema,
  kindergartenQuery,
  preschoolOptionsSchema,
} from './preschool.schemas.ts';

const tags = ['Личный кабинет гражданина'];
const policy = CitizenActions['citizen.self'];

/** The parent's side of the preschool queue: their applications, filing one, and what to choose from. */
export const citizenQueueRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/citizen/preschool-applications',
    {
      config: { policy },
      schema: {
        operationId: 'listCitizenPreschoolApplications',
        tags,
        summary: 'Заявления в детский сад: поданные гражданином и заявления его детей',
        response: { 200: citizenApplicationListSchema, ...problemResponses },
      },
    },
    (req) => listCitizenApplications(req.ctx),
  );

  r.post(
    '/v1/citizen/preschool-applications',
    {
      config: { policy },
      schema: {
        operationId: 'fileCitizenPreschoolApplication',
        tags,
        summary: 'Подать заявление в детский сад (для своего ребёнка или нового ребёнка)',
        body: citizenFileApplicationSchema,
        response: { 201: citizenApplicationSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fileCitizenApplication(req.ctx, req.body)),
  );

  // Names of municipalities and kindergartens are public: the reads are not audited as personal data.
  r.get(
    '/v1/citizen/preschool-options',
    {
      config: { policy },
      schema: {
        operationId: 'getCitizenPreschoolOptions',
        tags,
        summary: 'Муниципалитеты для заявления в детский сад и сколько детских садов можно указать',
        response: { 200: preschoolOptionsSchema, ...problemResponses },
      },
    },
    async (req) => ({
      municipalities: await queueMunicipalities(req.ctx.db),
      maxPreferences: req.ctx.config.queueMaxPreferences,
    }),
  );

  r.get(
    '/v1/citizen/preschool-options/kindergartens',
    {
      config: { policy },
      schema: {
        operationId: 'listCitizenKindergartens',
        tags,
        summary: 'Детские сады муниципалитета (наименование и адрес)',
        querystring: kindergartenQuery,
        response: { 200: kindergartenListSchema, ...problemResponses },
      },
    },
    async (req) => ({ items: await municipalityKindergartens(req.ctx.db, req.query.municipalityId) }),
  );
};
