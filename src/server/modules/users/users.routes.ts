import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../common/schemas/primitives.ts';
import { auditedPage, auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { listApiTokens } from './api-tokens.queries.ts';
import { createApiToken } from './create-api-token.ts';
import { createUser } from './create-user.ts';
import { grantRole } from './grant-role.ts';
import { revokeApiToken } from './revoke-api-token.ts';
import { revokeRole } from './revoke-role.ts';
import { setPassword } from './set-password.ts';
import { updateUser } from './update-user.ts';
import { UserActions as A } from './users.policy.ts';
import { listUsers, loadUserInScope } from './users.queries.ts';
import {
  apiTokenSchema,
  createTokenSchema,
  createUserSchema,
  grantRoleSchema,
  roleParams,
  setPasswordSchema,
  tokenIdParams,
  updateUserSchema,
  userIdParams,
  userListQuery,
  userSchema,
} from './users.schemas.ts';

const tags = ['Пользователи и роли'];
const listItem = userSchema.pick({
  id: true,
  login: true,
  fullName: true,
  blocked: true,
  isService: true,
  roles: true,
  fullyManageable: true,
  actions: true,
});

export const usersRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { sessions, tokens } = app.services;
  const changed = (userId: string) => {
    sessions.forgetUser(userId);
    tokens.forget();
  };

  r.get(
    '/v1/users',
    {
      config: { policy: A['user.read'] },
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'Пользователи в области доступа',
        querystring: userListQuery,
        response: { 200: pageOf(listItem), ...problemResponses },
      },
    },
    async (req) =>
      auditedPage(req.ctx, await listUsers(req.ctx, req.query), { action: 'user.list', objectType: 'user' }),
  );

  r.get(
    '/v1/users/:id',
    {
      config: { policy: A['user.read'] },
      schema: {
        operationId: 'getUser',
        tags,
        summary: 'Карточка пользователя',
        params: userIdParams,
        response: { 200: userSchema, ...problemResponses },
      },
    },
    async (req) => {
      const user = await loadUserInScope(req.ctx, req.ctx.db, req.params.id, A['user.read']);
      await auditNow(req.ctx, { action: 'user.read', objectType: 'user', objectId: user.id });
      return user;
    },
  );

  r.post(
    '/v1/users',
    {
      config: { policy: A['user.manage'] },
      schema: {
        operationId: 'createUser',
        tags,
        summary: 'Создание пользователя',
        body: createUserSchema,
        response: { 201: userSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body)),
  );

  r.patch(
    '/v1/users/:id',
    {
      config: { policy: A['user.manage'] },
      schema: {
        operationId: 'updateUser',
        tags,
        summary: 'Изменение, блокировка и разблокировка',
        params: userIdParams,
        body: updateUserSchema,
        response: { 200: userSchema, ...problemResponses },
      },
    },
    (req) => updateUser(req.ctx, req.params.id, req.body, changed),
  );

  r.post(
    '/v1/users/:id/roles',
    {
      config: { policy: A['user.manage'] },
      schema: {
        operationId: 'grantRole',
        tags,
        summary: 'Назначение роли',
        params: userIdParams,
        body: grantRoleSchema,
        response: { 201: userSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await grantRole(req.ctx, req.params.id, req.body, changed)),
  );

  r.delete(
    '/v1/users/:id/roles/:assignmentId',
    {
      config: { policy: A['user.manage'] },
      schema: {
        operationId: 'revokeRole',
        tags,
        summary: 'Отзыв роли',
        params: roleParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await revokeRole(req.ctx, req.params.id, req.params.assignmentId, changed);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/users/:id/password',
    {
      config: { policy: A['user.manage'] },
      schema: {
        operationId: 'setUserPassword',
        tags,
        summary: 'Установка пароля',
        params: userIdParams,
        body: setPasswordSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await setPassword(req.ctx, req.params.id, req.body.password, changed);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/api-tokens',
    {
      config: { policy: A['apiToken.manage'] },
      schema: {
        operationId: 'listApiTokens',
        tags,
        summary: 'API-токены внешних систем',
        response: {
          200: z.object({ items: z.array(apiTokenSchema) }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({ items: await listApiTokens(req.ctx) }),
  );

  r.post(
    '/v1/api-tokens',
    {
      config: { policy: A['apiToken.manage'] },
      schema: {
        operationId: 'createApiToken',
        tags,
        summary: 'Выпуск API-токена',
        body: createTokenSchema,
        response: { 201: z.object({ id: z.string(), token: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiToken(req.ctx, req.body)),
  );

  r.delete(
    '/v1/api-tokens/:id',
    {
      config: { policy: A['apiToken.manage'] },
      schema: {
        operationId: 'revokeApiToken',
        tags,
        summary: 'Отзыв API-токена',
        params: tokenIdParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await revokeApiToken(req.ctx, req.params.id, () => tokens.forget());
      return reply.code(204).send(null);
    },
  );
};
