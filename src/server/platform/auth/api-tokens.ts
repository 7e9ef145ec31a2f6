import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.ts';
import type { DB } from '../db/schema.ts';
import { loadActor } from './actor-loader.ts';
import { sha256 } from './sessions.ts';

export const API_TOKEN_PREFIX = 'kt_';
const CACHE_MS = 5_000;

/** Bearer tokens of integration clients; stored as SHA-256, resolved to the service user's grants. */
export class ApiTokenStore {
  #db: Kysely<DB>;
  #cache = new Map<string, { actor: Actor; tokenId: string; at: number }>();

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** fresh: the use was recorded now (first use, or the first in a minute), so it is audited. */
  async resolve(token: string): Promise<{ actor: Actor; tokenId: string; fresh: boolean } | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
    const hash = sha256(token);
    const now = Date.now();
    const hit = this.#cache.get(hash);
    if (hit && now - hit.at < CACHE_MS) return { ...hit, fresh: false };
    const row = await this.#db
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'expires_at', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now)) {
      this.#cache.delete(hash);
      return null;
    }
    const actor = await loadActor(this.#db, row.user_id, 'token');
    if (!actor) return null;
    const fresh = !row.last_used_at || now - row.last_used_at.getTime() > 60_000;
    if (fresh) {
      await this.#db
        .updateTable('api_tokens')
        .set({ last_used_at: new Date(now) })
        .where('id', '=', row.id)
        .execute();
    }
    const entry = { actor, tokenId: row.id, at: now };
    this.#cache.set(hash, entry);
    return { ...entry, fresh };
  }

  /** Drops every cached token; call it once the change has committed (afterCommit), as forgetUser. */
  forget(): void {
    this.#cache.clear();
  }
}
