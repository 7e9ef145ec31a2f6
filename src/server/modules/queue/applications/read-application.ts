import { type Kysely, sql } from 'kysely';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { type ApplicationStatus, epguCode, RIGHT_CATEGORIES } from '../../../../common/queue-dictionary.ts';
import { auditNow, type Ctx } from '../../../platform/context.ts';
import type { DB } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import type { ApplicationView } from './applications.schemas.ts';
import { loadApplication } from './load-application.ts';
import { QueueActions } from './queue.policy.ts';

type PersonRow = {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
};
const person = (p: PersonRow) => ({
  id: p.id,
  lastName: p.last_name,
  firstName: p.first_name,
  middleName: p.middle_name,
  birthDate: p.birth_date,
});
const categoryTitle = (code: string, version: number) =>
  RIGHT_CATEGORIES.find((c) => c.code === code && c.version === version)?.title ?? code;

/** An application with its kindergartens, rights and history; the caller has checked scope. */
export async function readApplicationIn(
  db: Kysely<DB>,
  id: string,
  today?: string,
): Promise<ApplicationView> {
  const a = await db
    .selectFrom('preschool_applications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const people = await sql<PersonRow>`
    SELECT id, last_name, first_name, middle_name, birth_date::text FROM persons
     WHERE id IN (${a.child_id}, ${a.applicant_id})`.execute(db);
  const preferences = await db
    .selectFrom('preschool_application_preferences as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.rank', 'p.organization_id', 'o.short_name'])
    .where('p.application_id', '=', id)
    .orderBy('p.rank')
    .execute();
  const rights = await db
    .selectFrom('preschool_application_rights')
    .selectAll()
    .where('application_id', '=', id)
    .orderBy('created_at')
    .execute();
  const events = await db
    .selectFrom('preschool_application_events')
    .select(['id', 'at', 'kind', 'status', 'reason'])
    .where('application_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const day = today ?? new Date().toISOString().slice(0, 10);
  const find = (pid: string) => person(people.rows.find((p) => p.id === pid)!);
  return {
    id: a.id,
    number: a.number,
    registeredAt: new Date(a.registered_at).toISOString(),
    municipalityId: a.municipality_id,
    status: a.status as ApplicationStatus,
    epguCode: epguCode(a.status as ApplicationStatus, a.desired_on <= day),
    desiredOn: a.desired_on,
    child: find(a.child_id),
    applicant: find(a.applicant_id),
    preferences: preferences.map((p) => ({
      rank: p.rank,
      organizationId: p.organization_id,
      name: p.short_name,
    })),
    groupFocus: a.group_focus as ApplicationView['groupFocus'],
    impairmentType: a.impairment_type as ApplicationView['impairmentType'],
    pmpkNumber: a.pmpk_number,
    pmpkDate: a.pmpk_date,
    stayMode: a.stay_mode as ApplicationView['stayMode'],
    language: a.language,
    acceptsAlternatives: a.accepts_alternatives,
    transferFromId: a.transfer_from_id,
    rights: rights.map((r) => ({
      id: r.id,
      categoryCode: r.category_code,
      categoryTitle: categoryTitle(r.category_code, r.category_version),
      right: r.right_kind as 'out_of_turn' | 'first',
      documentTitle: r.document_title,
      documentNumber: r.document_number,
      documentIssuedOn: r.document_issued_on,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      status: r.status as 'pending' | 'confirmed' | 'rejected',
      decisionReason: r.decision_reason,
    })),
    events: events.map((e) => ({
      id: String(e.id),
      at: new Date(e.at).toISOString(),
      kind: e.kind,
      status: e.status as ApplicationStatus,
      reason: e.reason,
    })),
    version: a.version,
  };
}

/** One application for an operator of its municipality (or the region); audited with both persons. */
export async function readApplication(ctx: Ctx, id: string) {
  const view = await withTransaction(ctx.db, async (tx) => {
    await loadApplication(tx, ctx, id, QueueActions['application.read']);
    return readApplicationIn(tx, id, dateInZone(new Date(), ctx.config.timeZone));
  });
  await auditNow(ctx, {
    action: 'application.read',
    objectType: 'preschool_application',
    objectId: id,
    subjectIds: [view.child.id, view.applicant.id],
  });
  return view;
}
