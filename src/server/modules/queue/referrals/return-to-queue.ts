import { sql } from 'kysely';
import type { Config } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';

/**
 * Closes issued referrals as refused or expired and returns their applications to the queue with their
 * registration instant. A refused or lapsed referral to a kindergarten the family ranked moves the
 * desired date to the next 1 September when the region's rule says so; a refused offer of a kindergarten
 * it did not rank changes nothing. The place goes back to the group for the next top-up. Returns the
 * applications touched.
 */
export async function returnToQueue(
  tx: Tx,
  referralIds: string[],
  how: { status: 'refused' | 'expired'; reason: string; actorId: string | null; today: string },
  rule: Config['referralRefusalRule'],
): Promise<string[]> {
  if (referralIds.length === 0) return [];
  const nextSeptember = `${Number(how.today.slice(0, 4)) + (how.today.slice(5) >= '09-01' ? 1 : 0)}-09-01`;
  const r = await sql<{ application_id: string }>`
    WITH closed AS (
      UPDATE referrals SET status = ${how.status}, closed_at = now(), closed_by = ${how.actorId},
             close_reason = ${how.reason}, version = version + 1
       WHERE id = ANY(${referralIds}::uuid[]) AND status = 'issued'
      RETURNING application_id, kind)
    , apps AS (
      UPDATE preschool_applications a
         SET status = 'queued', version = a.version + 1, updated_at = now(),
             desired_on = CASE WHEN closed.kind = 'placement' AND ${rule} = 'next_year'
                               THEN greatest(a.desired_on, ${nextSeptember}::date) ELSE a.desired_on END
        FROM closed WHERE a.id = closed.application_id AND a.status = 'referred'
      RETURNING a.id, closed.kind, a.desired_on)
    , ev AS (
      INSERT INTO preschool_application_events (application_id, kind, status, reason, actor_id)
      SELECT id, 'referral_closed', 'queued',
             ${how.reason} || CASE WHEN kind = 'placement' AND ${rule} = 'next_year'
                                   THEN '. Заявление возвращено в очередь с прежней датой регистрации; желаемая дата зачисления — '
                                        || to_char(desired_on, 'DD.MM.YYYY')
                                   ELSE '. Заявление возвращено в очередь с прежней датой регистрации' END,
             ${how.actorId}::uuid
        FROM apps
      RETURNING application_id)
    SELECT application_id FROM ev`.execute(tx);
  return r.rows.map((x) => x.application_id);
}
