import { openOwnerDatabase } from '../src/server/main.ts';
import { verifyAuditChain } from '../src/server/platform/audit/verify.ts';
import { loadConfig } from '../src/server/platform/config.ts';

/**
 * `npm run audit:verify`: walks the hash chain in one snapshot, from the genesis to the head; exits
 * 1 naming the first broken record. On success it prints the head's hash: written down outside the
 * database, it lets a later run show that the log was not replaced as a whole.
 */
const config = loadConfig();
const { adminUrl, embedded } = await openOwnerDatabase(config);
let code = 0;
try {
  const r = await verifyAuditChain(adminUrl);
  if (r.ok) {
    console.warn(
      `Журнал аудита цел: проверено записей ${r.checked}${r.lastId ? `, последняя ${r.lastId}` : ''}; хеш головы цепочки ${r.headHash}`,
    );
  } else {
    console.error(
      `Журнал аудита нарушен: запись ${r.brokenId} — ${r.reason}; до нее проверено записей ${r.checked}`,
    );
    code = 1;
  }
} finally {
  await embedded?.stop();
}
process.exit(code);
