import { randomUUID } from 'node:crypto';
import { auditEntry, type Ctx } from '../../platform/context.ts';
import { auditAtCommit, type Tx } from '../../platform/db/tx.ts';
import { diff } from '../../platform/history.ts';
import { personSnapshot, readPersonCards } from '../persons/person-card.ts';
import type { Placement } from './chunk-lookups.ts';
import type { ParsedRow } from './parse-row.ts';
import type { ImportTarget } from './write-row.ts';

export type NewLearner = { index: number; parsed: ParsedRow; placement: Placement };
export type Written = { personId: string; representativeId: string | null };

type NewPerson = ParsedRow['learner'] | NonNullable<ParsedRow['representative']>;

/** Person rows and their documents, addresses and contacts: one statement per table. */
async function insertPersons(tx: Tx, actorId: string, people: { id: string; p: NewPerson }[]) {
  await tx
    .insertInto('persons')
    .values(
      people.map(({ id, p }) => ({
        id,
        last_name: p.lastName,
        first_name: p.firstName,
        middle_name: p.middleName ?? null,
        birth_date: p.birthDate,
        birth_place: p.birthPlace ?? null,
        sex: p.sex,
        citizenship_codes: p.citizenship.codes,
        stateless: p.citizenship.stateless,
        snils: p.snils ?? null,
        created_by: actorId,
        updated_by: actorId,
      })),
    )
    .execute();
  const documents = people.flatMap(({ id, p }) =>
    p.documents.map((d) => ({
      person_id: id,
      type: d.type,
      series: d.series ?? null,
      number: d.number,
      issued_on: d.issuedOn ?? null,
      issuer: d.issuer ?? null,
      issuer_code: d.issuerCode ?? null,
      act_record_number: d.actRecordNumber ?? null,
      valid_until: d.validUntil ?? null,
      created_by: actorId,
    })),
  );
  if (documents.length) await tx.insertInto('person_documents').values(documents).execute();
  const addresses = people.flatMap(({ id, p }) =>
    (p.addresses ?? []).map((a) => ({
      person_id: id,
      kind: a.kind,
      text: a.text,
      gar_guid: a.garGuid ?? null,
      oktmo: a.oktmo ?? null,
      valid_from: a.validFrom ?? null,
      valid_to: a.validTo ?? null,
    })),
  );
  if (addresses.length) await tx.insertInto('person_addresses').values(addresses).execute();
  const contacts = people.flatMap(({ id, p }) =>
    (p.contacts ?? []).map((c) => ({ person_id: id, kind: c.kind, value: c.value, note: c.note ?? null })),
  );
  if (contacts.length) await tx.insertInto('person_contacts').values(contacts).execute();
}

/** The cards of persons just written, as the uploader reads them: each must be there. */
async function cardsOf(tx: Tx, t: ImportTarget, ids: string[]) {
  const cards = await readPersonCards(tx, ids, t.grants);
  return (id: string) => {
    const card = cards.get(id);
    if (!card) throw new Error('A person written by the import has no card in the uploader’s scope');
    return card;
  };
}

/**
 * Learners the region does not have yet, with their representatives when the row names one, written
 * for a whole chunk at once with what writeRow writes for one: the persons with their documents,
 * addresses and contacts, the enrollment with its placement, the representation with the learner's
 * version bumped, the history versions read back from the cards, and the audit records. One statement
 * per table keeps the statement triggers (scope, cards, change feed) to one run per chunk instead of
 * one per row.
 */
export async function writeNewLearners(
  tx: Tx,
  ctx: Ctx,
  t: ImportTarget,
  rows: NewLearner[],
): Promise<Map<number, Written>> {
  const written = new Map<number, Written>();
  if (rows.length === 0) return written;
  const actorId = ctx.actor!.userId;
  const learners = rows.map((r) => ({ ...r, personId: randomUUID(), enrollmentId: randomUUID() }));
  await insertPersons(
    tx,
    actorId,
    learners.map((l) => ({ id: l.personId, p: l.parsed.learner })),
  );
  await tx
    .insertInto('enrollments')
    .values(
      learners.map((l) => ({
        id: l.enrollmentId,
        person_id: l.personId,
        organization_id: t.organizationId,
        programme_id: l.placement.programmeId,
        started_on: l.parsed.startedOn,
        created_by: actorId,
      })),
    )
    .execute();
  await tx
    .insertInto('placements')
    .values(
      learners.map((l) => ({
        enrollment_id: l.enrollmentId,
        unit_id: l.placement.unitId,
        valid_from: l.placement.from,
      })),
    )
    .execute();
  // The first version is the card as the enrollment leaves it, as recordCreated writes it for one.
  const learnerCard = await cardsOf(
    tx,
    t,
    learners.map((l) => l.personId),
  );
  const history = learners.map((l) => created(l.personId, personSnapshot(learnerCard(l.personId)), actorId));
  const audit = learners.flatMap((l) => [
    auditEntry(ctx, {
      action: 'person.enroll',
      objectType: 'person',
      objectId: l.personId,
      subjectIds: [l.personId],
      grant: t.grant,
      details: { enrollmentId: l.enrollmentId, organizationId: t.organizationId, importId: t.id },
    }),
    auditEntry(ctx, {
      action: 'person.create',
      objectType: 'person',
      objectId: l.personId,
      subjectIds: [l.personId],
      grant: t.grant,
    }),
  ]);

  const links = learners.flatMap((l) =>
    l.parsed.representative
      ? [{ learner: l, rep: l.parsed.representative, repId: randomUUID(), linkId: randomUUID() }]
      : [],
  );
  if (links.length) {
    await insertPersons(
      tx,
      actorId,
      links.map((k) => ({ id: k.repId, p: k.rep })),
    );
    await tx
      .insertInto('representations')
      .values(
        links.map((k) => ({
          id: k.linkId,
          learner_id: k.learner.personId,
          representative_id: k.repId,
          relation: k.rep.relation,
          authority_document: k.rep.authorityDocument ?? null,
          created_by: actorId,
        })),
      )
      .execute();
    // As any link, a version of the learner's record: its history says the representative was added.
    await tx
      .updateTable('persons')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date(), updated_by: actorId }))
      .where(
        'id',
        'in',
        links.map((k) => k.learner.personId),
      )
      .execute();
    const card = await cardsOf(tx, t, [
      ...links.map((k) => k.repId),
      ...links.map((k) => k.learner.personId),
    ]);
    for (const k of links) {
      // A new representative enters the uploader's scope through the link.
      history.push(created(k.repId, personSnapshot(card(k.repId)), actorId));
      const learner = card(k.learner.personId);
      const link = { linkId: k.linkId, representativeId: k.repId, relation: k.rep.relation };
      history.push({
        entity_type: 'person',
        entity_id: learner.id,
        version: learner.version,
        action: 'link_representative',
        actor_user_id: actorId,
        changes: JSON.stringify([{ field: 'representative', before: null, after: link }]),
        snapshot: JSON.stringify(personSnapshot(learner)),
      });
      audit.push(
        auditEntry(ctx, {
          action: 'person.create',
          objectType: 'person',
          objectId: k.repId,
          subjectIds: [k.repId],
          grant: t.grant,
        }),
        auditEntry(ctx, {
          action: 'person.link_representative',
          objectType: 'person',
          objectId: learner.id,
          subjectIds: [learner.id, k.repId],
          details: { linkId: k.linkId, relation: k.rep.relation },
        }),
      );
    }
  }
  await tx.insertInto('change_history').values(history).execute();
  await auditAtCommit(tx, audit);
  const repOf = new Map(links.map((k) => [k.learner.index, k.repId]));
  for (const l of learners)
    written.set(l.index, { personId: l.personId, representativeId: repOf.get(l.index) ?? null });
  return written;
}

/** A person's first history version. */
const created = (id: string, after: Record<string, unknown>, actorId: string) => ({
  entity_type: 'person',
  entity_id: id,
  version: 1,
  action: 'create',
  actor_user_id: actorId,
  changes: JSON.stringify(diff(null, after)),
  snapshot: JSON.stringify(after),
});
