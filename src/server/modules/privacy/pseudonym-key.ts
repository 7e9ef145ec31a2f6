import { hash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../platform/errors.ts';

const KEY_BYTES = 32;
const PSEUDONYM_HEX_CHARS = 32;

/**
 * The secret of the pseudonymised export. It lives in a file apart from the database (a database
 * dump alone cannot undo the pseudonyms) and is read on every export, so a rotated key takes effect
 * without a restart. A missing file is created once with 32 random bytes, readable by the owner only.
 */
export async function loadPseudonymKey(
  path: string,
  warn: (msg: string) => void = () => {},
): Promise<Buffer> {
  let key: Buffer;
  try {
    key = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw keyUnavailable();
    key = randomBytes(KEY_BYTES);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, key, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process created it first: use that one, so both write the same pseudonyms.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw keyUnavailable();
      key = await readFile(path);
    }
  }
  if (key.length < KEY_BYTES) throw keyUnavailable();
  const mode = (await stat(path)).mode;
  if ((mode & 0o077) !== 0) warn('pseudonym key file is readable by group or others; chmod 600 it');
  return key;
}

const keyUnavailable = () =>
  new AppError('unavailable', 'Ключ псевдонимизации недоступен: обратитесь к администратору системы');

/**
 * HMAC-SHA256 (RFC 2104) of a person id under the key, hex, first 32 characters (128 bits). The
 * padded keys are computed once and each id costs two one-shot hashes: createHmac per row spends
 * ~30 µs setting up a context, which a million-row export would feel.
 */
export function pseudonymizer(key: Buffer): (personId: string) => string {
  const block = Buffer.alloc(64);
  (key.length > 64 ? hash('sha256', key, 'buffer') : key).copy(block);
  const ipad = block.map((b) => b ^ 0x36);
  const opad = block.map((b) => b ^ 0x5c);
  return (personId) => {
    const inner = hash('sha256', Buffer.concat([ipad, Buffer.from(personId)]), 'buffer');
    return hash('sha256', Buffer.concat([opad, inner]), 'hex').slice(0, PSEUDONYM_HEX_CHARS);
  };
}
