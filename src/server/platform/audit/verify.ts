import pg from 'pg';
import { type AuditEntry, chainHash, entryHash, GENESIS_HASH } from './chain.ts';

export type VerifyResult =
  | { ok: true; checked: number; lastId: string | null; headHash: string }
  | { ok: false; checked: number; brokenId: string; reason: string };

type Row = {
  id: string;
  hash_format: number;
  /** audit_material() of the stored row; only for format 2. */
  material: string | null;
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

const broken = (checked: number, brokenId: string, reason: string): VerifyResult => ({
  ok: false,
  checked,
  brokenId,
  reason,
});

/** The hash a row should carry after prev, recomputed the way its format prescribes. */
function expectedHash(r: Row, prev: string): string {
  if (r.hash_format === 2) return chainHash(prev, r.material!);
  return entryHash(r.id, prev, {
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
}

/**
 * Walks the chain from the genesis to its head and names the first record that does not fit. All
 * of it runs in one REPEATABLE READ snapshot that reads the head first: a writer commits its rows
 * and the head move together, so in that snapshot the rows up to the head are exactly the chain,
 * however many writers are appending meanwhile. Ids may have gaps (a rolled-back append consumes
 * sequence values); the chain may not: every row must link to the hash of the one before it.
 */
export async function verifyAuditChain(url: string, pageSize = 5000): Promise<VerifyResult> {
  const client = new pg.Client({ connectionString: url, application_name: 'kontingent-audit-verify' });
  client.setTypeParser(20, (v: string) => v);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await walk(client, pageSize);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}

async function walk(client: pg.Client, pageSize: number): Promise<VerifyResult> {
  const heads = (
    await client.query<{ id: string; last_hash: string }>(
      'SELECT last_id::text AS id, last_hash FROM audit_chain_head',
    )
  ).rows;
  if (heads.length !== 1) {
    return broken(0, '—', 'голова цепочки (таблица audit_chain_head) отсутствует или подменена');
  }
  const head = heads[0]!;
  let prev = GENESIS_HASH;
  let lastId = '0';
  let checked = 0;
  for (;;) {
    const { rows } = await client.query<Row>(
      `SELECT a.*, CASE WHEN a.hash_format = 2 THEN audit_material(a) END AS material
         FROM audit_log a WHERE a.id > $1::bigint AND a.id <= $2::bigint ORDER BY a.id LIMIT $3`,
      [lastId, head.id, pageSize],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return broken(
          checked,
          r.id,
          checked === 0
            ? 'первая запись журнала не начинает цепочку: записи перед ней удалены или подменены'
            : `запись не продолжает цепочку после записи ${lastId}: записи между ними удалены или подменены`,
        );
      }
      if (expectedHash(r, prev) !== r.hash) {
        return broken(checked, r.id, 'содержимое записи не совпадает с ее хешем: запись изменена');
      }
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  if (head.id === '0' && checked === 0 && head.last_hash !== GENESIS_HASH) {
    return broken(0, head.id, 'голова пустой цепочки не совпадает с начальной: журнал подменен');
  }
  if (lastId !== head.id || prev !== head.last_hash) {
    return broken(
      checked,
      head.id,
      checked === 0
        ? `журнал пуст, а голова цепочки указывает на запись ${head.id}: записи удалены`
        : `голова цепочки указывает на запись ${head.id}, а цепочка обрывается на записи ${lastId}: записи в конце журнала удалены`,
    );
  }
  const stray = (
    await client.query<{ id: string }>('SELECT min(id)::text AS id FROM audit_log WHERE id > $1::bigint', [
      head.id,
    ])
  ).rows[0]?.id;
  if (stray) {
    return broken(
      checked,
      stray,
      `запись стоит после головы цепочки (${head.id}): добавлена в обход цепочки`,
    );
  }
  return { ok: true, checked, lastId: checked > 0 ? lastId : null, headHash: head.last_hash };
}
