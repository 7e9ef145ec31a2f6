import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHAPE,
  generateAllocationSnapshot,
} from '../../../../generator/queue/allocation-snapshot.ts';
import { createRandom } from '../../../../generator/random.ts';
import { canonicalJson } from './allocate.ts';
import { runAllocateCli } from './allocate-cli.ts';
import { allocationSnapshotSchema, crossCheckSnapshot } from './snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'allocate-cli-'));
async function cli(args: string[]) {
  const errors: string[] = [];
  const out: string[] = [];
  const code = await runAllocateCli(args, { error: (l) => errors.push(l), out: (t) => out.push(t) });
  return { code, stderr: errors.join('\n'), stdout: out.join('') };
}
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('npm run allocate', () => {
  const snapshot = generateAllocationSnapshot(createRandom('cli-test'), {
    ...DEFAULT_SHAPE,
    applications: 2000,
    kindergartens: 40,
  });

  it('the generator writes a snapshot the format accepts', () => {
    const parsed = allocationSnapshotSchema.parse(snapshot);
    expect(crossCheckSnapshot(parsed)).toEqual([]);
    expect(parsed.applications.some((a) => a.current)).toBe(true);
    expect(parsed.applications.some((a) => a.right === 'out_of_turn')).toBe(true);
  });

  it('recomputes a run from the exported snapshot byte for byte, and names the snapshot by its hash', async () => {
    const input = file('snapshot.json', canonicalJson(snapshot));
    const first = await cli(['--input', input, '--out', join(dir, 'a.json')]);
    const second = await cli(['--input', input]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
    const result = JSON.parse(second.stdout);
    expect(result.stats.placed).toBeGreaterThan(0);
    expect(result.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.stderr).toContain(result.inputSha256);
  });

  it('refuses a malformed snapshot with exit code 2 and every problem by its path, never a stack trace', async () => {
    const bad = structuredClone(snapshot);
    const app = bad.applications[0] as (typeof bad.applications)[number];
    app.preferences = ['kg-0001', 'kg-0001', 'kg-9999'];
    (bad.applications[1] as { birthDate: string }).birthDate = '2025-02-30';
    const r = await cli(['--input', file('bad.json', JSON.stringify(bad))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('applications[1].birthDate');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const dup = await cli(['--input', file('dup.json', JSON.stringify({ ...bad, applications: [app] }))]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('applications[0].preferences[1]: ДОО указана в списке дважды');
    expect(dup.stderr).toContain('applications[0].preferences[2]: Нет такой ДОО в снимке');
  });

  it('answers bad arguments and unreadable files with exit code 2', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--nonsense'])).code).toBe(2);
    expect((await cli(['--input', join(dir, 'missing.json')])).stderr).toContain('ENOENT');
    const notJson = await cli(['--input', file('x.json', '{"referenceDate": ')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('не является JSON');
    expect((await cli(['--input', file('arr.json', '[]')])).code).toBe(2);
  });
});
