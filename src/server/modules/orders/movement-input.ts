import type { MovementRow } from './movement-row.ts';
import type { MovementInput } from './orders.schemas.ts';

const opt = <T>(v: T | null) => (v === null ? undefined : v);

/** A stored line back in the shape of the request, so a draft is checked again by the same rules. */
export function inputOf(m: MovementRow): MovementInput {
  return {
    kind: m.kind,
    personId: m.person_id,
    enrollmentId: opt(m.enrollment_id),
    effectiveOn: m.effective_on,
    programmeId: opt(m.programme_id),
    unitId: opt(m.unit_id),
    educationForm: opt(m.education_form),
    funding: opt(m.funding),
    promotionType: opt(m.promotion_type),
    debtSubjects: opt(m.debt_subjects),
    debtDeadline: opt(m.debt_deadline),
    exitReason: opt(m.exit_reason),
    destinationOrganizationId: opt(m.destination_organization_id),
    document: m.document_kind
      ? {
          kind: m.document_kind,
          series: opt(m.document_series),
          number: m.document_number ?? '',
          regNumber: opt(m.document_reg_number),
          issuedOn: m.document_issued_on ?? m.effective_on,
          honours: m.honours ?? false,
        }
      : undefined,
    mastery: opt(m.mastery),
    employment: m.employment_form
      ? { form: m.employment_form, employer: opt(m.employer), quotaJob: m.quota_job ?? false }
      : undefined,
    leaveUntil: opt(m.leave_until),
    arrivalOf: opt(m.arrival_of),
    capacityReason: opt(m.capacity_reason),
    note: opt(m.note),
  };
}
