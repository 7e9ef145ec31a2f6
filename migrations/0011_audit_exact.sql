-- An exact audit chain. Until now the hash covered the text the application sent, while the row
-- stored what PostgreSQL made of it (uuids lower-cased, jsonb re-serialised), so an upper-case uuid
-- in a request made the verifier report a tampered row. From here on the hashed text is computed
-- in PostgreSQL from the typed row exactly as it is stored, by one function that the verifier calls
-- too. Rows written before this migration keep hash_format 1 and are checked the old way.
ALTER TABLE audit_log ADD COLUMN hash_format smallint NOT NULL DEFAULT 1 CHECK (hash_format IN (1, 2));
ALTER TABLE audit_log ALTER COLUMN hash_format SET DEFAULT 2;

-- The canonical text of a stored row: a JSON array of every column but the hashes. Built from the
-- typed values, so it does not depend on how the application spelled them; the instant is written
-- in UTC with microseconds, so it does not depend on the session's TimeZone either.
CREATE FUNCTION audit_material(a audit_log) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_array(
    a.hash_format, a.id::text, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    a.actor_user_id, a.actor_role, a.scope_node_id, a.action, a.object_type, a.object_id, a.outcome,
    a.request_id, a.ip, a.subject_ids, a.details)::text
$$;

-- Same contract as in 0005 (a jsonb array of entries with snake_case columns; any `tail` is
-- ignored now): lock the head, give each entry its id, hash(n) = sha256(hash(n-1) | material(n)),
-- insert each row, move the head. Each entry is converted to an audit_log row first, by the same
-- casts the insert applies, so the material is computed from the values that are stored.
CREATE OR REPLACE FUNCTION audit_append(entries jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  e jsonb;
  r audit_log;
BEGIN
  IF entries IS NULL OR jsonb_array_length(entries) = 0 THEN
    RETURN;
  END IF;
  SELECT last_hash INTO prev FROM audit_chain_head WHERE singleton FOR UPDATE;
  FOR e IN SELECT a.v FROM jsonb_array_elements(entries) WITH ORDINALITY AS a(v, n) ORDER BY a.n
  LOOP
    r := jsonb_populate_record(NULL::audit_log, e - 'id' - 'prev_hash' - 'hash' - 'hash_format' - 'tail');
    r.id := nextval('audit_log_id_seq');
    r.hash_format := 2;
    r.prev_hash := prev;
    r.hash := encode(sha256(convert_to(prev || '|' || audit_material(r), 'UTF8')), 'hex');
    prev := r.hash;
    INSERT INTO audit_log VALUES (r.*);
  END LOOP;
  UPDATE audit_chain_head SET last_id = r.id, last_hash = prev WHERE singleton;
END $$;
