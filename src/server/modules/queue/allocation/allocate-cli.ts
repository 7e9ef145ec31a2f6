import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { allocate, resultJson, sha256 } from './allocate.ts';
import { allocationSnapshotSchema, crossCheckSnapshot, type SnapshotIssue } from './snapshot.ts';

export type CliIo = { error: (line: string) => void; out: (text: string) => void };

const USAGE = 'Использование: npm run allocate -- --input snapshot.json [--out result.json]';
const SHOWN = 20;

const pathText = (path: readonly PropertyKey[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '') || '(корень)';

/**
 * `npm run allocate`: recomputes an allocation run from its exported snapshot alone, with no database, so
 * anyone can check the registry's result. Exit 0 with the canonical result, 2 for bad arguments or a
 * malformed snapshot (each problem named with its path), never a stack trace.
 */
export async function runAllocateCli(argv: string[], io: CliIo): Promise<number> {
  let values: { input?: string | undefined; out?: string | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { input: { type: 'string' }, out: { type: 'string' } } }));
  } catch (e) {
    io.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.input) {
    io.error(`Не указан файл снимка.\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(values.input, 'utf8');
  } catch (e) {
    io.error(`Не удалось прочитать ${values.input}: ${(e as NodeJS.ErrnoException).code ?? 'ошибка чтения'}`);
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    io.error(`Снимок не является JSON: ${(e as Error).message}`);
    return 2;
  }
  const parsed = allocationSnapshotSchema.safeParse(raw);
  const issues: SnapshotIssue[] = parsed.success
    ? crossCheckSnapshot(parsed.data)
    : parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
  if (!parsed.success || issues.length > 0) {
    io.error(`Снимок не прошел проверку (${issues.length}):`);
    for (const i of issues.slice(0, SHOWN)) io.error(`  ${pathText(i.path)}: ${i.message}`);
    if (issues.length > SHOWN) io.error(`  … и еще ${issues.length - SHOWN}`);
    return 2;
  }
  const started = performance.now();
  const result = allocate(parsed.data, sha256(text));
  const json = resultJson(result);
  if (values.out) {
    try {
      await writeFile(values.out, json);
    } catch (e) {
      io.error(`Не удалось записать ${values.out}: ${(e as NodeJS.ErrnoException).code ?? 'ошибка записи'}`);
      return 2;
    }
  } else io.out(json);
  const { applications, placed, offered, unplaced } = result.stats;
  io.error(
    `Заявлений ${applications}: направлено ${placed}, предложено иных ДОО ${offered}, без места ${unplaced}; ` +
      `расчет ${Math.round(performance.now() - started)} мс; SHA-256 снимка ${result.inputSha256}`,
  );
  return 0;
}
