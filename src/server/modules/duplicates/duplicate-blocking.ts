import { sql } from 'kysely';

/**
 * Pairs below this score are not stored. A true duplicate with one distorted part (a typo, ё/е, Latin
 * spelling of one part) keeps the other parts exact, so it scores ≥ 0.85 without a patronymic and ≥ 0.9
 * with one; 0.8 leaves room for two mild distortions, while the 0.7–0.8 band that person_name_score also
 * admits holds pairs whose every part is only loosely alike, which are mostly different people.
 */
export const REPORT_MIN_SCORE = 0.8;

/**
 * One partition of the report: persons whose birth date falls in the partition, as one INSERT … SELECT.
 *
 * Blocking: each active person gets the keys (birth date, sex, first 3 letters of the last-name key) and
 * (birth date, sex, first 3 letters of the first-name key) — one key column for both, so a record with
 * first and last name swapped meets the original through both keys, and a typo in one part still meets it
 * through the other. Planted and real duplicates keep the sex; putting it in the key halves the blocks and
 * keeps boy–girl twins (Евгений/Евгения) apart. Blocks are built by one sort on a bigint key and
 * array_agg, and the pairs of each block are enumerated inside it: no self-join over millions of rows.
 * A pair sharing both keys is emitted from the smaller shared key only, so no pair appears twice.
 *
 * Scoring: person_name_score is a SQL function with a CTE, which PostgreSQL cannot inline (~10 µs a
 * call against ~1 µs for the inlined name_part_similarity). The WHERE clause is exactly its "not NULL"
 * condition, written with name_part_similarity and the cheapest test first (the patronymic rejects most
 * pairs), so person_name_score runs only for the few pairs it will score. Names are compared twice: as
 * search keys (ё/е and Latin spelling meet) and as plain lower-case text, where one mistyped letter stays
 * one edit (a key turns х into kh and щ into shch, so «Демин»/«Демих» fall below 0.7 as keys). The score
 * is the better of the two.
 *
 * Two records that both carry a СНИЛС (necessarily different ones: it is unique among active persons)
 * belong to two people, whatever their names: such a pair is no candidate, and merge refuses it too.
 * In the benchmark region this removes most namesakes (Быков/Рыков Дмитрий Романович born the same day).
 */
export const partitionPairsSql = (
  runId: string,
  partitions: number,
  partition: number,
  minScore: number,
) => sql`
INSERT INTO duplicate_pairs (run_id, person_a, person_b, score)
WITH part AS (
  SELECT p.id, p.birth_date, p.sex, p.snils,
         p.last_name_key AS l, p.first_name_key AS f, p.middle_name_key AS m,
         lower(p.last_name) AS rl, lower(p.first_name) AS rf, coalesce(lower(p.middle_name), '') AS rm,
         left(p.last_name_key, 3) AS pl, left(p.first_name_key, 3) AS pf
    FROM persons p
   WHERE p.status = 'active'
     AND ((p.birth_date - date '1900-01-01') % ${partitions}::int + ${partitions}::int) % ${partitions}::int
         = ${partition}::int),
keys AS (
  SELECT part.*, pl AS k FROM part
  UNION ALL
  SELECT part.*, pf AS k FROM part WHERE pf <> pl),
blocks AS (
  SELECT array_agg(id) AS id, array_agg(snils) AS snils,
         array_agg(k) AS k, array_agg(pl) AS pl, array_agg(pf) AS pf,
         array_agg(l) AS l, array_agg(f) AS f, array_agg(m) AS m,
         array_agg(rl) AS rl, array_agg(rf) AS rf, array_agg(rm) AS rm
    FROM (SELECT keys.*, ((birth_date - date '1900-01-01')::bigint * 2 + (sex = 'male')::int) * 4294967296
                         + (hashtext(k)::bigint & 4294967295) AS block
            FROM keys ORDER BY block, id) sorted
   GROUP BY block HAVING count(*) > 1),
pairs AS (
  SELECT b.id[i] AS a, b.id[j] AS b,
         b.l[i] AS l1, b.f[i] AS f1, b.m[i] AS m1, b.l[j] AS l2, b.f[j] AS f2, b.m[j] AS m2,
         b.rl[i] AS rl1, b.rf[i] AS rf1, b.rm[i] AS rm1, b.rl[j] AS rl2, b.rf[j] AS rf2, b.rm[j] AS rm2
    FROM blocks b
   CROSS JOIN LATERAL generate_series(1, cardinality(b.id) - 1) i
   CROSS JOIN LATERAL generate_series(i + 1, cardinality(b.id)) j
   -- the same prefix (not a hash collision), and the smallest prefix the two records share
   WHERE b.k[i] = b.k[j]
     AND (b.k[i] = least(b.pl[i], b.pf[i]) OR least(b.pl[i], b.pf[i]) NOT IN (b.pl[j], b.pf[j]))
     -- two different СНИЛС are two people (and such records may not be merged)
     AND (b.snils[i] IS NULL OR b.snils[j] IS NULL)),
-- MATERIALIZED keeps the score filter below from being pushed into this WHERE, where the planner
-- could run the costly score before the cheap name tests.
candidates AS MATERIALIZED (
  SELECT a, b, greatest(person_name_score(l1, f1, m1, l2, f2, m2),
                        person_name_score(rl1, rf1, rm1, rl2, rf2, rm2)) AS score
    FROM pairs
   WHERE ((m1 = '' OR m2 = '' OR name_part_similarity(m1, m2) >= 0.7)
          AND ((name_part_similarity(l1, l2) >= 0.7 AND name_part_similarity(f1, f2) >= 0.7)
               OR (name_part_similarity(l1, f2) >= 0.7 AND name_part_similarity(f1, l2) >= 0.7)))
      OR ((rm1 = '' OR rm2 = '' OR name_part_similarity(rm1, rm2) >= 0.7)
          AND ((name_part_similarity(rl1, rl2) >= 0.7 AND name_part_similarity(rf1, rf2) >= 0.7)
               OR (name_part_similarity(rl1, rf2) >= 0.7 AND name_part_similarity(rf1, rl2) >= 0.7))))
SELECT ${runId}::uuid, c.a, c.b, c.score
  FROM candidates c
 WHERE c.score >= ${minScore}::real
   AND NOT EXISTS (SELECT 1 FROM person_distinctions d WHERE d.person_a = c.a AND d.person_b = c.b)`;
