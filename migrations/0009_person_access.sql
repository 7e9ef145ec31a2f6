-- Who may see a person, decided from the source records themselves. Until now access was read from the
-- person card (a display cache refreshed from statement snapshots), which lost updates when an
-- enrollment raced an edit of a linked person, and which any session could switch off. Access now has a
-- relation of its own, person_access, kept by triggers on enrollments and representation links in the
-- same transaction, under advisory locks taken in a fixed order, and dated, so that an exit ends full
-- access after a grace period instead of at once.
--
-- One row per (scope node, person, learner whose enrollment gives the access):
--   * a learner's own enrollment in an organization gives that organization and every node above it a
--     row (node, learner, learner);
--   * a representative is seen through each represented learner: (node, representative, learner), only
--     while the representation link is in force;
--   * last_day is NULL while an enrollment there is open (or planned), otherwise the last day of the
--     latest ended one. The grace period is the application's setting, applied when access is checked:
--     full access while last_day IS NULL OR last_day >= current_date - grace; after that the learner's
--     own row still lets the former organization read identity and its own past enrollment (archival).
-- Keying rows by learner makes every refresh local to one learner: a change to a learner's enrollments or
-- links rewrites exactly the rows with that learner_id, so two transactions never recompute the same row
-- from different snapshots.
CREATE TABLE person_access (
  node_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  last_day date,
  PRIMARY KEY (node_id, person_id, learner_id)
);
CREATE INDEX person_access_learner_idx ON person_access (learner_id);
CREATE INDEX person_access_person_idx ON person_access (person_id);

-- The rows the rule gives for the given learners (all learners when NULL), straight from the sources.
CREATE FUNCTION person_access_rule(learners uuid[]) RETURNS TABLE (node_id uuid, person_id uuid, learner_id uuid,
  last_day date) LANGUAGE sql STABLE AS $$
  SELECT c.ancestor_id, s.person_id, s.learner_id,
         CASE WHEN bool_or(s.ended_on IS NULL) THEN NULL ELSE max(s.ended_on) END
    FROM (SELECT e.person_id AS learner_id, e.person_id, e.organization_id, e.ended_on
            FROM enrollments e WHERE learners IS NULL OR e.person_id = ANY(learners)
          UNION ALL
          SELECT e.person_id, r.representative_id, e.organization_id, e.ended_on
            FROM enrollments e JOIN representations r ON r.learner_id = e.person_id AND r.revoked_at IS NULL
           WHERE learners IS NULL OR e.person_id = ANY(learners)) s
    JOIN scope_closure c ON c.descendant_id = s.organization_id
   GROUP BY 1, 2, 3
$$;

-- Lock keys: one class per derived structure, the key a hash of the person id (a collision only
-- serialises two unrelated refreshes). Class 73000 key 0 guards the scope tree as a whole.
CREATE FUNCTION person_lock_key(id uuid) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT hashtext(id::text)
$$;

-- The bulk-load switch: a loader that owns the tables (or a superuser) may defer the per-statement
-- maintenance for one transaction and rebuild once; the application's role never can, whatever it sets.
CREATE FUNCTION person_maintenance_deferred(tab oid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('kontingent.person_cards', true) = 'deferred'
     AND (SELECT rolsuper OR oid = (SELECT relowner FROM pg_class WHERE pg_class.oid = tab)
            FROM pg_roles WHERE rolname = current_user)
$$;

-- Rewrites the access rows of the given learners. The advisory locks are taken in learner order before
-- anything is read; at READ COMMITTED every statement after them takes a fresh snapshot, so it sees
-- every transaction that touched these learners and committed before the locks were granted. Another
-- isolation level would read an older snapshot and could lose a concurrent change, so it is refused.
CREATE FUNCTION person_access_refresh(learners uuid[]) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  l uuid;
BEGIN
  learners := ARRAY(SELECT DISTINCT x FROM unnest(learners) x WHERE x IS NOT NULL ORDER BY x);
  IF cardinality(learners) = 0 THEN
    RETURN;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'person_access is maintained at READ COMMITTED only' USING ERRCODE = '25001';
  END IF;
  PERFORM pg_advisory_xact_lock_shared(73000, 0);
  FOREACH l IN ARRAY learners LOOP
    PERFORM pg_advisory_xact_lock(73001, person_lock_key(l));
  END LOOP;
  DELETE FROM person_access a WHERE a.learner_id = ANY(learners);
  INSERT INTO person_access (node_id, person_id, learner_id, last_day)
  SELECT * FROM person_access_rule(learners);
END $$;

CREATE FUNCTION person_access_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('SELECT array_agg(%I) FROM new_rows', TG_ARGV[0]) INTO part;
    ids := ids || coalesce(part, '{}');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('SELECT array_agg(%I) FROM old_rows', TG_ARGV[0]) INTO part;
    ids := ids || coalesce(part, '{}');
  END IF;
  PERFORM person_access_refresh(ids);
  RETURN NULL;
END $$;

-- Named to sort before the card triggers, so every statement takes the access locks first.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('enrollments', 'person_id'), ('representations', 'learner_id')) AS v(tab, col)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync(%I)', t.tab || '_access_ins', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync(%I)', t.tab || '_access_upd', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync(%I)', t.tab || '_access_del', t.tab, t.col);
  END LOOP;
END $$;

-- A node moved in the scope tree changes who sees everyone enrolled below it. Such moves are rare and may
-- touch a whole municipality, too many learners to lock one by one: the move takes the tree lock
-- exclusively, which waits for every refresh in flight and holds new ones off until it commits.
CREATE FUNCTION person_access_sync_scope() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  learners uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(73000, 0);
  learners := ARRAY(SELECT DISTINCT e.person_id FROM enrollments e
                     WHERE e.organization_id IN (SELECT descendant_id FROM changed));
  DELETE FROM person_access a WHERE a.learner_id = ANY(learners);
  INSERT INTO person_access (node_id, person_id, learner_id, last_day)
  SELECT * FROM person_access_rule(learners);
  RETURN NULL;
END $$;
CREATE TRIGGER scope_closure_access_ins AFTER INSERT ON scope_closure REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync_scope();
CREATE TRIGGER scope_closure_access_del AFTER DELETE ON scope_closure REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync_scope();

CREATE FUNCTION person_access_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(73000, 0);
  DELETE FROM person_access;
  INSERT INTO person_access (node_id, person_id, learner_id, last_day)
  SELECT * FROM person_access_rule(NULL);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- The card no longer decides access: its scope column and the pairs kept from it go.
DROP TRIGGER person_cards_scope_ins ON person_cards;
DROP TRIGGER person_cards_scope_upd ON person_cards;
DROP TRIGGER person_cards_scope_del ON person_cards;
DROP FUNCTION person_scope_nodes_sync();
DROP TABLE person_scope_nodes;

ALTER TABLE person_cards DROP COLUMN scope_node_ids;

-- Card refreshes lock the cards they rewrite, in id order, and read after the locks: a card shows its
-- linked persons' names and a learner's enrollments, so two transactions refreshing the same card from
-- different snapshots would leave whichever committed last, missing the other's change. The set of
-- linked persons is read again after each round of locks, since a link may have committed meanwhile.
CREATE OR REPLACE FUNCTION person_cards_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  locked uuid[] := '{}';
  todo uuid[];
  x uuid;
BEGIN
  ids := ARRAY(SELECT DISTINCT y FROM unnest(ids) y WHERE y IS NOT NULL);
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'person_cards are maintained at READ COMMITTED only' USING ERRCODE = '25001';
  END IF;
  LOOP
    todo := ARRAY(
      SELECT DISTINCT y FROM (
        SELECT unnest(ids) AS y
        UNION ALL SELECT r.representative_id FROM representations r
         WHERE r.learner_id = ANY(ids) AND r.revoked_at IS NULL
        UNION ALL SELECT r.learner_id FROM representations r
         WHERE r.representative_id = ANY(ids) AND r.revoked_at IS NULL) s
       WHERE y IS NOT NULL AND NOT y = ANY(locked)
       ORDER BY y);
    EXIT WHEN cardinality(todo) = 0;
    FOREACH x IN ARRAY todo LOOP
      PERFORM pg_advisory_xact_lock(73002, person_lock_key(x));
    END LOOP;
    locked := locked || todo;
  END LOOP;
  ids := locked;
  DELETE FROM person_cards pc
   WHERE pc.person_id = ANY(ids)
     AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = pc.person_id AND p.status <> 'destroyed');
  INSERT INTO person_cards (person_id, status, card)
  SELECT p.id, p.status,
    person_card_object(p,
      (SELECT json_agg(person_card_document(d) ORDER BY d.created_at, d.id) FROM person_documents d
        WHERE d.person_id = p.id AND d.invalidated_at IS NULL),
      (SELECT json_agg(person_card_address(a) ORDER BY a.kind, a.valid_from NULLS FIRST, a.id)
         FROM person_addresses a WHERE a.person_id = p.id),
      (SELECT json_agg(person_card_contact(c) ORDER BY c.kind, c.value, c.id) FROM person_contacts c
        WHERE c.person_id = p.id),
      (SELECT json_agg(person_card_hardship(h) ORDER BY h.started_on, h.id) FROM person_hardships h
        WHERE h.person_id = p.id),
      (SELECT json_agg(person_card_representative(r, q) ORDER BY r.created_at, r.id)
         FROM representations r JOIN persons q ON q.id = r.representative_id
        WHERE r.learner_id = p.id AND r.revoked_at IS NULL),
      (SELECT json_agg(person_card_represented(r, q) ORDER BY q.birth_date, r.id)
         FROM representations r JOIN persons q ON q.id = r.learner_id
        WHERE r.representative_id = p.id AND r.revoked_at IS NULL),
      (SELECT json_agg(person_card_enrollment(e, o.short_name) ORDER BY e.started_on DESC, e.id)
         FROM enrollments e JOIN organizations o ON o.id = e.organization_id WHERE e.person_id = p.id))
    FROM persons p
   WHERE p.id = ANY(ids) AND p.status <> 'destroyed'
   ORDER BY p.id
  ON CONFLICT (person_id) DO UPDATE SET status = EXCLUDED.status, card = EXCLUDED.card;
END $$;

-- All cards at once, for bulk loads; the same parts as the per-person refresh.
CREATE OR REPLACE FUNCTION person_cards_rebuild() RETURNS bigint LANGUAGE plpgsql
SET enable_hashagg = off SET enable_indexscan = off SET work_mem = '256MB' AS $$
DECLARE
  n bigint;
BEGIN
  DELETE FROM person_cards;
  INSERT INTO person_cards (person_id, status, card)
  SELECT p.id, p.status,
    person_card_object(p, d.list, a.list, c.list, h.list, rs.list, rd.list, en.list)
    FROM persons p
    LEFT JOIN (SELECT d.person_id, json_agg(person_card_document(d) ORDER BY d.created_at, d.id) AS list
                 FROM person_documents d WHERE d.invalidated_at IS NULL GROUP BY d.person_id) d
      ON d.person_id = p.id
    LEFT JOIN (SELECT a.person_id,
                      json_agg(person_card_address(a) ORDER BY a.kind, a.valid_from NULLS FIRST, a.id) AS list
                 FROM person_addresses a GROUP BY a.person_id) a ON a.person_id = p.id
    LEFT JOIN (SELECT c.person_id, json_agg(person_card_contact(c) ORDER BY c.kind, c.value, c.id) AS list
                 FROM person_contacts c GROUP BY c.person_id) c ON c.person_id = p.id
    LEFT JOIN (SELECT h.person_id, json_agg(person_card_hardship(h) ORDER BY h.started_on, h.id) AS list
                 FROM person_hardships h GROUP BY h.person_id) h ON h.person_id = p.id
    LEFT JOIN (SELECT r.learner_id AS person_id,
                      json_agg(person_card_representative(r, q) ORDER BY r.created_at, r.id) AS list
                 FROM representations r JOIN persons q ON q.id = r.representative_id
                WHERE r.revoked_at IS NULL GROUP BY r.learner_id) rs ON rs.person_id = p.id
    LEFT JOIN (SELECT r.representative_id AS person_id,
                      json_agg(person_card_represented(r, q) ORDER BY q.birth_date, r.id) AS list
                 FROM representations r JOIN persons q ON q.id = r.learner_id
                WHERE r.revoked_at IS NULL GROUP BY r.representative_id) rd ON rd.person_id = p.id
    LEFT JOIN (SELECT e.person_id,
                      json_agg(person_card_enrollment(e, o.short_name) ORDER BY e.started_on DESC, e.id) AS list
                 FROM enrollments e JOIN organizations o ON o.id = e.organization_id GROUP BY e.person_id) en
      ON en.person_id = p.id
   WHERE p.status <> 'destroyed';
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- The card triggers honour only the owner's bulk-load switch from now on.
CREATE OR REPLACE FUNCTION person_cards_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
  col text;
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      EXECUTE format('SELECT array_agg(%I) FROM new_rows', col) INTO part;
      ids := ids || coalesce(part, '{}');
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      EXECUTE format('SELECT array_agg(%I) FROM old_rows', col) INTO part;
      ids := ids || coalesce(part, '{}');
    END IF;
  END LOOP;
  PERFORM person_cards_refresh(ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION person_cards_sync_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  PERFORM person_cards_refresh(ARRAY(
    SELECT e.person_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      JOIN enrollments e ON e.organization_id = n.id
     WHERE n.short_name IS DISTINCT FROM o.short_name));
  RETURN NULL;
END $$;

-- Cards no longer depend on the scope tree.
DROP TRIGGER scope_closure_cards_ins ON scope_closure;
DROP TRIGGER scope_closure_cards_del ON scope_closure;
DROP FUNCTION person_cards_sync_scope();

SELECT person_access_rebuild();
