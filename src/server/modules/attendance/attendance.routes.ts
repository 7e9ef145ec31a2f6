import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../common/schemas/primitives.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { EducationActions } from '../education/education.policy.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import {
  organizationAttendanceQuery,
  organizationAttendanceSchema,
  personAttendanceQuery,
  personAttendanceSchema,
  personResultsQuery,
  personResultsSchema,
} from './attendance.schemas.ts';
import { organizationAttendance } from './organization-attendance.ts';
import { readPersonAttendance } from './read-person-attendance.ts';
import { readPersonResults } from './read-person-results.ts';

const tags = ['Посещаемость и успеваемость'];
const idParams = z.strictObject({ id: uuid() });

/** What the e-journals sent, read back: a learner's days and marks, an organization's months. */
export const attendanceRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/persons/:id/attendance',
    {
      config: { policy: PersonActions['person.read'] },
      schema: {
        operationId: 'getPersonAttendance',
        tags,
        summary: 'Посещаемость обучающегося по дням (по умолчанию — с начала учебного года)',
        params: idParams,
        querystring: personAttendanceQuery,
        response: { 200: personAttendanceSchema, ...problemResponses },
      },
    },
    async (req) => readPersonAttendance(req.ctx, req.params.id, req.query),
  );

  r.get(
    '/v1/persons/:id/results',
    {
      config: { policy: PersonActions['person.read'] },
      schema: {
        operationId: 'getPersonResults',
        tags,
        summary: 'Отметки обучающегося за периоды, год и итоговые — за учебный год',
        params: idParams,
        querystring: personResultsQuery,
        response: { 200: personResultsSchema, ...problemResponses },
      },
    },
    async (req) => readPersonResults(req.ctx, req.params.id, req.query),
  );

  r.get(
    '/v1/organizations/:id/attendance-months',
    {
      config: { policy: EducationActions['unit.read'] },
      schema: {
        operationId: 'getOrganizationAttendanceMonths',
        tags,
        summary: 'Посещаемость организации по месяцам: дни, присутствия, пропуски по причинам',
        params: idParams,
        querystring: organizationAttendanceQuery,
        response: { 200: organizationAttendanceSchema, ...problemResponses },
      },
    },
    async (req) => organizationAttendance(req.ctx, req.params.id, req.query),
  );
};
