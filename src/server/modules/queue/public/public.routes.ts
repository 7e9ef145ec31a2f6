import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  publicKindergartenParams,
  publicKindergartenSchema,
  publicMunicipalityListSchema,
  publicMunicipalityQuery,
  publicMunicipalitySchema,
} from './public.schemas.ts';
import {
  listPublicMunicipalities,
  readPublicKindergarten,
  readPublicMunicipalityQueue,
} from './read-public-queue.ts';

const tags = ['Очередь в детские сады: открытые сведения'];
// Public and unauthenticated: a generous limit for families, a wall for scrapers.
const PUBLIC = { policy: 'public' as const, rateLimit: { max: 60, timeWindow: '1 minute' } };

/** What anyone may see without signing in: kindergartens' cards and the queue by age band. */
export const publicQueueRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/public/municipalities',
    {
      config: PUBLIC,
      schema: {
        operationId: 'listPublicMunicipalities',
        tags,
        summary: 'Муниципалитеты с детскими садами',
        response: { 200: publicMunicipalityListSchema, ...problemResponses },
      },
    },
    async (req) => listPublicMunicipalities(req.ctx),
  );

  r.get(
    '/v1/public/preschool-queue',
    {
      config: PUBLIC,
      schema: {
        operationId: 'getPublicPreschoolQueue',
        tags,
        summary: 'Очередь муниципалитета по возрастам и карточки детских садов',
        querystring: publicMunicipalityQuery,
        response: { 200: publicMunicipalitySchema, ...problemResponses },
      },
    },
    async (req) => readPublicMunicipalityQueue(req.ctx, req.query.municipalityId),
  );

  r.get(
    '/v1/public/kindergartens/:id',
    {
      config: PUBLIC,
      schema: {
        operationId: 'getPublicKindergarten',
        tags,
        summary: 'Открытая карточка детского сада: группы, места, очередь',
        params: publicKindergartenParams,
        response: { 200: publicKindergartenSchema, ...problemResponses },
      },
    },
    async (req) => readPublicKindergarten(req.ctx, req.params.id),
  );
};
