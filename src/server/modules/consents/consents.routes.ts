import type { FastifyPluginAsync } from 'fastify';

/** Routes of the consents module. */
export const consentsRoutes: FastifyPluginAsync = async () => {};
