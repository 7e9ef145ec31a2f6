import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { listAcademicYears } from './academic-years.queries.ts';
import { contingentByUnit } from './contingent-by-unit.ts';
import { copyUnits } from './copy-units.ts';
import { createAcademicYear } from './create-academic-year.ts';
import { createProgramme } from './create-programme.ts';
import { createUnit } from './create-unit.ts';
import { deleteProgramme } from './delete-programme.ts';
import { deleteUnit } from './delete-unit.ts';
import { EducationActions as A } from './education.policy.ts';
import {
  academicYearList,
  academicYearSchema,
  asOfQuery,
  contingentByUnitQuery,
  contingentByUnitSchema,
  copyUnitsResult,
  copyUnitsSchema,
  createAcademicYearSchema,
  createProgrammeSchema,
  createUnitSchema,
  idParams,
  learnerCountsSchema,
  programmeList,
  programmeSchema,
  unitLearnersSchema,
  unitList,
  unitListQuery,
  unitSchema,
  updateProgrammeSchema,
  updateUnitSchema,
} from './education.schemas.ts';
import { programmeForAction } from './education-scope.ts';
import { presentProgramme } from './programme.presenter.ts';
import { listProgrammes } from './programmes.queries.ts';
import { territoryLearnerCounts } from './territory-learner-counts.ts';
import { unitLearnersAsOf } from './unit-learners.ts';
import { getUnit, listUnits } from './units.queries.ts';
import { updateProgramme } from './update-programme.ts';
import { updateUnit } from './update-unit.ts';

const tags = ['Программы, учебные годы, классы и группы'];
const noContent = { 204: z.null(), ...problemResponses };

export const educationRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/academic-years',
    {
      config: { policy: A['academicYear.read'] },
      schema: {
        operationId: 'listAcademicYears',
        tags,
        summary: 'Учебные годы региона',
        response: { 200: academicYearList, ...problemResponses },
      },
    },
    (req) => listAcademicYears(req.ctx),
  );

  r.post(
    '/v1/academic-years',
    {
      config: { policy: A['academicYear.create'] },
      schema: {
        operationId: 'createAcademicYear',
        tags,
        summary: 'Новый учебный год (по умолчанию 1 сентября — 31 августа)',
        body: createAcademicYearSchema,
        response: { 201: academicYearSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createAcademicYear(req.ctx, req.body)),
  );

  r.get(
    '/v1/organizations/:id/programmes',
    {
      config: { policy: A['programme.read'] },
      schema: {
        operationId: 'listProgrammes',
        tags,
        summary: 'Образовательные программы организации',
        params: idParams,
        response: { 200: programmeList, ...problemResponses },
      },
    },
    (req) => listProgrammes(req.ctx, req.params.id),
  );

  r.post(
    '/v1/organizations/:id/programmes',
    {
      config: { policy: A['programme.write'] },
      schema: {
        operationId: 'createProgramme',
        tags,
        summary: 'Новая образовательная программа организации',
        params: idParams,
        body: createProgrammeSchema,
        response: { 201: programmeSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createProgramme(req.ctx, req.params.id, req.body)),
  );

  r.get(
    '/v1/programmes/:id',
    {
      config: { policy: A['programme.read'] },
      schema: {
        operationId: 'getProgramme',
        tags,
        summary: 'Образовательная программа',
        params: idParams,
        response: { 200: programmeSchema, ...problemResponses },
      },
    },
    async (req) =>
      presentProgramme(
        (await programmeForAction(req.ctx, req.ctx.db, req.params.id, A['programme.read'])).programme,
      ),
  );

  r.patch(
    '/v1/programmes/:id',
    {
      config: { policy: A['programme.write'] },
      schema: {
        operationId: 'updateProgramme',
        tags,
        summary: 'Изменение образовательной программы',
        params: idParams,
        body: updateProgrammeSchema,
        response: { 200: programmeSchema, ...problemResponses },
      },
    },
    (req) => updateProgramme(req.ctx, req.params.id, req.body),
  );

  r.delete(
    '/v1/programmes/:id',
    {
      config: { policy: A['programme.write'] },
      schema: {
        operationId: 'deleteProgramme',
        tags,
        summary: 'Удаление ошибочно внесенной программы',
        params: idParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await deleteProgramme(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/organizations/:id/units',
    {
      config: { policy: A['unit.read'] },
      schema: {
        operationId: 'listUnits',
        tags,
        summary: 'Классы, группы и объединения организации',
        params: idParams,
        querystring: unitListQuery,
        response: { 200: unitList, ...problemResponses },
      },
    },
    (req) => listUnits(req.ctx, req.params.id, req.query.yearId),
  );

  r.post(
    '/v1/organizations/:id/units',
    {
      config: { policy: A['unit.write'] },
      schema: {
        operationId: 'createUnit',
        tags,
        summary: 'Новый класс, группа, объединение или учебная группа',
        params: idParams,
        body: createUnitSchema,
        response: { 201: unitSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createUnit(req.ctx, req.params.id, req.body)),
  );

  r.post(
    '/v1/organizations/:id/units/copy',
    {
      config: { policy: A['unit.write'] },
      schema: {
        operationId: 'copyUnits',
        tags,
        summary: 'Скопировать классы и группы прошлого года (класс + 1, те же литеры)',
        params: idParams,
        body: copyUnitsSchema,
        response: { 200: copyUnitsResult, ...problemResponses },
      },
    },
    (req) => copyUnits(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/v1/units/:id',
    {
      config: { policy: A['unit.read'] },
      schema: {
        operationId: 'getUnit',
        tags,
        summary: 'Класс, группа или объединение',
        params: idParams,
        response: { 200: unitSchema, ...problemResponses },
      },
    },
    (req) => getUnit(req.ctx, req.params.id),
  );

  r.patch(
    '/v1/units/:id',
    {
      config: { policy: A['unit.write'] },
      schema: {
        operationId: 'updateUnit',
        tags,
        summary: 'Изменение класса, группы или объединения',
        params: idParams,
        body: updateUnitSchema,
        response: { 200: unitSchema, ...problemResponses },
      },
    },
    (req) => updateUnit(req.ctx, req.params.id, req.body),
  );

  r.delete(
    '/v1/units/:id',
    {
      config: { policy: A['unit.write'] },
      schema: {
        operationId: 'deleteUnit',
        tags,
        summary: 'Удаление ошибочно созданного класса или группы',
        params: idParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await deleteUnit(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/units/:id/learners',
    {
      config: { policy: A['unit.learners.read'] },
      schema: {
        operationId: 'listUnitLearners',
        tags,
        summary: 'Список класса или группы на дату',
        params: idParams,
        querystring: asOfQuery,
        response: { 200: unitLearnersSchema, ...problemResponses },
      },
    },
    (req) => unitLearnersAsOf(req.ctx, req.params.id, req.query.asOf),
  );

  r.get(
    '/v1/organizations/:id/contingent-by-unit',
    {
      config: { policy: A['unit.read'] },
      schema: {
        operationId: 'contingentByUnit',
        tags,
        summary: 'Контингент по классам и группам на дату, с итогами',
        params: idParams,
        querystring: contingentByUnitQuery,
        response: { 200: contingentByUnitSchema, ...problemResponses },
      },
    },
    (req) => contingentByUnit(req.ctx, req.params.id, req.query),
  );

  r.get(
    '/v1/territories/:id/learner-counts',
    {
      config: { policy: A['learnerCounts.read'] },
      schema: {
        operationId: 'territoryLearnerCounts',
        tags,
        summary: 'Численность обучающихся по организациям территории на дату',
        params: idParams,
        querystring: asOfQuery,
        response: { 200: learnerCountsSchema, ...problemResponses },
      },
    },
    (req) => territoryLearnerCounts(req.ctx, req.params.id, req.query.asOf),
  );
};
