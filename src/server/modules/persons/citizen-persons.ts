import { sql } from 'kysely';
import type { Relation } from '../../../common/person-dictionary.ts';
import type { Grant } from '../../platform/access/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { findExactDuplicate } from './find-duplicates.ts';
import { insertPersonRow, recordCreated } from './insert-person.ts';
import { insertRepresentation } from './link-representative.ts';
import { readPersonCard } from './person-card.ts';
import { bumpPersonVersion, recordLinkAdded } from './record-representation-change.ts';

/** A person as a parent enters them through Госуслуги: the few fields the application needs. */
export type CitizenEnteredPerson = {
  lastName: string;
  firstName: string;
  middleName?: string | undefined;
  birthDate: string;
  sex: 'male' | 'female';
  snils?: string | undefined;
  birthCertificate?: { series: string; number: string; issuedOn: string; issuer?: string | undefined };
};

/** How the person is read for its first history version, and the grant its audit row names. */
type Writer = { readGrants: Grant[]; grant: Grant };

const newPerson = (p: CitizenEnteredPerson) => ({
  lastName: p.lastName,
  firstName: p.firstName,
  middleName: p.middleName,
  birthDate: p.birthDate,
  sex: p.sex,
  snils: p.snils,
  // Citizenship is not asked on the form: left unknown rather than guessed from the certificate.
  citizenship: { codes: [], stateless: false },
  documents: p.birthCertificate
    ? [
        {
          type: '03' as const,
          series: p.birthCertificate.series,
          number: p.birthCertificate.number,
          issuedOn: p.birthCertificate.issuedOn,
          issuer: p.birthCertificate.issuer,
        },
      ]
    : [],
  addresses: [],
  contacts: [],
  hardships: [],
});

/**
 * The citizen's own record: found by the СНИЛС ЕСИА confirmed at sign-in, or created from their
 * profile when the registry does not know them yet. The СНИЛС always comes from the session, never
 * from the request.
 */
export async function citizenSelf(
  tx: Tx,
  ctx: Ctx,
  snils: string,
  profile: Omit<CitizenEnteredPerson, 'snils' | 'birthCertificate'> | null,
  w: Writer & { path: string },
): Promise<string> {
  const found = await tx
    .selectFrom('persons')
    .select('id')
    .where('snils', '=', snils)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (found) return found.id;
  if (!profile)
    throw new AppError('validation_failed', 'Сведений о вас в реестре нет: укажите дату рождения и пол', [
      { path: w.path, code: 'required', message: 'Укажите сведения о себе' },
    ]);
  const id = await insertPersonRow(tx, ctx, newPerson({ ...profile, snils }));
  await recordCreated(tx, ctx, w.readGrants, id, w.grant);
  return id;
}

/**
 * A child the citizen represents today that is the child just entered: the same СНИЛС, or the same
 * surname, name and birth date (by the registry's name keys: ё/е, case and spacing do not matter)
 * without a different СНИЛС. Posting the same child twice finds the first one.
 */
async function representedTwin(tx: Tx, representativeId: string, p: CitizenEnteredPerson) {
  const r = await sql<{ id: string }>`
    SELECT c.id FROM representations r JOIN persons c ON c.id = r.learner_id
     WHERE r.representative_id = ${representativeId} AND r.revoked_at IS NULL AND c.status = 'active'
       AND ((${p.snils ?? null}::text IS NOT NULL AND c.snils = ${p.snils ?? null})
         OR (c.birth_date = ${p.birthDate}::date
             AND c.last_name_key = person_name_key(${p.lastName})
             AND c.first_name_key = person_name_key(${p.firstName})
             AND (c.snils IS NULL OR ${p.snils ?? null}::text IS NULL OR c.snils = ${p.snils ?? null})))
     ORDER BY (c.snils IS NOT DISTINCT FROM ${p.snils ?? null}) DESC, c.created_at
     LIMIT 1`.execute(tx);
  return r.rows[0]?.id ?? null;
}

/**
 * The child a parent enters with their application: one they already represent is reused, never
 * doubled; a new one is written with the representation link in the caller's transaction. A СНИЛС or
 * certificate that belongs to someone else in the registry is refused without saying whose (the
 * refusal is audited with the record it met): the parent is sent to the kindergarten or the
 * municipality, who can link them after checking the documents. Near-duplicates by name are left to
 * the region's duplicate report, which the parent cannot be shown.
 */
export async function citizenChild(
  tx: Tx,
  ctx: Ctx,
  input: {
    representativeId: string;
    child: CitizenEnteredPerson;
    relation: Relation;
    authorityDocument?: string | undefined;
    path: string;
  },
  w: Writer,
): Promise<{ id: string; created: boolean }> {
  const twin = await representedTwin(tx, input.representativeId, input.child);
  if (twin) return { id: twin, created: false };
  const p = newPerson(input.child);
  const exact = await findExactDuplicate(tx, p, input.path);
  if (exact) {
    const path = exact.field === 'snils' ? `${input.path}.snils` : `${input.path}.birthCertificate.number`;
    const what = exact.field === 'snils' ? 'с таким СНИЛС' : 'с таким свидетельством о рождении';
    throw new AppError(
      'duplicate_person',
      `Ребёнок ${what} уже есть в реестре, но вы не указаны его законным представителем. Обратитесь в детский сад или в управление образования: вас укажут представителем после проверки документов.`,
      [{ path, code: 'duplicate', message: 'Значение уже принадлежит другой записи' }],
    ).audited('person.duplicate_answer', 'person', exact.personId);
  }
  const id = await insertPersonRow(tx, ctx, p);
  await recordCreated(tx, ctx, w.readGrants, id, w.grant);
  const link = await insertRepresentation(tx, ctx, {
    learnerId: id,
    representativeId: input.representativeId,
    relation: input.relation,
    authorityDocument: input.authorityDocument,
  });
  await bumpPersonVersion(tx, ctx, id);
  const card = (await readPersonCard(tx, id, w.readGrants))!;
  await recordLinkAdded(
    tx,
    ctx,
    card,
    { linkId: link.id, representativeId: input.representativeId, relation: input.relation },
    [id, input.representativeId],
  );
  return { id, created: true };
}
