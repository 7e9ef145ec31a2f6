import type { FastifyPluginAsync } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses, problemSchema } from '../../platform/http/openapi.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import { personIdParams } from '../persons/persons.schemas.ts';
import { IntakeActions as A } from './intake.policy.ts';
import {
  achievementsBatchSchema,
  attendanceBatchSchema,
  batchResultSchema,
  intakeLogQuery,
  intakeLogSchema,
  personAchievementsSchema,
  resultsBatchSchema,
} from './intake.schemas.ts';
import { readIntakeLog } from './read-intake-log.ts';
import { readPersonAchievements } from './read-person-achievements.ts';
import { receiveAchievements } from './receive-achievements.ts';
import { receiveAttendance } from './receive-attendance.ts';
import { receiveResults } from './receive-results.ts';

const tags = ['Прием данных из электронных журналов'];

/**
 * What the route itself checks of a batch: an object with a non-empty array. The documented item
 * schema is applied to each item by the use case, so a bad item is rejected alone (with its reason)
 * and 10,000 good ones are not parsed twice; the answer is written as built, without a second pass.
 */
const envelope = z.strictObject({ items: z.array(z.unknown()).min(1, 'Пакет пуст') });
const batchRoute = {
  // biome-ignore lint/suspicious/noExplicitAny: a route's compiler is handed each part's own schema type
  validatorCompiler: (req: any) =>
    validatorCompiler(req.httpPart === 'body' ? { ...req, schema: envelope } : req),
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};

/** Intake from the organizations' own systems: attendance, results, achievements, and the intake log. */
export const intakeRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // A full batch of days with their lessons is several megabytes; the limit follows the batch size.
  const bodyLimit = Math.max(1_048_576, app.services.config.intakeMaxBatch * 2048);
  const responses = { 200: batchResultSchema, ...problemResponses, 413: problemSchema };

  r.post(
    '/v1/intake/attendance',
    {
      bodyLimit,
      ...batchRoute,
      config: { policy: A['intake.write'] },
      schema: {
        operationId: 'receiveAttendance',
        tags,
        summary:
          'Пакет посещаемости: день обучающегося (присутствие, отсутствие с причиной, пропуски уроков)',
        body: attendanceBatchSchema,
        response: responses,
      },
    },
    async (req) => receiveAttendance(req.ctx, req.body.items),
  );

  r.post(
    '/v1/intake/results',
    {
      bodyLimit,
      ...batchRoute,
      config: { policy: A['intake.write'] },
      schema: {
        operationId: 'receiveResults',
        tags,
        summary: 'Пакет отметок: за период, годовые и итоговые по предметам со шкалой оценивания',
        body: resultsBatchSchema,
        response: responses,
      },
    },
    async (req) => receiveResults(req.ctx, req.body.items),
  );

  r.post(
    '/v1/intake/achievements',
    {
      bodyLimit,
      ...batchRoute,
      config: { policy: A['intake.write'] },
      schema: {
        operationId: 'receiveAchievements',
        tags,
        summary: 'Пакет достижений (портфолио): олимпиады, конкурсы, соревнования — уровень, дата, результат',
        body: achievementsBatchSchema,
        response: responses,
      },
    },
    async (req) => receiveAchievements(req.ctx, req.body.items),
  );

  r.get(
    '/v1/persons/:id/achievements',
    {
      config: { policy: PersonActions['person.read'] },
      schema: {
        operationId: 'listPersonAchievements',
        tags,
        summary: 'Достижения обучающегося (портфолио), присланные системами организаций',
        params: personIdParams,
        response: { 200: personAchievementsSchema, ...problemResponses },
      },
    },
    async (req) => readPersonAchievements(req.ctx, req.params.id),
  );

  r.get(
    '/v1/intake/log',
    {
      config: { policy: A['intake.read'] },
      schema: {
        operationId: 'getIntakeLog',
        tags,
        summary: 'Журнал приема: последние пакеты по организациям и системам-источникам',
        querystring: intakeLogQuery,
        response: { 200: intakeLogSchema, ...problemResponses },
      },
    },
    async (req) => readIntakeLog(req.ctx, req.query),
  );
};
