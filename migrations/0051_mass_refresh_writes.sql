-- A mass refresh at its second run in a session, and two writes of it that changed nothing a reader sees.
--
-- The card refresh collects the persons still to lock with `NOT y = ANY(locked)`. Planned for the values
-- at hand, the array is a constant and is hashed; after a few calls in a session the cached plan is generic,
-- the array a parameter, and each of 100,000 ids was compared with each of 100,000 others: 43 s of a
-- graduation, and of its undo, once a server had run a few mass refreshes. The set difference is hashed in
-- either plan.
--
-- A refresh rewrites the cards of the persons it is given and of everyone linked to them, but a linked
-- person's card rarely changes: a graduation ends ~100,000 enrollments and changes those learners' cards,
-- while the ~200,000 representatives refreshed with them show the same card as before. A card equal to the
-- stored one is left as it is (no new row version, no index entry, nothing for the change feed to compare).

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
      SELECT y FROM (
        SELECT unnest(ids) AS y
        UNION ALL SELECT r.representative_id FROM representations r
         WHERE linked AND r.learner_id = ANY(ids) AND r.revoked_at IS NULL
        UNION ALL SELECT r.learner_id FROM representations r
         WHERE linked AND r.representative_id = ANY(ids) AND r.revoked_at IS NULL) s
       WHERE y IS NOT NULL
      EXCEPT SELECT unnest(locked)
      ORDER BY 1);
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
  ON CONFLICT (person_id) DO UPDATE SET status = EXCLUDED.status, card = EXCLUDED.card
   WHERE (person_cards.status, person_cards.card::text) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.card::text);
END $$;

-- The same graduation moved the last day of a million access rows from «open» to a day after today, and
-- each moved row was noted in the change feed as a possible loss of scope (a person row per learner and
-- representative, 4 s). Full access lasts while last_day IS NULL OR last_day >= today - grace, with a
-- grace of zero days or more: a row open, or ending today or later, gives full access today whatever the
-- grace, before and after such an update, so no reader's view of the person changes and nothing is noted.
-- The day its window closes, the daily feed job notes it (change_log_note_grace_expiry). A row whose
-- last day is, or was, before today may have lost or regained full access now, and is noted as before.
-- An update of person_access moves only last_day (a refresh never changes a key: a changed key is a
-- deletion and an insertion), so the old and the new row of a noted update name the same nodes.
CREATE OR REPLACE FUNCTION change_log_capture_access_loss() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    EXECUTE $q$
      INSERT INTO change_log AS l (entity_type, entity_id, lost_nodes)
      SELECT 'person', o.person_id, array_agg(DISTINCT o.node_id ORDER BY o.node_id)
        FROM old_rows o GROUP BY o.person_id ORDER BY o.person_id
      ON CONFLICT (xid, entity_type, entity_id) DO UPDATE
        SET lost_nodes = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(l.lost_nodes, '{}') || EXCLUDED.lost_nodes) x
                                ORDER BY x)
        WHERE NOT coalesce(l.lost_nodes, '{}') @> EXCLUDED.lost_nodes $q$;
  ELSE
    EXECUTE $q$
      INSERT INTO change_log AS l (entity_type, entity_id, lost_nodes)
      SELECT 'person', s.person_id, array_agg(DISTINCT s.node_id ORDER BY s.node_id)
        FROM (SELECT o.person_id, o.node_id FROM old_rows o WHERE o.last_day < current_date
              UNION ALL
              SELECT n.person_id, n.node_id FROM new_rows n WHERE n.last_day < current_date) s
       GROUP BY s.person_id ORDER BY s.person_id
      ON CONFLICT (xid, entity_type, entity_id) DO UPDATE
        SET lost_nodes = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(l.lost_nodes, '{}') || EXCLUDED.lost_nodes) x
                                ORDER BY x)
        WHERE NOT coalesce(l.lost_nodes, '{}') @> EXCLUDED.lost_nodes $q$;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER person_access_changes_upd ON person_access;
CREATE TRIGGER person_access_changes_upd AFTER UPDATE ON person_access
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture_access_loss();
