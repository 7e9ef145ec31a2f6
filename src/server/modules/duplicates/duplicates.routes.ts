import type { FastifyPluginAsync } from 'fastify';

/** Routes of the duplicates module. */
export const duplicatesRoutes: FastifyPluginAsync = async () => {};
