import type pg from 'pg';
import { type GeneratedRegion, generateRegion, loadRegion } from '../../src/generator/index.ts';

export type PreparedRegion = {
  region: GeneratedRegion;
  rootTerritoryId: string;
  loaded: boolean;
  organizations: number;
  ms: number;
};

/**
 * Generates the region and loads it, unless a DATABASE_URL database already holds it: then it is reused as
 * is (a re-run against a prepared database skips the load). Benchmarks read ids from the database, not from
 * the generated arrays, so a reused region with other parameters still gives valid requests.
 */
export async function prepareRegion(
  admin: pg.Client,
  learners: number,
  seed: string,
): Promise<PreparedRegion> {
  const started = performance.now();
  const region = generateRegion({ learners, seed });
  const root = region.territories.find((t) => t.kind === 'region');
  if (!root?.oktmo) throw new Error('generated region has no region territory');
  const existing = await admin.query<{ id: string }>('SELECT id FROM territories WHERE oktmo = $1', [
    root.oktmo,
  ]);
  let loaded = false;
  if (existing.rows[0]) {
    console.warn(`region ${root.oktmo} is already in the database: reusing it, nothing loaded`);
  } else {
    await loadRegion(admin, region);
    loaded = true;
  }
  // Fresh tables have no statistics; without ANALYZE the first plans are guesses.
  await admin.query('ANALYZE');
  const count = await admin.query<{ n: string }>('SELECT count(*) AS n FROM organizations');
  return {
    region,
    rootTerritoryId: existing.rows[0]?.id ?? root.id,
    loaded,
    organizations: Number(count.rows[0]?.n ?? 0),
    ms: Math.round(performance.now() - started),
  };
}
