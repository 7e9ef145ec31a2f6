import pg from 'pg';
import { type AuditEntry, entryHash, GENESIS_HASH } from './chain.ts';

export type VerifyResult =
  | { ok: true; checked: number; lastId: string | null }
  | { ok: false; checked: number; brokenId: string; reason: string };

type Row = {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  scope_node_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: AuditEntry['outcome'];
  request_id: string | null;
  ip: string | null;
  subject_ids: string[] | null;
  details: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
};

/** Walks the whole chain in id order, in pages, and names the first record that does not fit. */
export async function verifyAuditChain(url: string, pageSize = 5000): Promise<VerifyResult> {
  const client = new pg.Client({ connectionString: url, application_name: 'kontingent-audit-verify' });
  client.setTypeParser(20, (v: string) => v);
  await client.connect();
  try {
    let prev = GENESIS_HASH;
    let lastId = '0';
    let checked = 0;
    for (;;) {
      const { rows } = await client.query<Row>(
        'SELECT * FROM audit_log WHERE id > $1::bigint ORDER BY id LIMIT $2',
        [lastId, pageSize],
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        if (r.prev_hash !== prev) {
          return { ok: false, checked, brokenId: r.id, reason: 'link to the previous record is broken' };
        }
        const expected = entryHash(r.id, prev, {
          at: r.at,
          actorUserId: r.actor_user_id,
          actorRole: r.actor_role,
          scopeNodeId: r.scope_node_id,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          outcome: r.outcome,
          requestId: r.request_id,
          ip: r.ip,
          subjectIds: r.subject_ids,
          details: r.details,
        });
        if (expected !== r.hash) {
          return { ok: false, checked, brokenId: r.id, reason: 'record content does not match its hash' };
        }
        prev = r.hash;
        lastId = r.id;
        checked++;
      }
    }
    const head = (await client.query('SELECT last_id::text AS id, last_hash FROM audit_chain_head')).rows[0];
    if (head && checked > 0 && (head.id !== lastId || head.last_hash !== prev)) {
      return { ok: false, checked, brokenId: head.id, reason: 'records at the end of the chain are missing' };
    }
    return { ok: true, checked, lastId: checked > 0 ? lastId : null };
  } finally {
    await client.end();
  }
}
