/** Opaque keyset cursors: base64url of the JSON sort key of the last row. */
export const encodeCursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string, arity: number): string[] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A cursor is client input: only strings PostgreSQL accepts (no NUL) and a real uuid as the tiebreak.
    if (
      !Array.isArray(v) ||
      v.length !== arity ||
      !v.every((x) => typeof x === 'string' && !x.includes('\0'))
    )
      return null;
    if (!UUID.test(String(v[arity - 1]))) return null;
    return v;
  } catch {
    return null;
  }
}
