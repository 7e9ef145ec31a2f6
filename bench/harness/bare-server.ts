import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

export type BareServer = { url: string; pool: pg.Pool; close: () => Promise<void> };

/**
 * The baseline side of an API benchmark: a bare Fastify 5 instance on its own port with its own pg.Pool,
 * connected like the app's pool (same URL, same role, same size) but with no plugins, hooks, schemas or
 * query builder. Routes are added by the benchmark through `register`.
 */
export async function startBareServer(
  appPool: pg.Pool,
  register: (app: FastifyInstance, pool: pg.Pool) => void,
): Promise<BareServer> {
  const { connectionString, options, max } = appPool.options;
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    application_name: 'kontingent-bare',
    ...(options ? { options } : {}),
  });
  pool.on('error', () => {});
  const app = Fastify({ logger: false });
  register(app, pool);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
