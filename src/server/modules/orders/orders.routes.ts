import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { cancelOrder } from './cancel-order.ts';
import { createOrder } from './create-order.ts';
import { deleteDraftOrder } from './delete-order.ts';
import { renderOrderPdf } from './order-pdf.ts';
import { OrderActions as A } from './orders.policy.ts';
import { listOrders } from './orders.queries.ts';
import {
  cancelOrderSchema,
  createOrderSchema,
  orderListQuery,
  orderListSchema,
  orderParams,
  orderSchema,
  signOrderSchema,
  updateOrderSchema,
} from './orders.schemas.ts';
import { readOrder } from './read-order.ts';
import { signOrder } from './sign-order.ts';
import { updateOrder } from './update-order.ts';

const tags = ['Приказы о движении контингента'];

/** Orders (приказы): drafts are edited, signing applies every line at once, a cancellation takes it back. */
export const ordersRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/orders',
    {
      config: { policy: A['order.read'] },
      schema: {
        operationId: 'listOrders',
        tags,
        summary: 'Книга приказов организации',
        querystring: orderListQuery,
        response: { 200: orderListSchema, ...problemResponses },
      },
    },
    async (req) => listOrders(req.ctx, req.query),
  );

  r.post(
    '/v1/orders',
    {
      config: { policy: A['order.write'] },
      schema: {
        operationId: 'createOrder',
        tags,
        summary: 'Создать проект приказа',
        body: createOrderSchema,
        response: { 201: orderSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createOrder(req.ctx, req.body)),
  );

  r.get(
    '/v1/orders/:id',
    {
      config: { policy: A['order.read'] },
      schema: {
        operationId: 'getOrder',
        tags,
        summary: 'Приказ со списком обучающихся',
        params: orderParams,
        response: { 200: orderSchema, ...problemResponses },
      },
    },
    async (req) => readOrder(req.ctx, req.params.id),
  );

  r.get(
    '/v1/orders/:id/pdf',
    {
      config: { policy: A['order.read'] },
      schema: {
        operationId: 'getOrderPdf',
        tags,
        summary: 'Печатная форма приказа (PDF)',
        params: orderParams,
        response: { 200: z.instanceof(Buffer).describe('PDF-файл'), ...problemResponses },
      },
    },
    async (req, reply) => {
      const order = await readOrder(req.ctx, req.params.id, 'pdf');
      const name = `prikaz-${order.number.replace(/[^\p{L}\p{N}-]+/gu, '_')}-${order.orderDate}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'no-store')
        .send(await renderOrderPdf(order));
    },
  );

  r.put(
    '/v1/orders/:id',
    {
      config: { policy: A['order.write'] },
      schema: {
        operationId: 'updateOrder',
        tags,
        summary: 'Изменить проект приказа',
        params: orderParams,
        body: updateOrderSchema,
        response: { 200: orderSchema, ...problemResponses },
      },
    },
    async (req) => updateOrder(req.ctx, req.params.id, req.body),
  );

  r.delete(
    '/v1/orders/:id',
    {
      config: { policy: A['order.write'] },
      schema: {
        operationId: 'deleteOrder',
        tags,
        summary: 'Удалить проект приказа',
        params: orderParams,
        querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await deleteDraftOrder(req.ctx, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/orders/:id/sign',
    {
      config: { policy: A['order.sign'] },
      schema: {
        operationId: 'signOrder',
        tags,
        summary: 'Подписать приказ: применить все движения',
        params: orderParams,
        body: signOrderSchema,
        response: { 200: orderSchema, ...problemResponses },
      },
    },
    async (req) => signOrder(req.ctx, req.params.id, req.body.version),
  );

  r.post(
    '/v1/orders/:id/cancel',
    {
      config: { policy: A['order.cancel'] },
      schema: {
        operationId: 'cancelOrder',
        tags,
        summary: 'Отменить подписанный приказ приказом об отмене',
        params: orderParams,
        body: cancelOrderSchema,
        response: { 201: orderSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await cancelOrder(req.ctx, req.params.id, req.body)),
  );
};
