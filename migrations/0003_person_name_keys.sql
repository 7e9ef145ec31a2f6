-- Fuzzy name search over a dictionary of distinct name keys instead of every person: a trigram
-- search among tens of thousands of keys is cheap, while trigram posting lists over millions of
-- persons are long for common trigrams («ov », «nov»). Persons are then found by B-tree on the
-- matching keys, per name part.
CREATE TABLE person_name_keys (key text PRIMARY KEY);
-- GiST answers «the 30 keys nearest to this word» (ORDER BY key <-> word LIMIT 30) directly.
CREATE INDEX person_name_keys_gist ON person_name_keys USING gist (key gist_trgm_ops);

INSERT INTO person_name_keys (key)
SELECT k FROM (
  SELECT last_name_key AS k FROM persons
  UNION SELECT first_name_key FROM persons
  UNION SELECT middle_name_key FROM persons WHERE middle_name_key <> '') x
ON CONFLICT DO NOTHING;

CREATE FUNCTION persons_name_keys_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_name_keys (key)
  SELECT k FROM unnest(ARRAY[NEW.last_name_key, NEW.first_name_key, NEW.middle_name_key]) AS k
   WHERE k <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER persons_name_keys AFTER INSERT OR UPDATE OF last_name, first_name, middle_name ON persons
  FOR EACH ROW EXECUTE FUNCTION persons_name_keys_trg();

-- Both name parts are bound by equality in either order, so one index serves direct and swapped
-- lookups; with the id included the candidate step reads the index only.
CREATE INDEX persons_name_keys_idx ON persons (last_name_key, first_name_key) INCLUDE (id)
  WHERE status = 'active';
DROP INDEX persons_last_key_trgm;
DROP INDEX persons_first_key_trgm;
DROP INDEX persons_middle_key_trgm;
