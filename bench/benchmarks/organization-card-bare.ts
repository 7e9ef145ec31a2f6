import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { CapturedQuery } from '../harness/capture.ts';

// The app's withNames() in organizations.queries.ts alone: the row and the names it refers to, without the
// covering scope node and the branches the card's statement also selects.
const ROW_SQL = `
  SELECT o.*, t.name AS territory_name, p.short_name AS parent_name, s.short_name AS successor_name
    FROM organizations o
    JOIN territories t ON t.id = o.territory_id
    LEFT JOIN organizations p ON p.id = o.parent_organization_id
    LEFT JOIN organizations s ON s.id = o.successor_organization_id
   WHERE o.id = $1`;

type IdParams = { Params: { id: string } };

/**
 * /organizations/:id is the baseline: the statement the app sent for `sampleId`, re-run with the requested
 * id in its place, row as JSON. /organizations/:id/row is a diagnostic: the row query alone.
 */
export function registerBareRoutes(
  app: FastifyInstance,
  pool: pg.Pool,
  card: CapturedQuery,
  sampleId: string,
) {
  const idAt = card.values.flatMap((v, i) => (v === sampleId ? [i] : []));
  app.get<IdParams>('/organizations/:id', async (req, reply) => {
    const values = [...card.values];
    for (const i of idAt) values[i] = req.params.id;
    const r = await pool.query(card.text, values);
    return r.rows[0] ?? reply.code(404).send({ error: 'not found' });
  });
  app.get<IdParams>('/organizations/:id/row', async (req, reply) => {
    const r = await pool.query(ROW_SQL, [req.params.id]);
    return r.rows[0] ?? reply.code(404).send({ error: 'not found' });
  });
}
