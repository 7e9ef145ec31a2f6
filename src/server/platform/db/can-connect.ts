import pg from 'pg';

/** Whether a connection with these credentials opens within the time given; never throws. */
export async function canConnect(url: string, timeoutMs: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}
