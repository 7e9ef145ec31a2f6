import { type Kysely, sql } from 'kysely';
import { dateInZone, workingDaysBetween } from '../../../common/dates/working-days.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { loadOrder } from './load-order.ts';
import { OrderActions } from './orders.policy.ts';
import type { OrderView } from './orders.schemas.ts';

/** Regulations allow one working day between the order's date and its entry into the registry. */
export const isLate = (orderDate: string, enteredAt: Date, timeZone: string) =>
  workingDaysBetween(orderDate, dateInZone(enteredAt, timeZone)) > 1;

type Ref = { id: string; number: string; order_date: string } | null;
const ref = (r: Ref) => (r ? { id: r.id, number: r.number, orderDate: r.order_date } : null);

/** An order with its lines as the editor and the PDF show them; the caller has checked scope. */
export async function readOrderIn(db: Kysely<DB>, id: string, timeZone: string): Promise<OrderView> {
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('organizations as g', 'g.id', 'o.organization_id')
    .selectAll('o')
    .select(['g.short_name as organization_name', 'g.full_name as organization_full_name'])
    .select([
      sql<Ref>`(SELECT json_build_object('id', c.id, 'number', c.number, 'order_date', c.order_date)
                  FROM orders c WHERE c.id = o.cancels_order_id)`.as('cancels'),
      sql<Ref>`(SELECT json_build_object('id', c.id, 'number', c.number, 'order_date', c.order_date)
                  FROM orders c WHERE c.cancels_order_id = o.id)`.as('cancelled_by'),
    ])
    .where('o.id', '=', id)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('movements as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .leftJoin('education_programmes as ep', 'ep.id', 'm.programme_id')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('organizations as d', 'd.id', 'm.destination_organization_id')
    .selectAll('m')
    .select([
      'p.last_name',
      'p.first_name',
      'p.middle_name',
      'p.birth_date',
      'ep.name as programme_name',
      'u.name as unit_name',
      'd.short_name as destination_name',
    ])
    .where('m.order_id', '=', id)
    .orderBy('m.position')
    .execute();
  const signed = o.state !== 'draft';
  return {
    id: o.id,
    organization: { id: o.organization_id, name: o.organization_name, fullName: o.organization_full_name },
    number: o.number,
    orderDate: o.order_date,
    kind: o.kind,
    state: o.state,
    version: o.version,
    signerName: o.signer_name,
    signerPosition: o.signer_position,
    basis: o.basis,
    signedAt: o.signed_at ? new Date(o.signed_at).toISOString() : null,
    cancelsOrder: ref(o.cancels),
    cancelledBy: ref(o.cancelled_by),
    createdAt: new Date(o.created_at).toISOString(),
    movements: lines.map((m) => ({
      id: m.id,
      position: m.position,
      kind: m.kind,
      person: {
        id: m.person_id,
        lastName: m.last_name,
        firstName: m.first_name,
        middleName: m.middle_name,
        birthDate: m.birth_date,
      },
      enrollmentId: m.enrollment_id,
      effectiveOn: m.effective_on,
      programme: m.programme_id ? { id: m.programme_id, name: m.programme_name ?? '' } : null,
      unit: m.unit_id ? { id: m.unit_id, name: m.unit_name ?? '' } : null,
      educationForm: m.education_form,
      funding: m.funding,
      promotionType: m.promotion_type,
      debtSubjects: m.debt_subjects,
      debtDeadline: m.debt_deadline,
      exitReason: m.exit_reason,
      destination: m.destination_organization_id
        ? { id: m.destination_organization_id, name: m.destination_name ?? '' }
        : null,
      document: m.document_kind
        ? {
            kind: m.document_kind,
            series: m.document_series,
            number: m.document_number,
            regNumber: m.document_reg_number,
            issuedOn: m.document_issued_on,
            honours: m.honours,
          }
        : null,
      mastery: m.mastery,
      employment: m.employment_form
        ? { form: m.employment_form, employer: m.employer, quotaJob: m.quota_job }
        : null,
      leaveUntil: m.leave_until,
      arrivalOf: m.arrival_of,
      note: m.note,
      enteredAt: new Date(m.entered_at).toISOString(),
      late: signed && isLate(o.order_date, new Date(m.entered_at), timeZone),
    })),
  };
}

/** One order for a reader in scope; reading it is a read of every learner it names. */
export async function readOrder(ctx: Ctx, id: string, format: 'json' | 'pdf' = 'json') {
  const view = await withTransaction(ctx.db, async (tx) => {
    await loadOrder(tx, ctx, id, OrderActions['order.read']);
    return readOrderIn(tx, id, ctx.config.timeZone);
  });
  await auditNow(ctx, {
    action: 'order.read',
    objectType: 'order',
    objectId: id,
    subjectIds: view.movements.length > 0 ? [...new Set(view.movements.map((m) => m.person.id))] : null,
    details: { format },
  });
  return view;
}
