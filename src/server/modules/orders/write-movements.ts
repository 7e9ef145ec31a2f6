import type { Insertable } from 'kysely';
import type { Movements } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { MovementInput } from './orders.schemas.ts';

const REASON_OF_KIND: Partial<Record<MovementInput['kind'], Movements['exit_reason']>> = {
  transfer_out: 'TRANSFER_SAME_REGION',
  graduation: 'GRADUATED',
};

function movementRow(orderId: string, l: MovementInput, position: number): Insertable<Movements> {
  return {
    order_id: orderId,
    position,
    kind: l.kind,
    person_id: l.personId,
    enrollment_id: l.enrollmentId ?? null,
    effective_on: l.effectiveOn,
    programme_id: l.programmeId ?? null,
    unit_id: l.unitId ?? null,
    education_form: l.educationForm ?? null,
    funding: l.funding ?? null,
    promotion_type: l.promotionType ?? null,
    debt_subjects: l.debtSubjects ?? null,
    debt_deadline: l.debtDeadline ?? null,
    exit_reason: l.exitReason ?? REASON_OF_KIND[l.kind] ?? null,
    destination_organization_id: l.destinationOrganizationId ?? null,
    document_kind: l.document?.kind ?? null,
    document_series: l.document?.series ?? null,
    document_number: l.document?.number ?? null,
    document_reg_number: l.document?.regNumber ?? null,
    document_issued_on: l.document?.issuedOn ?? null,
    honours: l.document ? l.document.honours : null,
    mastery: l.mastery ?? null,
    employment_form: l.employment?.form ?? null,
    employer: l.employment?.employer ?? null,
    quota_job: l.employment ? l.employment.quotaJob : null,
    leave_until: l.leaveUntil ?? null,
    arrival_of: l.arrivalOf ?? null,
    capacity_reason: l.capacityReason ?? null,
    note: l.note ?? null,
  };
}

/** Replaces a draft's lines with the given ones, in the order given. */
export async function writeMovements(tx: Tx, orderId: string, lines: MovementInput[]) {
  await tx.deleteFrom('movements').where('order_id', '=', orderId).execute();
  if (lines.length === 0) return;
  await tx
    .insertInto('movements')
    .values(lines.map((l, i) => movementRow(orderId, l, i)))
    .execute();
}
