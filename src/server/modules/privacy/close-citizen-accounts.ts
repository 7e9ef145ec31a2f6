import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';

type Linked = { id: string; citizen_grants: string[]; was_citizen: boolean; staff: boolean };

/**
 * A citizen's account reaches the registry through the СНИЛС it got from ЕСИА, and holds that СНИЛС
 * and the name ЕСИА gave. When the person with that СНИЛС is destroyed, the account goes too, in the
 * destruction's transaction. An account that served only the citizen is blocked and overwritten like
 * the person row (the row stays: the audit log points at it), and a later sign-in through ЕСИА starts
 * a new, empty account. An account that also holds staff roles keeps them and its СНИЛС, which it holds
 * for the staff member's own sign-in, and loses the citizen role. Either way its sessions end.
 * Returns the accounts changed, whose cached sessions are to be forgotten once the transaction commits,
 * and whether any account was overwritten (the act then lists it among the destroyed categories).
 */
export async function closeCitizenAccounts(
  tx: Tx,
  ctx: Ctx,
  destroyed: { personId: string; actId: string; snilses: string[] },
): Promise<{ userIds: string[]; erased: boolean }> {
  if (destroyed.snilses.length === 0) return { userIds: [], erased: false };
  const linked = await sql<Linked>`
    SELECT u.id,
           ARRAY(SELECT c.id::text FROM role_assignments c
                  WHERE c.user_id = u.id AND c.role = 'citizen' AND c.revoked_at IS NULL) AS citizen_grants,
           EXISTS (SELECT 1 FROM role_assignments c
                    WHERE c.user_id = u.id AND c.role = 'citizen') AS was_citizen,
           EXISTS (SELECT 1 FROM role_assignments s
                    WHERE s.user_id = u.id AND s.role <> 'citizen' AND s.revoked_at IS NULL) AS staff
      FROM users u
     WHERE u.snils = ANY(${destroyed.snilses}::text[])
     ORDER BY u.id
       FOR UPDATE OF u`.execute(tx);
  const userIds: string[] = [];
  let erased = false;
  for (const user of linked.rows) {
    // A staff account that signs in through ЕСИА never reached the data as the citizen.
    if (!user.was_citizen || (user.staff && user.citizen_grants.length === 0)) continue;
    const now = new Date();
    const grants = await tx
      .updateTable('role_assignments')
      .set({ revoked_at: now, revoked_by: ctx.actor!.userId })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .$if(user.staff, (q) => q.where('role', '=', 'citizen'))
      .executeTakeFirst();
    const sessions = await tx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    // The addresses the citizen signed in from are theirs too.
    if (!user.staff) await tx.deleteFrom('login_attempts').where('user_id', '=', user.id).execute();
    const details = {
      reason: 'person_destroyed',
      actId: destroyed.actId,
      grantsRevoked: Number(grants.numUpdatedRows),
      sessionsRevoked: Number(sessions.numUpdatedRows),
    };
    if (user.staff) {
      await auditInTx(tx, ctx, {
        action: 'role.revoke',
        objectType: 'user',
        objectId: user.id,
        subjectIds: [destroyed.personId],
        details: { ...details, role: 'citizen', assignmentIds: user.citizen_grants },
      });
    } else {
      const tokens = await tx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      await tx
        .updateTable('users')
        .set({
          blocked: true,
          full_name: 'Удалено',
          snils: null,
          login: null,
          email: null,
          password_hash: null,
          version: sql<number>`version + 1`,
          updated_at: now,
        })
        .where('id', '=', user.id)
        .execute();
      await auditInTx(tx, ctx, {
        action: 'user.block',
        objectType: 'user',
        objectId: user.id,
        subjectIds: [destroyed.personId],
        details: { ...details, tokensRevoked: Number(tokens.numUpdatedRows) },
      });
      erased = true;
    }
    userIds.push(user.id);
  }
  return { userIds, erased };
}
