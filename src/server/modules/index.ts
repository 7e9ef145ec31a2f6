import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { identifiersRoutes } from './identifiers/identifiers.routes.ts';
import { organizationsRoutes } from './organizations/organizations.routes.ts';
import { personsRoutes } from './persons/persons.routes.ts';
import { territoriesRoutes } from './territories/territories.routes.ts';
import { usersRoutes } from './users/users.routes.ts';

/** Every module's routes, mounted under /api. */
export const MODULES: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  territoriesRoutes,
  organizationsRoutes,
  personsRoutes,
  identifiersRoutes,
  usersRoutes,
  auditRoutes,
];
