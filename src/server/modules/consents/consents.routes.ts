import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CONSENT_PURPOSES } from '../../../common/consent-purposes.ts';
import {
  consentItemSchema,
  consentListSchema,
  giveConsentSchema,
  revokeConsentSchema,
} from '../../../common/schemas/consent.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { personIdParams } from '../persons/persons.schemas.ts';
import { readPerson } from '../persons/read-person.ts';
import { ConsentActions } from './consents.policy.ts';
import { consentSubjects, listConsents } from './consents.queries.ts';
import { consentParams } from './consents.schemas.ts';
import { giveConsent } from './give-consent.ts';
import { revokeConsent } from './revoke-consent.ts';

const tags = ['Согласия на обработку персональных данных'];
const legalBases = CONSENT_PURPOSES.map((p) => ({ ...p, dataCategories: [...p.dataCategories] }));

/** Routes of the consents module. */
export const consentsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/persons/:id/consents',
    {
      config: { policy: ConsentActions['consent.read'] },
      schema: {
        operationId: 'listConsents',
        tags,
        summary: 'Согласия человека и правовые основания обработки по целям',
        params: personIdParams,
        response: { 200: consentListSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { data: items } = await readPerson(req.ctx, req.params.id, {
        action: ConsentActions['consent.read'],
        load: (card) => listConsents(req.ctx.db, card.id),
        audit: (card, list) => ({
          action: 'consent.read',
          subjectIds: consentSubjects(card.id, list),
          details: { count: list.length },
        }),
      });
      return { items, legalBases };
    },
  );

  r.post(
    '/v1/persons/:id/consents',
    {
      config: { policy: ConsentActions['consent.write'] },
      schema: {
        operationId: 'giveConsent',
        tags,
        summary: 'Зарегистрировать согласие (для несовершеннолетнего — от законного представителя)',
        params: personIdParams,
        body: giveConsentSchema,
        response: { 201: consentItemSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await giveConsent(req.ctx, req.params.id, req.body)),
  );

  r.post(
    '/v1/persons/:id/consents/:consentId/revoke',
    {
      config: { policy: ConsentActions['consent.write'] },
      schema: {
        operationId: 'revokeConsent',
        tags,
        summary: 'Отозвать согласие',
        params: consentParams,
        body: revokeConsentSchema,
        response: { 200: consentItemSchema, ...problemResponses },
      },
    },
    async (req) => revokeConsent(req.ctx, req.params.id, req.params.consentId, req.body),
  );
};
