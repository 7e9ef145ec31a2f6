import type { FastifyPluginAsync } from 'fastify';

/** Routes of the privacy module. */
export const privacyRoutes: FastifyPluginAsync = async () => {};
