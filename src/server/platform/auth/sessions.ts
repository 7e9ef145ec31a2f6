import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.ts';
import type { DB } from '../db/schema.ts';
import { loadActor } from './actor-loader.ts';

export const SESSION_COOKIE = 'kt_session';
const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

type Cached = { actor: Actor; csrfToken: string; at: number; lastSeen: number; expiresAt: number };

/**
 * Sessions live in PostgreSQL; only the SHA-256 of the cookie value is stored. A few seconds of
 * in-process cache keep a session lookup off the hot path; logout and role changes evict it.
 */
export class SessionStore {
  #db: Kysely<DB>;
  #idleMs: number;
  #absoluteMs: number;
  #cache = new Map<string, Cached>();

  constructor(db: Kysely<DB>, idleMs: number, absoluteMs: number) {
    this.#db = db;
    this.#idleMs = idleMs;
    this.#absoluteMs = absoluteMs;
  }

  async create(userId: string, method: 'password' | 'esia', ip: string | null) {
    const token = randomToken();
    const csrfToken = randomToken(24);
    await this.#db
      .insertInto('sessions')
      .values({
        id_hash: sha256(token),
        user_id: userId,
        csrf_token: csrfToken,
        auth_method: method,
        expires_at: new Date(Date.now() + this.#absoluteMs),
        last_seen_at: new Date(),
        ip,
      })
      .execute();
    return { token, csrfToken };
  }

  async resolve(token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
    const idHash = sha256(token);
    const now = Date.now();
    const hit = this.#cache.get(idHash);
    if (hit && now - hit.at < CACHE_MS && now - hit.lastSeen < this.#idleMs && now < hit.expiresAt) {
      return { actor: hit.actor, csrfToken: hit.csrfToken };
    }
    const row = await this.#db
      .selectFrom('sessions')
      .select(['user_id', 'csrf_token', 'auth_method', 'last_seen_at', 'expires_at', 'revoked_at'])
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row || row.revoked_at || row.expires_at.getTime() <= now) return this.#drop(idHash);
    if (now - row.last_seen_at.getTime() >= this.#idleMs) return this.#drop(idHash);
    const actor = await loadActor(this.#db, row.user_id, 'session', row.auth_method);
    if (!actor) return this.#drop(idHash);
    let lastSeen = row.last_seen_at.getTime();
    if (now - lastSeen > TOUCH_MS) {
      await this.#db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(now) })
        .where('id_hash', '=', idHash)
        .execute();
      lastSeen = now;
    }
    this.#cache.set(idHash, {
      actor,
      csrfToken: row.csrf_token,
      at: now,
      lastSeen,
      expiresAt: row.expires_at.getTime(),
    });
    if (this.#cache.size > 50_000) this.#cache.clear();
    return { actor, csrfToken: row.csrf_token };
  }

  async revoke(token: string): Promise<void> {
    const idHash = sha256(token);
    await this.#db
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('id_hash', '=', idHash)
      .execute();
    // Evicted after the write: a lookup racing the logout can no longer cache the live row again.
    this.#cache.delete(idHash);
  }

  /**
   * After a role change or block, the user's cached sessions must re-read their grants. Call it
   * once the change has committed (afterCommit): evicted earlier, a concurrent lookup would cache
   * the old grants again from the not yet committed state.
   */
  forgetUser(userId: string): void {
    for (const [k, v] of this.#cache) if (v.actor.userId === userId) this.#cache.delete(k);
  }

  #drop(idHash: string): null {
    this.#cache.delete(idHash);
    return null;
  }
}
