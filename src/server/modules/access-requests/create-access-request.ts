import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, grantsFor } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { isUniqueViolation } from '../persons/duplicate-answer.ts';
import { resolveActivePerson } from '../persons/enroll-person.ts';
import { personsInScope } from '../persons/find-duplicates.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import { AccessRequestActions as A } from './access-requests.policy.ts';
import type { CreateAccessRequestInput } from './access-requests.schemas.ts';
import { spendMatchToken } from './match-tokens.ts';

/**
 * The organization that holds the record and so decides: where the person is actively enrolled,
 * and for a representative also where a learner they represent is. Newest enrollment first.
 */
async function holderOf(tx: Tx, personId: string): Promise<string | null> {
  const r = await sql<{ organization_id: string }>`
    SELECT e.organization_id FROM enrollments e
     WHERE e.ended_on IS NULL AND (e.person_id = ${personId} OR e.person_id IN (
           SELECT r.learner_id FROM representations r
            WHERE r.representative_id = ${personId} AND r.revoked_at IS NULL))
     ORDER BY e.person_id = ${personId} DESC, e.started_on DESC, e.id LIMIT 1`.execute(tx);
  return r.rows[0]?.organization_id ?? null;
}

/** The municipality above a scope node: it decides for records no organization holds. */
async function municipalityOf(tx: Tx, node: string): Promise<string | null> {
  const r = await sql<{ id: string }>`
    SELECT t.id FROM scope_closure c JOIN territories t ON t.id = c.ancestor_id AND t.kind = 'municipality'
     WHERE c.descendant_id = ${node} LIMIT 1`.execute(tx);
  return r.rows[0]?.id ?? null;
}

/** The requester's grant the learner is seen through (a link request concerns the requester's own learner). */
async function grantOverLearner(tx: Tx, grants: Grant[], learnerId: string): Promise<Grant | null> {
  for (const g of grants) if ((await personsInScope(tx, [learnerId], [g])).has(learnerId)) return g;
  return null;
}

const badToken = () =>
  invalidField(
    'body.matchToken',
    'Ссылка на найденную запись недействительна или устарела. Повторите проверку на дубликаты.',
    'invalid_token',
  );

/**
 * Asks the holder of a record outside the caller's scope to let the caller enroll that person or
 * link them as a representative. The person is named by the match token of a duplicate answer,
 * never by an id, and the answer does not say who holds the record.
 */
export const createAccessRequest = async (ctx: Ctx, input: CreateAccessRequestInput) => {
  try {
    return await withTransaction(ctx.db, (tx) => create(tx, ctx, input));
  } catch (err) {
    if (isUniqueViolation(err, ['access_requests_pending_uq']))
      throw new AppError('conflict', 'Такой запрос уже направлен и ожидает решения');
    throw err;
  }
};

async function create(tx: Tx, ctx: Ctx, input: CreateAccessRequestInput) {
  const grants = authorize(ctx.actor!, A['access_request.create']);
  let grant: Grant | null;
  let learnerId: string | null = null;
  if (input.kind === 'enroll') {
    grant = await grantCovering(
      tx,
      grantsFor(ctx.actor!, PersonActions['person.create']),
      input.organizationId,
    );
    if (!grant) throw forbidden('Организация вне вашей области доступа');
  } else {
    learnerId = await resolveActivePerson(tx, input.learnerId);
    grant = learnerId
      ? await grantOverLearner(tx, grantsFor(ctx.actor!, PersonActions['person.update']), learnerId)
      : null;
    if (!grant || !learnerId)
      throw notFound('Обучающийся').audited('access_request.create', 'person', input.learnerId);
  }
  if (!grants.includes(grant) || !grant.scopeNodeId) throw forbidden();
  const token = await spendMatchToken(tx, ctx.actor!.userId, input.matchToken);
  const personId = token ? await resolveActivePerson(tx, token) : null;
  if (!personId) throw badToken();
  if (personId === learnerId)
    throw new AppError('business_rule', 'Человек не может быть представителем самого себя');
  const target =
    (await holderOf(tx, personId)) ?? (await municipalityOf(tx, grant.scopeNodeId)) ?? grant.scopeNodeId;
  const row = await tx
    .insertInto('access_requests')
    .values({
      kind: input.kind,
      person_id: personId,
      requester_user_id: ctx.actor!.userId,
      requester_node_id: grant.scopeNodeId,
      target_node_id: target,
      organization_id: input.kind === 'enroll' ? input.organizationId : null,
      started_on: input.kind === 'enroll' ? input.startedOn : null,
      learner_id: learnerId,
      relation: input.kind === 'link_representative' ? input.relation : null,
      authority_document: input.kind === 'link_representative' ? (input.authorityDocument ?? null) : null,
      comment: input.comment ?? null,
    })
    .returning(['id', 'status', 'created_at'])
    .executeTakeFirstOrThrow();
  await auditInTx(tx, ctx, {
    action: 'access_request.create',
    objectType: 'access_request',
    objectId: row.id,
    subjectIds: learnerId ? [personId, learnerId] : [personId],
    grant,
    details: { kind: input.kind },
  });
  return { id: row.id, kind: input.kind, status: row.status, createdAt: row.created_at.toISOString() };
}
