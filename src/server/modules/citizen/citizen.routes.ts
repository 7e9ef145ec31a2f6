import type { FastifyPluginAsync } from 'fastify';

/** Routes of the citizen module. */
export const citizenRoutes: FastifyPluginAsync = async () => {};
