import type pg from 'pg';
import { type GeneratedRegion, loadPersons } from '../../src/generator/index.ts';

/** A pair of person ids the generator made on purpose: a planted duplicate, or twins (two real people). */
export type KnownPair = { a: string; b: string; kind: string };

export type PreparedPersons = {
  /** Persons in the database (any status). */
  persons: number;
  loaded: boolean;
  ms: number;
  /** What the loader was asked for; null when the persons came from elsewhere (then no known pairs). */
  loadedWith: { learners: number; seed: string; duplicateShare: number | null } | null;
};

/**
 * The planted duplicates and the twins are facts of the generation, not of the database; they are kept in
 * a schema of their own next to the data, so a reused database still knows which pairs are the real ones.
 */
const BENCH_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS bench;
  CREATE TABLE IF NOT EXISTS bench.persons_load (
    learners integer NOT NULL, seed text NOT NULL, duplicate_share real, persons integer NOT NULL,
    ms integer NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS bench.known_pairs (
    a uuid NOT NULL, b uuid NOT NULL, kind text NOT NULL, twin boolean NOT NULL);`;

async function savePairs(admin: pg.Client, pairs: KnownPair[], twin: boolean) {
  for (let i = 0; i < pairs.length; i += 5000) {
    const chunk = pairs.slice(i, i + 5000);
    await admin.query(
      `INSERT INTO bench.known_pairs (a, b, kind, twin)
       SELECT a, b, kind, $4 FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(a, b, kind)`,
      [chunk.map((p) => p.a), chunk.map((p) => p.b), chunk.map((p) => p.kind), twin],
    );
  }
}

/**
 * Brings the tables to the state autovacuum keeps a production database in. A bulk load leaves entries in
 * the trigram indexes' pending lists (the loader raises gin_pending_list_limit), which every search scans
 * linearly until a vacuum merges them; and without a vacuum the visibility map is empty, so no index-only
 * scans. After a load: VACUUM ANALYZE; on a reused database, only what a crashed run may have left.
 */
async function settle(admin: pg.Client, loaded: boolean) {
  if (loaded) {
    await admin.query('VACUUM (ANALYZE)');
    return;
  }
  const r = await admin.query<{ pages: string }>(
    `SELECT coalesce(sum(gin_clean_pending_list(i.indexrelid)), 0) AS pages
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
      WHERE i.indrelid = 'persons'::regclass AND a.amname = 'gin'`,
  );
  const pages = Number(r.rows[0]?.pages ?? 0);
  if (pages > 0) console.warn(`persons: merged ${pages} pending pages of the trigram indexes`);
}

/**
 * Loads the region's learners and representatives unless the database already holds persons: a reused
 * database (DATABASE_URL or --keep) is taken as it is, whatever parameters it was loaded with.
 */
export async function preparePersons(
  admin: pg.Client,
  region: GeneratedRegion,
  opts: { learners: number; seed: string; duplicateShare: number | null },
): Promise<PreparedPersons> {
  const started = performance.now();
  await admin.query(BENCH_SCHEMA);
  const count = async () =>
    Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM persons')).rows[0]!.n);
  const existing = await count();
  const meta = await admin.query<{ learners: number; seed: string; duplicate_share: number | null }>(
    'SELECT learners, seed, duplicate_share FROM bench.persons_load ORDER BY loaded_at DESC LIMIT 1',
  );
  const recorded = meta.rows[0]
    ? {
        learners: meta.rows[0].learners,
        seed: meta.rows[0].seed,
        duplicateShare: meta.rows[0].duplicate_share,
      }
    : null;
  if (existing > 0) {
    console.warn(`${existing} persons are already in the database: reusing them, nothing loaded`);
    await settle(admin, false);
    return {
      persons: existing,
      loaded: false,
      ms: Math.round(performance.now() - started),
      loadedWith: recorded,
    };
  }
  const loadedWith = { learners: opts.learners, seed: opts.seed, duplicateShare: opts.duplicateShare };
  const result = await loadPersons(admin, region, {
    learners: opts.learners,
    seed: opts.seed,
    ...(opts.duplicateShare === null ? {} : { duplicateShare: opts.duplicateShare }),
  });
  await admin.query('TRUNCATE bench.known_pairs');
  const planted = result.planted.map((p) => ({ a: p.originalId, b: p.duplicateId, kind: p.kind }));
  await savePairs(admin, planted, false);
  await savePairs(
    admin,
    result.twins.map((p) => ({ a: p.firstId, b: p.secondId, kind: 'twins' })),
    true,
  );
  await settle(admin, true);
  const persons = await count();
  const ms = Math.round(performance.now() - started);
  await admin.query(
    'INSERT INTO bench.persons_load (learners, seed, duplicate_share, persons, ms) VALUES ($1, $2, $3, $4, $5)',
    [opts.learners, opts.seed, opts.duplicateShare, persons, ms],
  );
  return { persons, loaded: true, ms, loadedWith };
}

/** The pairs the generator planted or made twins, as saved when the persons were loaded. */
export async function knownPairs(admin: pg.Client): Promise<{ planted: KnownPair[]; twins: KnownPair[] }> {
  const r = await admin.query<KnownPair & { twin: boolean }>(
    'SELECT a::text, b::text, kind, twin FROM bench.known_pairs',
  );
  return {
    planted: r.rows.filter((p) => !p.twin).map(({ a, b, kind }) => ({ a, b, kind })),
    twins: r.rows.filter((p) => p.twin).map(({ a, b, kind }) => ({ a, b, kind })),
  };
}
