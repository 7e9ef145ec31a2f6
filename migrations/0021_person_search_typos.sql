-- Search that forgives one slip per name part.
--
-- 1. person_name_key folded Latin spellings (yo → e, y → i, …) after transliterating Cyrillic, so a
--    Cyrillic «ыо» (a dropped letter: «Насыов» for «Насыров») became «yo» and then «e», as if the
--    clerk had typed a Latin «ё». The Latin folds now apply to the typed Latin letters only, before
--    Cyrillic is transliterated; keys of names without «ы» before «о», «у» or «а» are unchanged.
-- 2. Trigrams miss an adjacent swap or a dropped letter in a short name («Оелг» shares one trigram
--    with «Олег»). Every dictionary key of three letters or more also lists its one-letter deletions;
--    two keys within one insertion, deletion, substitution or adjacent swap share a deletion (or one is
--    a deletion of the other), so the search finds them by B-tree, and ranks them by
--    name_part_similarity, which counts a swap as one edit.

CREATE OR REPLACE FUNCTION person_name_key(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
           translate(
             replace(replace(replace(replace(replace(replace(replace(
               lower(s), 'yo', 'e'), 'yu', 'iu'), 'ya', 'ia'), 'x', 'ks'), 'w', 'v'), 'y', 'i'), 'j', 'i'),
             'абвгдеёзийклмнопрстуфыэъь', 'abvgdeeziiklmnoprstufieъь'),
           'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'щ', 'shch'), 'ю', 'iu'),
           'я', 'ia'), 'ъ', ''), 'ь', '')
$$;

-- Stored keys follow the function: the generated columns are recomputed by touching the rows whose key
-- changes (only names with «ы» before «о», «у» or «а», or with Latin letters; a handful in a region).
UPDATE persons SET last_name = last_name
 WHERE (last_name || ' ' || first_name || ' ' || coalesce(middle_name, '')) ~* 'ы[оуа]|[a-z]'
   AND (last_name_key IS DISTINCT FROM person_name_key(last_name)
    OR first_name_key IS DISTINCT FROM person_name_key(first_name)
    OR middle_name_key IS DISTINCT FROM coalesce(person_name_key(middle_name), ''));

-- The one-letter deletions of a key (the key itself not included).
CREATE FUNCTION name_key_deletions(k text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT left(k, i - 1) || substr(k, i + 1)), '{}')
    FROM generate_series(1, length(k)) AS i
$$;

CREATE TABLE person_name_key_deletions (
  deletion text NOT NULL,
  key text NOT NULL REFERENCES person_name_keys (key) ON DELETE CASCADE,
  PRIMARY KEY (deletion, key)
);
-- The cascade from person_name_keys finds a key's deletions by key.
CREATE INDEX person_name_key_deletions_key_idx ON person_name_key_deletions (key);

INSERT INTO person_name_key_deletions (deletion, key)
SELECT d, k.key FROM person_name_keys k CROSS JOIN LATERAL unnest(name_key_deletions(k.key)) AS d
 WHERE length(k.key) >= 3
ON CONFLICT DO NOTHING;

CREATE FUNCTION person_name_keys_deletions_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF length(NEW.key) >= 3 THEN
    INSERT INTO person_name_key_deletions (deletion, key)
    SELECT d, NEW.key FROM unnest(name_key_deletions(NEW.key)) AS d
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER person_name_keys_deletions AFTER INSERT ON person_name_keys
  FOR EACH ROW EXECUTE FUNCTION person_name_keys_deletions_trg();

-- The dictionary keys within one slip of a typed word, each with its name_part_similarity to the word:
-- the trigram neighbours (long names, several slips) and the keys sharing a one-letter deletion.
CREATE FUNCTION person_name_key_candidates(w text, n int) RETURNS TABLE (key text, s real)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH q AS (SELECT person_name_key(w) AS k),
  v AS (SELECT q.k, CASE WHEN length(q.k) >= 3 THEN name_key_deletions(q.k) || q.k ELSE ARRAY[q.k] END AS vs
          FROM q),
  found AS (
    (SELECT t.key FROM person_name_keys t, q WHERE t.key % q.k ORDER BY t.key <-> q.k LIMIT n)
    UNION
    SELECT t.key FROM person_name_keys t, v WHERE t.key = ANY (v.vs)
    UNION
    SELECT d.key FROM person_name_key_deletions d, v WHERE length(v.k) >= 3 AND d.deletion = ANY (v.vs))
  SELECT f.key, name_part_similarity(f.key, q.k) AS s FROM found f, q
   ORDER BY s DESC, f.key LIMIT n
$$;
