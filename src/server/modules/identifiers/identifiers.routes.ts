import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IDENTIFIER_TYPES, validateIdentifier } from '../../../common/identifiers/index.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { IdentifierActions as A } from './identifiers.policy.ts';

const resultSchema = z.object({
  valid: z.boolean(),
  normalized: z.string().nullable(),
  problems: z.array(z.object({ code: z.string(), detail: z.string() })),
});

/** The registry's own validators as a service, so integrators can check data before sending it. */
export const identifiersRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/identifiers/validate',
    {
      config: { policy: A['identifier.validate'] },
      schema: {
        operationId: 'validateIdentifier',
        tags: ['Идентификаторы'],
        summary: 'Проверка СНИЛС, ИНН, ОГРН, ОГРНИП, КПП, свидетельства о рождении, паспорта, ОКСО',
        body: z.strictObject({ type: z.enum(IDENTIFIER_TYPES), value: z.string().max(100) }),
        response: { 200: resultSchema, ...problemResponses },
      },
    },
    async (req) => validateIdentifier(req.body.type, req.body.value),
  );
};
