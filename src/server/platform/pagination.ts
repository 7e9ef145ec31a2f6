/** Opaque keyset cursors: base64url of the JSON sort key of the last row. */
export const encodeCursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string, arity: number): string[] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== arity || !v.every((x) => typeof x === 'string')) return null;
    if (!/^[0-9a-f-]{36}$/i.test(String(v[arity - 1]))) return null;
    return v;
  } catch {
    return null;
  }
}
