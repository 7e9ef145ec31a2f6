import { AUDIT_ACTION_LABELS } from '../../../common/audit-actions.ts';

/**
 * Russian names of the audit actions that touch a person's data, as a citizen reads them in the log
 * of access to their data. Unknown actions (a module added later) fall back to a generic name.
 */
export const accessActionLabel = (action: string) =>
  AUDIT_ACTION_LABELS[action] ?? 'Обработка персональных данных';
