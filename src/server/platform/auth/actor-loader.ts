import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.ts';
import type { DB } from '../db/schema.ts';
import { activeGrants } from './active-grants.ts';

/** Loads a user's active grants with the names of their scope nodes. */
export async function loadActor(
  db: Kysely<DB>,
  userId: string,
  via: Actor['via'],
  method?: Actor['sessionMethod'],
): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'login', 'full_name', 'snils', 'blocked'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.blocked) return null;
  const grants = (await activeGrants(db, [user.id], 'authority')).get(user.id) ?? [];
  return {
    userId: user.id,
    login: user.login,
    fullName: user.full_name,
    snils: user.snils,
    via,
    ...(method ? { sessionMethod: method } : {}),
    grants,
  };
}
