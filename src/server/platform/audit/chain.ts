import { createHash } from 'node:crypto';

export type AuditEntry = {
  at: Date;
  actorUserId: string | null;
  actorRole: string | null;
  scopeNodeId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'denied' | 'failure';
  requestId: string | null;
  ip: string | null;
  subjectIds: string[] | null;
  details: Record<string, unknown> | null;
};

export const GENESIS_HASH = '0'.repeat(64);

/** Key-sorted JSON, so the hash does not depend on how jsonb reorders object keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Format 1 (rows written before migration 0011): canonical JSON of every field of an entry after
 * its id, as the application spelled it, without the opening bracket. Kept only to verify those
 * rows; new rows are hashed over audit_material(), computed by PostgreSQL from the stored values.
 */
export function entryTail(e: AuditEntry): string {
  return canonicalJson([
    e.at.toISOString(),
    e.actorUserId,
    e.actorRole,
    e.scopeNodeId,
    e.action,
    e.objectType,
    e.objectId,
    e.outcome,
    e.requestId,
    e.ip,
    e.subjectIds,
    e.details,
  ]).slice(1);
}

/** Format 1: hash(n) = sha256(hash(n-1) | canonical JSON of [id, every field of row n]). */
export function entryHash(id: string, prevHash: string, e: AuditEntry): string {
  return chainHash(prevHash, `[${JSON.stringify(id)},${entryTail(e)}`);
}

/** Format 2: hash(n) = sha256(hash(n-1) | audit_material(row n)), the material read from PostgreSQL. */
export function chainHash(prevHash: string, material: string): string {
  return createHash('sha256').update(prevHash).update('|').update(material).digest('hex');
}
