import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { ForecastActions as A } from './forecast.policy.ts';
import { forecastQuery, forecastSchema } from './forecast.schemas.ts';
import { forecastWorkbook } from './forecast-xlsx.ts';
import { readForecast } from './read-forecast.ts';

const tags = ['Очередь в детские сады'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The forecast of demand for kindergarten places, on screen and as a workbook. */
export const forecastRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/preschool-forecast',
    {
      config: { policy: A['forecast.read'] },
      schema: {
        operationId: 'getPreschoolForecast',
        tags,
        summary: 'Прогноз: потребность в местах и вместимость по возрастам на 1–3 года',
        querystring: forecastQuery,
        response: { 200: forecastSchema, ...problemResponses },
      },
    },
    async (req) => readForecast(req.ctx, req.query),
  );

  r.get(
    '/v1/preschool-forecast.xlsx',
    {
      config: { policy: A['forecast.read'] },
      schema: {
        operationId: 'exportPreschoolForecastXlsx',
        tags,
        summary: 'Прогноз в XLSX',
        querystring: forecastQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const file = await forecastWorkbook(await readForecast(req.ctx, req.query));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', 'attachment; filename="preschool-forecast.xlsx"')
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
};
