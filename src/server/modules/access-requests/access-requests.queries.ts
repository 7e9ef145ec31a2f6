import { sql } from 'kysely';
import { authorize, can } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { AccessRequestActions as A } from './access-requests.policy.ts';
import type { AccessRequestView } from './access-requests.schemas.ts';

const LIMIT = 200;

/**
 * Requests addressed to the caller's scope (incoming: the holder decides, and sees whom the request
 * is about) or made from it (outgoing: the requester sees the person only once approved). Newest
 * first, at most 200: a queue of open decisions, not an archive. Returns the persons shown, for the
 * access log.
 */
export async function listAccessRequests(
  ctx: Ctx,
  q: { box: 'incoming' | 'outgoing'; status: string },
): Promise<{ items: AccessRequestView[]; subjects: string[] }> {
  const grants = authorize(ctx.actor!, A['access_request.read']);
  const incoming = q.box === 'incoming';
  const rows = await sql<{
    id: string;
    kind: 'enroll' | 'link_representative';
    status: 'pending' | 'approved' | 'rejected' | 'cancelled';
    created_at: Date;
    requester: string | null;
    organization_id: string | null;
    organization_name: string | null;
    started_on: string | null;
    relation: string | null;
    comment: string | null;
    decided_at: Date | null;
    reason: string | null;
    person_id: string;
    person_name: string;
    person_birth: string;
    learner_id: string | null;
    learner_name: string | null;
    learner_birth: string | null;
  }>`
    SELECT ar.id, ar.kind, ar.status, ar.created_at, coalesce(ro.short_name, rt.name) AS requester,
           ar.organization_id, o.short_name AS organization_name, ar.started_on, ar.relation, ar.comment,
           ar.decided_at, ar.reason,
           p.id AS person_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) AS person_name,
           p.birth_date AS person_birth,
           l.id AS learner_id, concat_ws(' ', l.last_name, l.first_name, l.middle_name) AS learner_name,
           l.birth_date AS learner_birth
      FROM access_requests ar
      JOIN persons p ON p.id = ar.person_id
      LEFT JOIN persons l ON l.id = ar.learner_id
      LEFT JOIN organizations o ON o.id = ar.organization_id
      LEFT JOIN organizations ro ON ro.id = ar.requester_node_id
      LEFT JOIN territories rt ON rt.id = ar.requester_node_id
     WHERE ${inScope(incoming ? 'ar.target_node_id' : 'ar.requester_node_id', grants)}
       AND (${q.status} = 'all' OR ar.status = ${q.status})
     ORDER BY ar.created_at DESC, ar.id
     LIMIT ${LIMIT}`.execute(ctx.db);
  const mayDecide = can(ctx.actor!, A['access_request.decide']);
  const subjects = new Set<string>();
  const items = rows.rows.map((r): AccessRequestView => {
    const showPerson = incoming || r.status === 'approved';
    if (showPerson) subjects.add(r.person_id);
    if (r.learner_id) subjects.add(r.learner_id);
    const pending = r.status === 'pending';
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      requester: r.requester,
      organization:
        r.organization_id && r.organization_name
          ? { id: r.organization_id, name: r.organization_name }
          : null,
      startedOn: r.started_on,
      relation: r.relation,
      comment: r.comment,
      decidedAt: r.decided_at?.toISOString() ?? null,
      reason: r.reason,
      person: showPerson ? { id: r.person_id, fullName: r.person_name, birthDate: r.person_birth } : null,
      learner:
        r.learner_id && r.learner_name && r.learner_birth
          ? { id: r.learner_id, fullName: r.learner_name, birthDate: r.learner_birth }
          : null,
      allowedActions: !pending ? [] : incoming ? (mayDecide ? ['approve', 'reject'] : []) : ['cancel'],
    };
  });
  return { items, subjects: [...subjects] };
}
