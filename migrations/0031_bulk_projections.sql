-- Mass movements (a region's year-end promotion, its undo) change hundreds of thousands of enrollments in
-- one transaction. Two things broke there:
-- 1. The period projection ran per row: each period row updated its enrollment alone, so the statement
--    triggers of enrollments (cards, access) fired once per learner.
-- 2. The refreshes took one advisory lock per person, held to the end of the transaction: past a few
--    thousand persons the shared lock table ran out («out of shared memory», SQLSTATE 53200).
-- Now the projection is one statement per statement, and a refresh of many persons takes its structure's
-- class lock exclusively instead of one lock per person. Every refresh of few persons takes the class
-- lock shared first, so the exclusive holder still waits for every one of them and they for it: the rule
-- «lock, then read at a fresh snapshot» holds in both paths.

-- Past 256 persons a refresh is bulk. Both paths are correct, so the threshold is only a matter of
-- lock-table room and contention: a session may lower it (the concurrency tests do, to race the bulk path).
CREATE FUNCTION person_refresh_is_bulk(n integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT n > coalesce(nullif(current_setting('kontingent.person_refresh_bulk', true), '')::int, 256)
$$;

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
  ELSE
    PERFORM pg_advisory_xact_lock_shared(73000, 0);
    FOREACH l IN ARRAY learners LOOP
      PERFORM pg_advisory_xact_lock(73001, person_lock_key(l));
    END LOOP;
  END IF;
  DELETE FROM person_access a WHERE a.learner_id = ANY(learners);
  INSERT INTO person_access (node_id, person_id, learner_id, last_day)
  SELECT * FROM person_access_rule(learners);
END $$;

-- `linked`: also refresh the persons linked to these (a name shows on the linked cards). An enrollment
-- shows on its learner's card only, so enrollment writes pass false and leave the parents' cards be.
DROP FUNCTION person_cards_refresh(uuid[]);
CREATE FUNCTION person_cards_refresh(ids uuid[], linked boolean DEFAULT true) RETURNS void
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

-- The projection of a set of enrollments from their periods, in one statement. The guard of a direct
-- write (0026) writes its own row and rewrites that row's periods: that row is left to it.
CREATE FUNCTION enrollments_project(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM set_config('kontingent.enrollment_projection', 'on', true);
  UPDATE enrollments e SET started_on = s.s, ended_on = s.e
    FROM (SELECT enrollment_id, min(valid_from) AS s, min(valid_from) FILTER (WHERE status = 'exited') AS e
            FROM enrollment_status_periods WHERE enrollment_id = ANY(ids) GROUP BY enrollment_id) s
   WHERE e.id = s.enrollment_id
     AND e.id::text IS DISTINCT FROM nullif(current_setting('kontingent.enrollment_guard', true), '')
     AND (e.started_on, e.ended_on) IS DISTINCT FROM (s.s, s.e);
  PERFORM set_config('kontingent.enrollment_projection', 'off', true);
END $$;

CREATE FUNCTION enrollment_periods_changed_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(DISTINCT enrollment_id) INTO part FROM new_rows;
    ids := ids || coalesce(part, '{}');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(DISTINCT enrollment_id) INTO part FROM old_rows;
    ids := ids || coalesce(part, '{}');
  END IF;
  PERFORM enrollments_project(ARRAY(SELECT DISTINCT x FROM unnest(ids) x ORDER BY x));
  RETURN NULL;
END $$;

-- Same trigger name (the generator's loader disables it by name), now three statement triggers.
DROP TRIGGER enrollment_status_periods_project ON enrollment_status_periods;
CREATE TRIGGER enrollment_status_periods_project AFTER INSERT ON enrollment_status_periods
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollment_periods_changed_set();
CREATE TRIGGER enrollment_status_periods_project_upd AFTER UPDATE ON enrollment_status_periods
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enrollment_periods_changed_set();
CREATE TRIGGER enrollment_status_periods_project_del AFTER DELETE ON enrollment_status_periods
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollment_periods_changed_set();
DROP FUNCTION enrollment_periods_changed();
DROP FUNCTION enrollment_project(uuid);

-- Access and the cards read an enrollment's person, organization and dates only. An update that changes
-- none of them (a promotion moving 4th graders onto the ООО programme, a new form or funding) refreshes
-- nobody. Same trigger names, so access still goes before the cards.
CREATE FUNCTION person_sync_enrollment_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  ids := ARRAY(
    SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
           LATERAL (VALUES (n.person_id), (o.person_id)) v(x)
     WHERE (n.person_id, n.organization_id, n.started_on, n.ended_on)
           IS DISTINCT FROM (o.person_id, o.organization_id, o.started_on, o.ended_on));
  IF TG_ARGV[0] = 'access' THEN
    PERFORM person_access_refresh(ids);
  ELSE
    PERFORM person_cards_refresh(ids, false);
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER enrollments_access_upd ON enrollments;
CREATE TRIGGER enrollments_access_upd AFTER UPDATE ON enrollments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_sync_enrollment_update('access');
DROP TRIGGER enrollments_cards_upd ON enrollments;
CREATE TRIGGER enrollments_cards_upd AFTER UPDATE ON enrollments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_sync_enrollment_update('cards');

CREATE FUNCTION person_cards_sync_enrollments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM person_cards_refresh(ARRAY(SELECT DISTINCT person_id FROM new_rows), false);
  ELSE
    PERFORM person_cards_refresh(ARRAY(SELECT DISTINCT person_id FROM old_rows), false);
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER enrollments_cards_ins ON enrollments;
CREATE TRIGGER enrollments_cards_ins AFTER INSERT ON enrollments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync_enrollments();
DROP TRIGGER enrollments_cards_del ON enrollments;
CREATE TRIGGER enrollments_cards_del AFTER DELETE ON enrollments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync_enrollments();

-- A placement lies inside its enrollment's dates: checked once per statement over the rows it wrote
-- (a promotion writes a placement per learner), with the same constraint name for the problem answer.
CREATE FUNCTION placements_inside_enrollment_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN enrollments e ON e.id = n.enrollment_id
              WHERE NOT daterange(e.started_on, e.ended_on, '[)') @> daterange(n.valid_from, n.valid_to, '[)')) THEN
    RAISE EXCEPTION 'placement outside its enrollment'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'placements_inside_enrollment';
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER placements_inside_enrollment ON placements;
DROP FUNCTION placement_inside_enrollment();
-- Same name for the insert trigger: the generator's loader disables it by name around its COPY.
CREATE TRIGGER placements_inside_enrollment AFTER INSERT ON placements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION placements_inside_enrollment_set();
CREATE TRIGGER placements_inside_enrollment_upd AFTER UPDATE ON placements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION placements_inside_enrollment_set();

-- movements_late_idx (order_id) INCLUDE (entered_at) serves every lookup by order: the plain one is a
-- second index to write for each of the hundreds of thousands of lines of a region's promotion.
DROP INDEX movements_order_idx;
