import { sql } from 'kysely';
import { workingDaysBetween } from '../../../../common/dates/working-days.ts';
import type { ApplicationStatus } from '../../../../common/queue-dictionary.ts';
import type { TransferStatus, TransferView } from './transfers.schemas.ts';

export type TransferRow = {
  id: string;
  application_id: string;
  application_number: string;
  application_status: ApplicationStatus;
  registered_at: Date;
  desired_on: string;
  group_focus: TransferView['groupFocus'];
  child_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  from_id: string;
  from_name: string;
  to_id: string;
  to_name: string;
  reason: string;
  requested_on: string;
  requested_at: Date;
  status: TransferStatus;
  decided_on: string | null;
  decision_reason: string | null;
  version: number;
  /** Keyset of the list: the request instant to the microsecond and the id. */
  cursor: string;
};

export const transferSelect = sql`
  SELECT t.id, t.application_id, a.number AS application_number, a.status AS application_status,
         a.registered_at, a.desired_on::text, a.group_focus, a.child_id, p.last_name, p.first_name,
         p.middle_name, p.birth_date::text, f.id AS from_id, f.name AS from_name, d.id AS to_id,
         d.name AS to_name, t.reason, t.requested_on::text, t.requested_at, t.status,
         t.decided_on::text, t.decision_reason, t.version,
         to_char(t.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || t.id AS cursor
    FROM preschool_application_transfers t
    JOIN preschool_applications a ON a.id = t.application_id
    JOIN persons p ON p.id = a.child_id
    JOIN territories f ON f.id = t.from_municipality_id
    JOIN territories d ON d.id = t.to_municipality_id`;

/** The date `days` working days (Monday to Friday) after `from`, as ISO. */
export function addWorkingDays(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

/**
 * A request with its deadline: the receiving municipality has `allowed` working days after the day
 * of the request; a request still open after them is overdue (holidays are not known, so the
 * deadline is never later than the law's).
 */
export function toTransfer(r: TransferRow, today: string, allowed: number): TransferView {
  const waiting = workingDaysBetween(r.requested_on, r.decided_on ?? today);
  return {
    id: r.id,
    applicationId: r.application_id,
    applicationNumber: r.application_number,
    applicationStatus: r.application_status,
    registeredAt: new Date(r.registered_at).toISOString(),
    desiredOn: r.desired_on,
    groupFocus: r.group_focus,
    child: {
      id: r.child_id,
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      birthDate: r.birth_date,
    },
    from: { id: r.from_id, name: r.from_name },
    to: { id: r.to_id, name: r.to_name },
    reason: r.reason,
    requestedOn: r.requested_on,
    requestedAt: new Date(r.requested_at).toISOString(),
    status: r.status,
    decidedOn: r.decided_on,
    decisionReason: r.decision_reason,
    dueOn: addWorkingDays(r.requested_on, allowed),
    workingDaysWaiting: waiting,
    overdue: r.status === 'requested' && waiting > allowed,
    version: r.version,
  };
}
