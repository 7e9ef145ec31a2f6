-- Appends a batch of audit entries to the hash chain in one statement: lock the chain head, take
-- ids, chain the hashes, insert, move the head. Read audits are written on every card view, so the
-- six round trips this used to take dominated the read path.
--
-- Each entry carries `tail`: the application's canonical JSON of the entry's fields after the id,
-- without its opening bracket. The hash is the one the verifier recomputes:
--   sha256(prev_hash || '|' || '["<id>",' || tail)
-- so the JSON text is produced in one place (the application) and PostgreSQL only concatenates.
CREATE FUNCTION audit_append(entries jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  e record;
  new_id bigint;
  ids bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
BEGIN
  SELECT last_hash INTO prev FROM audit_chain_head WHERE singleton FOR UPDATE;
  FOR e IN SELECT a.v ->> 'tail' AS tail FROM jsonb_array_elements(entries) WITH ORDINALITY AS a(v, n)
            ORDER BY a.n
  LOOP
    new_id := nextval('audit_log_id_seq');
    ids := ids || new_id;
    prevs := prevs || prev;
    prev := encode(sha256(convert_to(prev || '|["' || new_id || '",' || e.tail, 'UTF8')), 'hex');
    hashes := hashes || prev;
  END LOOP;
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO audit_log (id, at, actor_user_id, actor_role, scope_node_id, action, object_type, object_id,
                         outcome, request_id, ip, subject_ids, details, prev_hash, hash)
  SELECT c.id, x.at, x.actor_user_id, x.actor_role, x.scope_node_id, x.action, x.object_type, x.object_id,
         x.outcome, x.request_id, x.ip, x.subject_ids, x.details, c.prev_hash, c.hash
    FROM ROWS FROM (jsonb_to_recordset(entries) AS (at timestamptz, actor_user_id uuid, actor_role text,
           scope_node_id uuid, action text, object_type text, object_id text, outcome text, request_id text,
           ip text, subject_ids uuid[], details jsonb)) WITH ORDINALITY
         AS x(at, actor_user_id, actor_role, scope_node_id, action, object_type, object_id, outcome, request_id,
              ip, subject_ids, details, n)
    JOIN unnest(ids, prevs, hashes) WITH ORDINALITY AS c(id, prev_hash, hash, n) ON c.n = x.n;
  UPDATE audit_chain_head SET last_id = ids[cardinality(ids)], last_hash = prev WHERE singleton;
END $$;
