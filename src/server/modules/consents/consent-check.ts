import { type Kysely, sql } from 'kysely';
import type { ConsentPurposeCode } from '../../../common/consent-purposes.ts';
import type { DB } from '../../platform/db/schema.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Whether the person (or a representative on the person's behalf) has a consent for the purpose in
 * force on the date: given on or before it and not revoked by then. A consent revoked on a day no
 * longer covers that day.
 */
export async function hasActiveConsent(
  db: Kysely<DB>,
  personId: string,
  purpose: ConsentPurposeCode,
  onDate: string = today(),
): Promise<boolean> {
  const r = await db
    .selectFrom('consents')
    .select(sql<number>`1`.as('one'))
    .where('subject_id', '=', personId)
    .where('purpose', '=', purpose)
    .where('given_on', '<=', onDate)
    .where((eb) => eb.or([eb('revoked_on', 'is', null), eb('revoked_on', '>', onDate)]))
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** The data categories covered by the person's consents for the purpose in force on the date. */
export async function consentedCategories(
  db: Kysely<DB>,
  personId: string,
  purpose: ConsentPurposeCode,
  onDate: string = today(),
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('consents')
    .select('scope')
    .where('subject_id', '=', personId)
    .where('purpose', '=', purpose)
    .where('given_on', '<=', onDate)
    .where((eb) => eb.or([eb('revoked_on', 'is', null), eb('revoked_on', '>', onDate)]))
    .execute();
  return new Set(rows.flatMap((r) => r.scope));
}
