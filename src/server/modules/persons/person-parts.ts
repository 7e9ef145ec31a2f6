import type { PersonInput } from '../../../common/schemas/person.ts';
import type { Tx } from '../../platform/db/tx.ts';

type Parts = Pick<PersonInput, 'documents' | 'addresses' | 'contacts' | 'hardships'>;

/**
 * Writes the repeated parts of a person. Addresses, contacts and hardships are replaced as a set;
 * documents are kept with their history: a document missing from the new list is invalidated,
 * never deleted, and one listed with its id stays as it is.
 */
export async function writePersonParts(tx: Tx, personId: string, parts: Partial<Parts>, actorId: string) {
  if (parts.documents) {
    const keep = parts.documents.map((d) => d.id).filter((x): x is string => !!x);
    let q = tx
      .updateTable('person_documents')
      .set({ invalidated_at: new Date(), invalidated_by: actorId })
      .where('person_id', '=', personId)
      .where('invalidated_at', 'is', null);
    if (keep.length) q = q.where('id', 'not in', keep);
    await q.execute();
    const fresh = parts.documents.filter((d) => !d.id);
    if (fresh.length) {
      await tx
        .insertInto('person_documents')
        .values(
          fresh.map((d) => ({
            person_id: personId,
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
        )
        .execute();
    }
  }
  await replaceSet(tx, 'person_addresses', personId, parts.addresses, (a) => ({
    kind: a.kind,
    text: a.text,
    gar_guid: a.garGuid ?? null,
    oktmo: a.oktmo ?? null,
    valid_from: a.validFrom ?? null,
    valid_to: a.validTo ?? null,
  }));
  await replaceSet(tx, 'person_contacts', personId, parts.contacts, (c) => ({
    kind: c.kind,
    value: c.value,
    note: c.note ?? null,
  }));
  await replaceSet(tx, 'person_hardships', personId, parts.hardships, (h) => ({
    category: h.category,
    started_on: h.startedOn,
    ended_on: h.endedOn ?? null,
    note: h.note ?? null,
  }));
}

async function replaceSet<T>(
  tx: Tx,
  table: string,
  personId: string,
  items: T[] | undefined,
  row: (item: T) => Record<string, unknown>,
) {
  if (!items) return;
  await tx
    .deleteFrom(table as never)
    .where('person_id' as never, '=', personId as never)
    .execute();
  if (items.length) {
    await tx
      .insertInto(table as never)
      .values(items.map((i) => ({ person_id: personId, ...row(i) })) as never)
      .execute();
  }
}
