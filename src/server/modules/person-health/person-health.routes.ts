import type { FastifyPluginAsync } from 'fastify';

/** Routes of the person-health module. */
export const personHealthRoutes: FastifyPluginAsync = async () => {};
