import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { dateInZone, workingDaysBetween } from '../../../common/dates/working-days.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering, inScope } from '../../platform/access/scope.ts';
import type { Config } from '../../platform/config.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { forbidden } from '../../platform/errors.ts';
import { OrderActions } from './orders.policy.ts';

export const pendingTransferSchema = z.object({
  /** The sending side's line: the receiving enrollment order names it as `arrivalOf`. */
  movementId: z.string(),
  person: z.object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
  }),
  from: z.object({ id: z.string(), name: z.string() }),
  to: z.object({ id: z.string(), name: z.string() }),
  effectiveOn: z.string(),
  order: z.object({ number: z.string(), orderDate: z.string() }),
  /** The class or group the learner left. */
  lastUnit: z.string().nullable(),
  workingDaysWaiting: z.number(),
  /** Past the allowed working days: «выбыл и не прибыл». */
  overdue: z.boolean(),
});
export const pendingTransferListSchema = z.object({
  items: z.array(pendingTransferSchema),
  allowedWorkingDays: z.number(),
});

type Row = {
  movement_id: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  from_id: string;
  from_name: string;
  to_id: string;
  to_name: string;
  effective_on: string;
  number: string;
  order_date: string;
  last_unit: string | null;
};

/** Signed transfers out whose learner no signed enrollment order has received yet. */
function pendingTransfers(where: ReturnType<typeof sql>) {
  return sql<Row>`
    SELECT m.id AS movement_id, p.id AS person_id, p.last_name, p.first_name, p.middle_name, p.birth_date,
           f.id AS from_id, f.short_name AS from_name, t.id AS to_id, t.short_name AS to_name,
           m.effective_on, o.number, o.order_date,
           (SELECT u.name FROM placements pl JOIN units u ON u.id = pl.unit_id
             WHERE pl.enrollment_id = m.enrollment_id ORDER BY pl.valid_from DESC LIMIT 1) AS last_unit
      FROM movements m
      JOIN orders o ON o.id = m.order_id AND o.state = 'signed'
      JOIN persons p ON p.id = m.person_id
      JOIN organizations f ON f.id = o.organization_id
      JOIN organizations t ON t.id = m.destination_organization_id
     WHERE m.kind = 'transfer_out' AND ${where}
       AND NOT EXISTS (SELECT 1 FROM movements a JOIN orders ao ON ao.id = a.order_id AND ao.state = 'signed'
                        WHERE a.arrival_of = m.id)
     ORDER BY m.effective_on, p.last_name, p.first_name
     LIMIT 2000`;
}

type ArrivalConfig = Pick<Config, 'timeZone' | 'transferArrivalWorkingDays'>;

function present(config: ArrivalConfig, rows: Row[], today = dateInZone(new Date(), config.timeZone)) {
  const allowed = config.transferArrivalWorkingDays;
  return rows.map((r) => {
    const waiting = workingDaysBetween(r.effective_on, today);
    return {
      movementId: r.movement_id,
      person: {
        id: r.person_id,
        lastName: r.last_name,
        firstName: r.first_name,
        middleName: r.middle_name,
        birthDate: r.birth_date,
      },
      from: { id: r.from_id, name: r.from_name },
      to: { id: r.to_id, name: r.to_name },
      effectiveOn: r.effective_on,
      order: { number: r.number, orderDate: r.order_date },
      lastUnit: r.last_unit,
      workingDaysWaiting: waiting,
      overdue: waiting > allowed,
    };
  });
}

/**
 * The receiving organization's inbox: learners another organization has transferred to it. Seeing a
 * learner here is lawful before any enrollment (the transfer names this organization), so the list
 * shows only what is needed to find the record and enroll: name, birth date, where from.
 */
export async function listExpectedArrivals(ctx: Ctx, organizationId: string) {
  const grants = authorize(ctx.actor!, OrderActions['transfer.read']);
  if (!(await grantCovering(ctx.db, grants, organizationId)))
    throw forbidden('Организация вне вашей области доступа');
  const r = await pendingTransfers(sql`m.destination_organization_id = ${organizationId}`).execute(ctx.db);
  const items = present(ctx.config, r.rows);
  await auditNow(ctx, {
    action: 'transfer.arrivals.read',
    objectType: 'organization',
    objectId: organizationId,
    subjectIds: items.length > 0 ? items.map((i) => i.person.id) : null,
    details: { count: items.length },
  });
  return { items, allowedWorkingDays: ctx.config.transferArrivalWorkingDays };
}

/**
 * «Выбыл и не прибыл»: transfers in or out of the reader's territory not received within the allowed
 * working days. The municipality looks for these children: they may have stopped learning.
 */
export async function listNotArrived(ctx: Ctx) {
  const grants = authorize(ctx.actor!, OrderActions['transfer.read']);
  if (!grants.some((g) => g.role === 'regional_operator' || g.role === 'municipal_specialist'))
    throw forbidden('Список ведут муниципальный и региональный уровни');
  const items = await findNotArrived(
    ctx.db,
    ctx.config,
    sql`(${inScope('o.organization_id', grants)} OR ${inScope('m.destination_organization_id', grants)})`,
  );
  await auditNow(ctx, {
    action: 'transfer.not_arrived.read',
    objectType: 'territory',
    subjectIds: items.length > 0 ? items.map((i) => i.person.id) : null,
    details: { count: items.length },
  });
  return { items, allowedWorkingDays: ctx.config.transferArrivalWorkingDays };
}

/**
 * The «выбыл и не прибыл» rule itself, unscoped: transfers matching `where` not received within the
 * allowed working days by `today`. The list above shows it; the out-of-education rules open cases from it.
 */
export async function findNotArrived(
  db: Kysely<DB>,
  config: ArrivalConfig,
  where = sql<boolean>`true`,
  today = dateInZone(new Date(), config.timeZone),
) {
  // Calendar days are at least as many as working days: a cheap first cut before the exact count.
  const r = await pendingTransfers(
    sql`${where} AND m.effective_on < ${today}::date - ${config.transferArrivalWorkingDays}::int`,
  ).execute(db);
  return present(config, r.rows, today).filter((i) => i.overdue);
}
