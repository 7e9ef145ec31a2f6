import type pg from 'pg';
import { CLASS_TYPE_SQL } from '../../src/generator/histories/class-type.ts';
import { GROUP_ATTRIBUTES_SQL } from '../../src/generator/histories/group-attributes.ts';
import { type GeneratedRegion, loadHistories } from '../../src/generator/index.ts';

export type PreparedHistories = { movements: number; loaded: boolean; ms: number };

/**
 * Loads the education histories of the region's learners unless the database already has orders: a
 * reused database (DATABASE_URL or --keep) is taken as it is. After a load, VACUUM ANALYZE, for the same
 * reason as after the persons (visibility map, statistics).
 */
export async function prepareHistories(
  admin: pg.Client,
  region: GeneratedRegion,
  seed: string,
): Promise<PreparedHistories> {
  const started = performance.now();
  const count = async () =>
    Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM movements')).rows[0]!.n);
  const existing = await count();
  if (existing > 0) {
    console.warn(`${existing} movements are already in the database: reusing the histories, nothing loaded`);
    // Histories loaded before the generator gave classes a type and a shift get them by the same rule.
    const typed = await admin.query(CLASS_TYPE_SQL);
    if (typed.rowCount) {
      console.warn(`${typed.rowCount} classes of the reused histories given their type and shift`);
      await admin.query('ANALYZE units');
    }
    // And groups loaded before they carried a направленность, an impairment and a stay mode (85-К section 4).
    const grouped = await admin.query(GROUP_ATTRIBUTES_SQL);
    if (grouped.rowCount) {
      console.warn(`${grouped.rowCount} groups of the reused histories given their focus and stay mode`);
      await admin.query('ANALYZE units');
    }
    return { movements: existing, loaded: false, ms: Math.round(performance.now() - started) };
  }
  const loaded = await loadHistories(admin, region, { seed });
  console.warn(`histories loaded: ${JSON.stringify(loaded)}`);
  await admin.query('VACUUM (ANALYZE)');
  return { movements: await count(), loaded: true, ms: Math.round(performance.now() - started) };
}
