import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { DashboardActions as A } from './dashboards.policy.ts';
import {
  attendancePanel,
  contingentPanel,
  type DashboardQuery,
  dashboardQuery,
  dataQualityPanel,
  occupancyPanel,
  queuePanel,
  signOffPanel,
} from './dashboards.schemas.ts';
import {
  attendanceSheet,
  contingentSheet,
  dataQualitySheet,
  occupancySheet,
  queueSheet,
  signOffSheet,
} from './panel-sheets.ts';
import { type PanelSheet, panelWorkbook } from './panel-xlsx.ts';
import { readAttendance } from './read-attendance.ts';
import { readContingent } from './read-contingent.ts';
import { readDataQuality } from './read-data-quality.ts';
import { readOccupancy } from './read-occupancy.ts';
import { readQueue } from './read-queue.ts';
import { readSignOff } from './read-sign-off.ts';

const tags = ['Показатели'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Figures = { asOf: string; territory: { id: string; name: string } };

type Panel<T extends Figures> = {
  path: string;
  name: string;
  summary: string;
  schema: z.ZodType<T>;
  read: (ctx: Ctx, q: DashboardQuery) => Promise<T>;
  sheet: (p: T) => PanelSheet;
};
const panel = <T extends Figures>(p: Panel<T>) => p;

const PANELS = {
  contingent: panel({
    path: 'contingent',
    name: 'Contingent',
    summary: 'Контингент по уровням образования и муниципалитетам',
    schema: contingentPanel,
    read: readContingent,
    sheet: contingentSheet,
  }),
  occupancy: panel({
    path: 'occupancy',
    name: 'Occupancy',
    summary: 'Загрузка детских садов и школ относительно вместимости',
    schema: occupancyPanel,
    read: readOccupancy,
    sheet: occupancySheet,
  }),
  queue: panel({
    path: 'queue',
    name: 'Queue',
    summary: 'Очередь в детские сады по возрасту на 1 сентября и предложенные места',
    schema: queuePanel,
    read: readQueue,
    sheet: queueSheet,
  }),
  attendance: panel({
    path: 'attendance',
    name: 'Attendance',
    summary: 'Посещаемость за последние четыре недели: по видам, муниципалитетам и неделям',
    schema: attendancePanel,
    read: readAttendance,
    sheet: attendanceSheet,
  }),
  dataQuality: panel({
    path: 'data-quality',
    name: 'DataQuality',
    summary: 'Оценки качества данных последней проверки и их динамика',
    schema: dataQualityPanel,
    read: readDataQuality,
    sheet: dataQualitySheet,
  }),
  signOff: panel({
    path: 'sign-off',
    name: 'SignOff',
    summary: 'Подписание статистических форм на их отчетные даты',
    schema: signOffPanel,
    read: readSignOff,
    sheet: signOffSheet,
  }),
};

type Fastify = Parameters<FastifyPluginAsync>[0];

/** A panel's figures, their reading recorded once: which panel, which territory, in which format. */
async function read<T extends Figures>(ctx: Ctx, p: Panel<T>, q: DashboardQuery, format: 'json' | 'xlsx') {
  const data = await p.read(ctx, q);
  await auditNow(ctx, {
    action: A['dashboard.read'],
    objectType: 'territory',
    objectId: data.territory.id,
    details: { panel: p.path, format, asOf: data.asOf },
  });
  return data;
}

/** A panel's two routes: its figures as JSON, and the same figures as a spreadsheet. */
function mount<T extends Figures>(app: Fastify, p: Panel<T>) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `/v1/dashboards/${p.path}`,
    {
      config: { policy: A['dashboard.read'] },
      schema: {
        operationId: `getDashboard${p.name}`,
        tags,
        summary: p.summary,
        querystring: dashboardQuery,
        // Widened: the provider cannot resolve a generic schema; each panel's own schema still serializes.
        response: { 200: p.schema as z.ZodType<unknown>, ...problemResponses },
      },
    },
    async (req) => read(req.ctx, p, req.query, 'json'),
  );
  r.get(
    `/v1/dashboards/${p.path}.xlsx`,
    {
      config: { policy: A['dashboard.read'] },
      schema: {
        operationId: `exportDashboard${p.name}`,
        tags,
        summary: `${p.summary} (XLSX)`,
        querystring: dashboardQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const data = await read(req.ctx, p, req.query, 'xlsx');
      const file = await panelWorkbook(p.sheet(data), data);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="dashboard-${p.path}-${data.asOf}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
}

/** Dashboards for the region and the municipalities: counts only, each panel scoped to the reader. */
export const dashboardsRoutes: FastifyPluginAsync = async (app) => {
  mount(app, PANELS.contingent);
  mount(app, PANELS.occupancy);
  mount(app, PANELS.queue);
  mount(app, PANELS.attendance);
  mount(app, PANELS.dataQuality);
  mount(app, PANELS.signOff);
};
