import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { closeReferral } from './close-referral.ts';
import { listReferrals } from './list-referrals.ts';
import { ReferralActions as A } from './referrals.policy.ts';
import {
  closeReferralSchema,
  referralListQuery,
  referralListSchema,
  referralParams,
  referralSchema,
} from './referrals.schemas.ts';

const tags = ['Комплектование детских садов'];

/** The referral register and the closing of a referral by enrollment or refusal. */
export const referralsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/referrals',
    {
      config: { policy: A['referral.read'] },
      schema: {
        operationId: 'listReferrals',
        tags,
        summary: 'Реестр направлений в детские сады',
        querystring: referralListQuery,
        response: { 200: referralListSchema, ...problemResponses },
      },
    },
    async (req) => listReferrals(req.ctx, req.query),
  );

  r.post(
    '/v1/referrals/:id/close',
    {
      config: { policy: A['referral.close'] },
      schema: {
        operationId: 'closeReferral',
        tags,
        summary: 'Закрыть направление: зачислен или отказ',
        params: referralParams,
        body: closeReferralSchema,
        response: { 200: referralSchema, ...problemResponses },
      },
    },
    async (req) => closeReferral(req.ctx, req.params.id, req.body),
  );
};
