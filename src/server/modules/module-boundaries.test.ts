import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULES = resolve(import.meta.dirname);
const routeFiles = readdirSync(MODULES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.routes.ts'))
  .map((f) => ({ name: f, text: readFileSync(join(MODULES, f), 'utf8') }));

describe('module boundaries', () => {
  it('routes read a person only through the scoped gateway (readPerson), never load and audit by hand', () => {
    const byHand = routeFiles
      .filter((f) => /\bloadPersonCard\b|\breadPersonCard\b/.test(f.text))
      .map((f) => f.name);
    expect(routeFiles.length).toBeGreaterThan(10);
    expect(byHand).toEqual([]);
  });

  it('a policy file defines only actions its own module checks', () => {
    const files = readdirSync(MODULES, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    const foreign = files
      .filter((f) => f.endsWith('.policy.ts'))
      .flatMap((policy) => {
        const module = policy.split('/')[0]!;
        const text = readFileSync(join(MODULES, policy), 'utf8');
        const own = files
          .filter((f) => f.startsWith(`${module}/`) && f !== policy && !f.endsWith('.test.ts'))
          .map((f) => readFileSync(join(MODULES, f), 'utf8'))
          .join('\n');
        return [...text.matchAll(/^\s*'([a-zA-Z_]+\.[a-zA-Z_]+)':/gm)]
          .map((m) => m[1]!)
          .filter((action) => !own.includes(`'${action}'`))
          .map((action) => `${policy}: ${action}`);
      });
    expect(foreign).toEqual([]);
  });
});
