import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  changeStatusSchema,
  createOrganizationSchema,
  updateOrganizationSchema,
} from '../../../common/schemas/organization.ts';
import { can } from '../../platform/access/policy.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { changeOrganizationStatus } from './change-organization-status.ts';
import { createOrganization } from './create-organization.ts';
import { presentOrganization } from './organization.presenter.ts';
import { organizationDirectory } from './organization-directory.ts';
import { OrganizationActions as A } from './organizations.policy.ts';
import { listOrganizations, loadOrganizationInScope, organizationHistory } from './organizations.queries.ts';
import {
  historySchema,
  organizationCardSchema,
  organizationDirectoryQuery,
  organizationDirectorySchema,
  organizationIdParams,
  organizationListQuery,
  organizationPageSchema,
  organizationSchema,
} from './organizations.schemas.ts';
import { updateOrganization } from './update-organization.ts';

const tags = ['Реестр организаций'];

export const organizationsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/organizations',
    {
      config: { policy: A['organization.read'] },
      schema: {
        operationId: 'listOrganizations',
        tags,
        summary: 'Поиск организаций',
        querystring: organizationListQuery,
        response: { 200: organizationPageSchema, ...problemResponses },
      },
    },
    (req) => listOrganizations(req.ctx, req.query),
  );

  r.get(
    '/v1/organizations/directory',
    {
      config: { policy: A['organization.directory'] },
      schema: {
        operationId: 'organizationDirectory',
        tags,
        summary: 'Справочник организаций региона: наименование, вид, муниципалитет, ИНН',
        querystring: organizationDirectoryQuery,
        response: { 200: organizationDirectorySchema, ...problemResponses },
      },
    },
    async (req) => organizationDirectory(req.ctx, req.query),
  );

  r.get(
    '/v1/organizations/:id',
    {
      config: { policy: A['organization.read'] },
      schema: {
        operationId: 'getOrganization',
        tags,
        summary: 'Карточка организации',
        params: organizationIdParams,
        response: { 200: organizationCardSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx;
      const { view, grant, branches } = await loadOrganizationInScope(
        ctx,
        ctx.db,
        req.params.id,
        A['organization.read'],
        { withBranches: true },
      );
      const allowedActions: ('history' | 'update' | 'changeStatus')[] = ['history'];
      if (can(ctx.actor!, A['organization.update']) && view.status !== 'liquidated')
        allowedActions.push('update');
      if (can(ctx.actor!, A['organization.changeStatus']) && view.status !== 'liquidated') {
        allowedActions.push('changeStatus');
      }
      return { ...presentOrganization(view, grant), branches, allowedActions };
    },
  );

  r.post(
    '/v1/organizations',
    {
      config: { policy: A['organization.create'] },
      schema: {
        operationId: 'createOrganization',
        tags,
        summary: 'Регистрация организации',
        body: createOrganizationSchema,
        response: { 201: organizationSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createOrganization(req.ctx, req.body)),
  );

  r.patch(
    '/v1/organizations/:id',
    {
      config: { policy: A['organization.update'] },
      schema: {
        operationId: 'updateOrganization',
        tags,
        summary: 'Изменение сведений об организации',
        params: organizationIdParams,
        body: updateOrganizationSchema,
        response: { 200: organizationSchema, ...problemResponses },
      },
    },
    (req) => updateOrganization(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/v1/organizations/:id/status',
    {
      config: { policy: A['organization.changeStatus'] },
      schema: {
        operationId: 'changeOrganizationStatus',
        tags,
        summary: 'Реорганизация, ликвидация, возобновление деятельности',
        params: organizationIdParams,
        body: changeStatusSchema,
        response: { 200: organizationSchema, ...problemResponses },
      },
    },
    (req) => changeOrganizationStatus(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/v1/organizations/:id/history',
    {
      config: { policy: A['organization.read'] },
      schema: {
        operationId: 'listOrganizationHistory',
        tags,
        summary: 'История изменений организации',
        params: organizationIdParams,
        response: { 200: historySchema, ...problemResponses },
      },
    },
    async (req) => {
      const { view, grant } = await loadOrganizationInScope(
        req.ctx,
        req.ctx.db,
        req.params.id,
        A['organization.read'],
      );
      return { items: await organizationHistory(req.ctx.db, view.id, grant) };
    },
  );
};
