import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../platform/errors.ts';
import type { CaseStatus } from './case-store.ts';
import { cardOf, loadCase, NEXT, todayOf } from './cases.queries.ts';
import { OutOfEducationActions as A } from './out-of-education.policy.ts';
import type { CaseUpdate } from './out-of-education.schemas.ts';

/**
 * Works a case: a status step, the responsible specialist, the deadline, a note. The row is locked and
 * its version checked (409 on a stale one); every change is a history row of its own, in one transaction.
 */
export async function updateCase(ctx: Ctx, id: string, input: CaseUpdate) {
  const grants = authorize(ctx.actor!, A['out_of_education.write']);
  const userId = ctx.actor!.userId;
  const today = todayOf(ctx);
  return withTransaction(ctx.db, async (tx) => {
    const locked = await sql<{
      id: string;
      version: number;
      status: CaseStatus;
      municipality_id: string;
      responsible_user_id: string | null;
      deadline: string | null;
      person_id: string;
    }>`
      SELECT c.id, c.version, c.status, c.municipality_id, c.responsible_user_id, c.deadline::text AS deadline,
             c.person_id
        FROM out_of_education_cases c WHERE c.id = ${id} AND ${inScope('c.municipality_id', grants)}
         FOR UPDATE`.execute(tx);
    const c = locked.rows[0];
    if (!c) throw notFound('Случай');
    if (c.version !== input.version) throw versionConflict(c.version);
    if (c.status === 'closed') throw new AppError('business_rule', 'Случай закрыт: изменения не принимаются');
    const events: {
      action: string;
      from?: string;
      to?: string;
      responsible?: string | null;
      deadline?: string | null;
      note?: string | null;
    }[] = [];
    let status: CaseStatus = c.status;
    if (input.status !== undefined && input.status !== c.status) {
      if (!NEXT[c.status].includes(input.status))
        throw new AppError('business_rule', 'Недопустимый переход статуса', [
          { path: 'status', code: 'transition', message: 'Из текущего статуса в этот перейти нельзя' },
        ]);
      if (input.status === 'closed' && !input.note)
        throw invalidField('note', 'Закрывая случай, укажите, чем он завершился', 'required');
      status = input.status;
      events.push({ action: 'status', from: c.status, to: status, note: input.note ?? null });
    }
    let responsible = c.responsible_user_id;
    if (input.responsibleUserId !== undefined && input.responsibleUserId !== c.responsible_user_id) {
      if (input.responsibleUserId !== null) {
        const ok = await sql<{ ok: boolean }>`
          SELECT true AS ok FROM role_assignments ra JOIN users u ON u.id = ra.user_id AND NOT u.blocked
           WHERE ra.user_id = ${input.responsibleUserId} AND ra.role = 'municipal_specialist'
             AND ra.revoked_at IS NULL AND ra.scope_node_id = ${c.municipality_id} LIMIT 1`.execute(tx);
        if (!ok.rows[0])
          throw invalidField(
            'responsibleUserId',
            'Ответственным может быть специалист муниципалитета этого случая',
            'not_specialist',
          );
      }
      responsible = input.responsibleUserId;
      events.push({ action: 'assigned', responsible });
    }
    let deadline = c.deadline;
    if (input.deadline !== undefined && input.deadline !== c.deadline) {
      deadline = input.deadline;
      events.push({ action: 'deadline', deadline });
    }
    if (input.note && !events.some((e) => e.action === 'status'))
      events.push({ action: 'note', note: input.note });
    if (events.length === 0) throw invalidField('status', 'Нет изменений', 'no_changes');
    await sql`
      UPDATE out_of_education_cases SET status = ${status}, responsible_user_id = ${responsible},
             deadline = ${deadline}::date, closed_at = CASE WHEN ${status} = 'closed' THEN now() END,
             version = version + 1, updated_at = now(), updated_by = ${userId}
       WHERE id = ${id}`.execute(tx);
    await sql`
      INSERT INTO out_of_education_case_events (case_id, user_id, action, from_status, to_status,
                                                responsible_user_id, deadline, note)
      SELECT ${id}, ${userId}, x.action, x.from, x.to, x.responsible, x.deadline, x.note
        FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
          AS x(action text, "from" text, "to" text, responsible uuid, deadline date, note text)`.execute(tx);
    auditInTx(tx, ctx, {
      action: 'out_of_education.case.updated',
      objectType: 'out_of_education_case',
      objectId: id,
      subjectIds: [c.person_id],
      details: { changes: events.map((e) => e.action), from: c.status, to: status },
    });
    const row = await loadCase(tx, grants, id);
    return cardOf(tx, row!, today, true);
  });
}
