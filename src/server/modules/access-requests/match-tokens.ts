import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/** How long a match token from a duplicate answer can be turned into an access request. */
export const MATCH_TOKEN_TTL_MINUTES = 60;

const hash = (token: string) => createHash('sha256').update(token).digest();

/**
 * One opaque token per person, for a duplicate answer about records outside the caller's scope:
 * the caller can act on the match (ask for access, or state that it is another person) without
 * learning who it is. Only the hash is stored; the token is bound to the user and expires.
 */
export async function issueMatchTokens(
  db: Kysely<DB>,
  userId: string,
  personIds: string[],
): Promise<Map<string, string>> {
  const tokens = new Map(personIds.map((id) => [id, randomBytes(32).toString('base64url')]));
  if (tokens.size === 0) return tokens;
  const expires = new Date(Date.now() + MATCH_TOKEN_TTL_MINUTES * 60_000);
  await db
    .insertInto('match_tokens')
    .values(
      [...tokens].map(([personId, token]) => ({
        token_hash: hash(token),
        user_id: userId,
        person_id: personId,
        expires_at: expires,
      })),
    )
    .execute();
  return tokens;
}

/**
 * Spends a token: the person it stands for, once, for the user it was issued to and before it
 * expires; null otherwise. One statement, so two concurrent uses cannot both succeed.
 */
export async function spendMatchToken(db: Kysely<DB>, userId: string, token: string): Promise<string | null> {
  const r = await sql<{ person_id: string }>`
    UPDATE match_tokens SET used_at = now()
     WHERE token_hash = ${hash(token)} AND user_id = ${userId} AND used_at IS NULL AND expires_at > now()
     RETURNING person_id`.execute(db);
  return r.rows[0]?.person_id ?? null;
}
