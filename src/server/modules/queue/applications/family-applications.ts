import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { ApplicationView } from './applications.schemas.ts';
import { readApplicationIn } from './read-application.ts';

/**
 * The applications a parent follows: those they filed and those of the children they represent,
 * newest first, each with its municipality's name. The caller has resolved the persons (the citizen's
 * own record and their children today); nothing else widens the list.
 */
export async function familyApplications(
  db: Kysely<DB>,
  selfId: string,
  childIds: string[],
  today: string,
): Promise<(ApplicationView & { municipalityName: string })[]> {
  const rows = await db
    .selectFrom('preschool_applications as a')
    .innerJoin('territories as t', 't.id', 'a.municipality_id')
    .select(['a.id', 't.name'])
    .where((eb) =>
      eb.or([
        eb('a.applicant_id', '=', selfId),
        ...(childIds.length > 0 ? [eb('a.child_id', 'in', childIds)] : []),
      ]),
    )
    .orderBy('a.registered_at', 'desc')
    .orderBy('a.id')
    .execute();
  const out = [];
  for (const r of rows) out.push({ ...(await readApplicationIn(db, r.id, today)), municipalityName: r.name });
  return out;
}
