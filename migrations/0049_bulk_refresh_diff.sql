-- Mass operations at a region's scale (issue 10 benchmark: year-end promotion of 1,000,000 learners).
--
-- A graduation ends ~100,000 enrollments at once, and each ended enrollment changes the last day of every
-- person_access row of its learner and the learner's representatives: a million rows. The refresh deleted
-- them all and inserted them again — a million inserts with two foreign-key checks each and the change
-- feed's capture of a million deletions and insertions (50 s). A bulk refresh now computes the rule once
-- into a scratch table and writes only the difference: rows that vanish, rows whose last day moved, rows
-- that appear. An update keeps the keys, so no foreign key is checked again (25 s for the same graduation,
-- and next to nothing when a mass operation changes nobody's access). The small path — one learner, a
-- family — stays a delete and insert under the learner's lock.

CREATE OR REPLACE FUNCTION person_access_refresh(learners uuid[]) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
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
  IF person_refresh_is_bulk(cardinality(learners)) THEN
    PERFORM pg_advisory_xact_lock(73000, 0);
    PERFORM person_access_apply_difference(learners);
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(73000, 0);
  FOREACH l IN ARRAY learners LOOP
    PERFORM pg_advisory_xact_lock(73001, person_lock_key(l));
  END LOOP;
  DELETE FROM person_access a WHERE a.learner_id = ANY(learners);
  INSERT INTO person_access (node_id, person_id, learner_id, last_day)
  SELECT * FROM person_access_rule(learners);
END $$;

-- Dynamic statements: the scratch table is created in this transaction (a cached plan would name a
-- dropped relation in the next one), and each is planned for the rows at hand.
CREATE FUNCTION person_access_apply_difference(learners uuid[]) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  EXECUTE 'CREATE TEMP TABLE IF NOT EXISTS person_access_next (node_id uuid NOT NULL, person_id uuid NOT NULL,
             learner_id uuid NOT NULL, last_day date) ON COMMIT DROP';
  EXECUTE 'TRUNCATE person_access_next';
  EXECUTE 'INSERT INTO person_access_next SELECT * FROM person_access_rule($1)' USING learners;
  EXECUTE 'ANALYZE person_access_next';
  EXECUTE 'DELETE FROM person_access a WHERE a.learner_id = ANY($1)
             AND NOT EXISTS (SELECT 1 FROM person_access_next n
                              WHERE (n.node_id, n.person_id, n.learner_id) = (a.node_id, a.person_id, a.learner_id))'
    USING learners;
  EXECUTE 'UPDATE person_access a SET last_day = n.last_day FROM person_access_next n
            WHERE a.learner_id = ANY($1)
              AND (a.node_id, a.person_id, a.learner_id) = (n.node_id, n.person_id, n.learner_id)
              AND a.last_day IS DISTINCT FROM n.last_day'
    USING learners;
  EXECUTE 'INSERT INTO person_access (node_id, person_id, learner_id, last_day)
           SELECT n.* FROM person_access_next n
            WHERE NOT EXISTS (SELECT 1 FROM person_access a
                               WHERE a.learner_id = ANY($1)
                                 AND (a.node_id, a.person_id, a.learner_id) = (n.node_id, n.person_id, n.learner_id))'
    USING learners;
END $$;

-- A card is removed only when its person is gone or destroyed: looked up by id among the refreshed ones
-- (an anti-join against every person read all 1.9 million of them for a graduation).
CREATE OR REPLACE FUNCTION person_cards_refresh(ids uuid[], linked boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  locked uuid[] := '{}';
  todo uuid[];
  x uuid;
  bulk boolean := false;
BEGIN
  ids := ARRAY(SELECT DISTINCT y FROM unnest(ids) y WHERE y IS NOT NULL);
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'person_cards are maintained at READ COMMITTED only' USING ERRCODE = '25001';
  END IF;
  IF person_refresh_is_bulk(cardinality(ids)) THEN
    bulk := true;
    PERFORM pg_advisory_xact_lock(73002, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(73002, 0);
  END IF;
  -- The representatives of the learners (and the learners of the representatives) show each other on
  -- their cards: they are refreshed too, locked before they are read.
  LOOP
    todo := ARRAY(
      SELECT DISTINCT y FROM (
        SELECT unnest(ids) AS y
        UNION ALL SELECT r.representative_id FROM representations r
         WHERE linked AND r.learner_id = ANY(ids) AND r.revoked_at IS NULL
        UNION ALL SELECT r.learner_id FROM representations r
         WHERE linked AND r.representative_id = ANY(ids) AND r.revoked_at IS NULL) s
       WHERE y IS NOT NULL AND NOT y = ANY(locked)
       ORDER BY y);
    EXIT WHEN cardinality(todo) = 0;
    IF NOT bulk THEN
      FOREACH x IN ARRAY todo LOOP
        PERFORM pg_advisory_xact_lock(73002, person_lock_key(x));
      END LOOP;
    END IF;
    locked := locked || todo;
  END LOOP;
  ids := locked;
  DELETE FROM person_cards pc
   WHERE pc.person_id = ANY(ids)
     AND pc.person_id NOT IN (SELECT p.id FROM persons p WHERE p.id = ANY(ids) AND p.status <> 'destroyed');
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

-- A placement whose dates only shrink stays inside its enrollment: an update checks the rows whose range
-- grew (year-end promotion closes 650,000 placements and probed the enrollment of each).
CREATE OR REPLACE FUNCTION placements_inside_enrollment_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  outside boolean;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    EXECUTE $q$
      WITH grown AS MATERIALIZED (
        SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE NOT (n.enrollment_id = o.enrollment_id
                    AND daterange(o.valid_from, o.valid_to, '[)') @> daterange(n.valid_from, n.valid_to, '[)')))
      SELECT EXISTS (SELECT 1 FROM grown n JOIN enrollments e ON e.id = n.enrollment_id
                      WHERE NOT daterange(e.started_on, e.ended_on, '[)') @> daterange(n.valid_from, n.valid_to, '[)'))
    $q$ INTO outside;
  ELSE
    EXECUTE $q$
      SELECT EXISTS (SELECT 1 FROM new_rows n JOIN enrollments e ON e.id = n.enrollment_id
                      WHERE NOT daterange(e.started_on, e.ended_on, '[)') @> daterange(n.valid_from, n.valid_to, '[)'))
    $q$ INTO outside;
  END IF;
  IF outside THEN
    RAISE EXCEPTION 'placement outside its enrollment'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'placements_inside_enrollment';
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER placements_inside_enrollment_upd ON placements;
CREATE TRIGGER placements_inside_enrollment_upd AFTER UPDATE ON placements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION placements_inside_enrollment_set();
