import { openOwnerDatabase } from '../src/server/main.ts';
import { verifyAuditChain } from '../src/server/platform/audit/verify.ts';
import { loadConfig } from '../src/server/platform/config.ts';

/** `npm run audit:verify`: walks the hash chain; exits 1 naming the first broken record. */
const config = loadConfig();
const { adminUrl, embedded } = await openOwnerDatabase(config);
let code = 0;
try {
  const r = await verifyAuditChain(adminUrl);
  if (r.ok) {
    console.warn(
      `Журнал аудита цел: проверено записей ${r.checked}${r.lastId ? `, последняя ${r.lastId}` : ''}`,
    );
  } else {
    console.error(`Журнал аудита нарушен: запись ${r.brokenId} (${r.reason}); до нее проверено ${r.checked}`);
    code = 1;
  }
} finally {
  await embedded?.stop();
}
process.exit(code);
