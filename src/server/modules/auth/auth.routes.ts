import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadActor } from '../../platform/auth/actor-loader.ts';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { auditNow } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { esiaCallbackQuerySchema, loginBodySchema, sessionSchema } from './auth.schemas.ts';
import { EsiaClient, esiaSettings } from './esia-client.ts';
import { loginWithPassword } from './login-with-password.ts';
import { sessionView } from './session-view.ts';
import { signInCitizen } from './sign-in-citizen.ts';

const tags = ['Вход в систему'];
const OIDC_STATE_COOKIE = 'kt_oidc_state';
const OIDC_STATE_TTL_MS = 10 * 60_000;

export const authRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config, sessions } = app.services;
  const settings = esiaSettings(config);
  const esia = settings ? new EsiaClient(settings, config.publicUrl) : null;

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
    });

  r.post(
    '/v1/auth/login',
    {
      config: { policy: 'public', rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'logIn',
        tags,
        summary: 'Вход по логину и паролю',
        body: loginBodySchema,
        response: { 200: sessionSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const userId = await loginWithPassword(req.ctx, req.body.login, req.body.password);
      const actor = await loadActor(req.ctx.db, userId, 'session', 'password');
      if (!actor) throw new AppError('invalid_credentials', 'Неверный логин или пароль');
      const { token, csrfToken } = await sessions.create(userId, 'password', req.ip);
      req.ctx.actor = actor;
      await auditNow(req.ctx, { action: 'auth.login', details: { method: 'password' } });
      setSessionCookie(reply, token);
      return sessionView(actor, csrfToken, config.timeZone);
    },
  );

  r.get(
    '/v1/auth/session',
    {
      config: { policy: 'authenticated' },
      schema: {
        operationId: 'getSession',
        tags,
        summary: 'Текущий пользователь, роли и CSRF-токен',
        response: { 200: sessionSchema, ...problemResponses },
      },
    },
    async (req) => {
      if (req.ctx.actor!.via !== 'session') throw new AppError('forbidden', 'Только для входа через браузер');
      return sessionView(req.ctx.actor!, req.csrfToken!, config.timeZone);
    },
  );

  r.post(
    '/v1/auth/logout',
    {
      config: { policy: 'authenticated' },
      schema: {
        operationId: 'logOut',
        tags,
        summary: 'Выход',
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await sessions.revoke(token);
      await auditNow(req.ctx, { action: 'auth.logout' });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/auth/providers',
    {
      config: { policy: 'public' },
      schema: {
        operationId: 'listAuthProviders',
        tags,
        summary: 'Доступные способы входа',
        response: { 200: z.object({ esia: z.boolean(), esiaLabel: z.string(), demo: z.boolean() }) },
      },
    },
    async () => ({ esia: esia !== null, esiaLabel: 'Войти через Госуслуги', demo: config.demoAccounts }),
  );

  r.get(
    '/v1/auth/esia/login',
    {
      config: { policy: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        operationId: 'startEsiaLogin',
        tags,
        summary: 'Начать вход через ЕСИА (Госуслуги)',
      },
    },
    async (req, reply) => {
      if (!esia) throw new AppError('not_found', 'Вход через Госуслуги не настроен');
      const start = await esia.start();
      await req.ctx.db
        .insertInto('oidc_login_states')
        .values({ state: start.state, nonce: start.nonce, code_verifier: start.codeVerifier })
        .execute();
      reply.setCookie(OIDC_STATE_COOKIE, start.state, {
        path: '/api/v1/auth/esia',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        maxAge: OIDC_STATE_TTL_MS / 1000,
      });
      return reply.redirect(start.url, 302);
    },
  );

  r.get(
    '/v1/auth/esia/callback',
    {
      config: { policy: 'public' },
      schema: {
        operationId: 'finishEsiaLogin',
        tags,
        summary: 'Возврат из ЕСИА',
        querystring: esiaCallbackQuerySchema,
      },
    },
    async (req, reply) => {
      if (!esia) throw new AppError('not_found', 'Вход через Госуслуги не настроен');
      const state = req.cookies[OIDC_STATE_COOKIE];
      if (!state || state !== req.query.state) {
        await auditNow(req.ctx, {
          action: 'auth.esia_failed',
          outcome: 'failure',
          details: { reason: 'state' },
        });
        return reply.redirect('/login?error=esia', 302);
      }
      const stored = await req.ctx.db
        .deleteFrom('oidc_login_states')
        .where('state', '=', state)
        .where('created_at', '>', new Date(Date.now() - OIDC_STATE_TTL_MS))
        .returningAll()
        .executeTakeFirst();
      reply.clearCookie(OIDC_STATE_COOKIE, { path: '/api/v1/auth/esia' });
      if (!stored) return reply.redirect('/login?error=esia', 302);
      let identity: { snils: string; fullName: string };
      try {
        identity = await esia.finish(new URL(req.url, config.publicUrl), {
          state: stored.state,
          nonce: stored.nonce,
          codeVerifier: stored.code_verifier,
        });
      } catch {
        await auditNow(req.ctx, {
          action: 'auth.esia_failed',
          outcome: 'failure',
          details: { reason: 'token' },
        });
        return reply.redirect('/login?error=esia', 302);
      }
      const userId = await signInCitizen(req.ctx, identity);
      const { token } = await sessions.create(userId, 'esia', req.ip);
      setSessionCookie(reply, token);
      return reply.redirect('/', 302);
    },
  );
};
