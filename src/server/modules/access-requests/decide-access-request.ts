import type { Selectable } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { AccessRequests } from '../../platform/db/schema.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { enrollmentConflict, insertEnrollment, resolveActivePerson } from '../persons/enroll-person.ts';
import { insertRepresentation } from '../persons/link-representative.ts';
import { AccessRequestActions as A } from './access-requests.policy.ts';

type Request = Selectable<AccessRequests>;
type Side = 'target' | 'requester';

/**
 * The request, row-locked, if the caller's grants cover its target (the holder deciding) or its
 * requester (cancelling). Anyone else reads it as absent, and the refusal is audited.
 */
async function lockRequest(tx: Tx, ctx: Ctx, id: string, action: string, side: Side) {
  const grants = authorize(ctx.actor!, action);
  const r = await tx
    .selectFrom('access_requests')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  const grant = r
    ? await grantCovering(tx, grants, side === 'target' ? r.target_node_id : r.requester_node_id)
    : null;
  if (!r || !grant) throw notFound('Запрос доступа').audited(action, 'access_request', id);
  if (r.status !== 'pending')
    throw new AppError('conflict', 'По запросу уже принято решение', [], { requestStatus: r.status });
  return { r, grant };
}

const subjects = (r: Pick<Request, 'person_id' | 'learner_id'>) =>
  r.learner_id ? [r.person_id, r.learner_id] : [r.person_id];

async function close(
  tx: Tx,
  ctx: Ctx,
  r: Request,
  grant: Grant,
  status: 'approved' | 'rejected' | 'cancelled',
  reason: string | null,
  details: Record<string, unknown> = {},
) {
  await tx
    .updateTable('access_requests')
    .set({ status, decided_by: ctx.actor!.userId, decided_at: new Date(), reason })
    .where('id', '=', r.id)
    .execute();
  const action = { approved: 'approve', rejected: 'reject', cancelled: 'cancel' }[status];
  await auditInTx(tx, ctx, {
    action: `access_request.${action}`,
    objectType: 'access_request',
    objectId: r.id,
    subjectIds: subjects(r),
    grant,
    details: { kind: r.kind, ...details },
  });
  return { id: r.id, status };
}

/**
 * The holder approves: the enrollment or the link is made in the same transaction, so the
 * requester's scope grows exactly when the decision is recorded, and never without it.
 */
export const approveAccessRequest = (ctx: Ctx, id: string, reason: string | null) => {
  let target: { personId: string | null; organizationId: string } = { personId: null, organizationId: '' };
  return enrollmentConflict(
    ctx,
    () =>
      withTransaction(ctx.db, async (tx) => {
        const { r, grant } = await lockRequest(tx, ctx, id, A['access_request.decide'], 'target');
        const personId = await resolveActivePerson(tx, r.person_id);
        if (!personId) throw new AppError('business_rule', 'Запись о человеке больше не действует');
        if (r.kind === 'enroll') {
          target = { personId, organizationId: r.organization_id! };
          const e = await insertEnrollment(
            tx,
            ctx,
            { personId, organizationId: r.organization_id!, startedOn: r.started_on!, grant },
            { accessRequestId: r.id },
          );
          return close(tx, ctx, r, grant, 'approved', reason, { enrollmentId: e.enrollmentId });
        }
        const learnerId = await resolveActivePerson(tx, r.learner_id!);
        if (!learnerId) throw new AppError('business_rule', 'Запись об обучающемся больше не действует');
        const link = await insertRepresentation(tx, ctx, {
          learnerId,
          representativeId: personId,
          relation: r.relation!,
          authorityDocument: r.authority_document,
        });
        await auditInTx(tx, ctx, {
          action: 'person.link_representative',
          objectType: 'person',
          objectId: learnerId,
          subjectIds: [learnerId, personId],
          grant,
          details: { linkId: link.id, relation: r.relation, accessRequestId: r.id },
        });
        return close(tx, ctx, r, grant, 'approved', reason, { linkId: link.id });
      }),
    () => target,
  );
};

export const rejectAccessRequest = (ctx: Ctx, id: string, reason: string) =>
  withTransaction(ctx.db, async (tx) => {
    const { r, grant } = await lockRequest(tx, ctx, id, A['access_request.decide'], 'target');
    return close(tx, ctx, r, grant, 'rejected', reason);
  });

export const cancelAccessRequest = (ctx: Ctx, id: string) =>
  withTransaction(ctx.db, async (tx) => {
    const { r, grant } = await lockRequest(tx, ctx, id, A['access_request.create'], 'requester');
    return close(tx, ctx, r, grant, 'cancelled', null);
  });
