-- The change feed (issue 12 item 4): one row per (transaction, changed entity), written by statement
-- triggers in the writing transaction itself, read by GET /api/v1/changes in commit-safe order.
--
-- Order and completeness. An identity value taken at INSERT time is not commit order: a transaction that
-- took id 10 may commit after one that took 11, and a reader already past 11 would never see 10. Each row
-- therefore carries the writing transaction's id (pg_current_xact_id(), xid8: 64 bits, never wraps), and
-- the reader serves only rows whose transaction is older than the xmin of its own snapshot
-- (pg_snapshot_xmin(pg_current_snapshot())): every such transaction has ended, so those rows are final —
-- committed and visible, or rolled back and gone. Any transaction still writing, or yet to write, has an
-- xid at or above that xmin. Rows are served in (xid, id) order and the cursor is the (xid, id) of the
-- last row served: nothing can later appear at or below it, so resuming from it misses and repeats nothing.
--
-- Compact writes. A row holds the entity's type and id and what scopes it (the organization of an
-- enrollment or order; for a person, the scope nodes that held it before the change); the state is
-- rendered when read. One row per entity per transaction (change_log_entity_uq, ON CONFLICT): a
-- transaction that rewrites a person's card, access rows and documents leaves one row, not five.
CREATE TABLE change_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  -- Enrollments and orders: the organization (kept after a deletion, so the tombstone finds its scope).
  organization_id uuid,
  -- Persons: the scope nodes whose person_access rows this transaction removed, so that a reader that
  -- lost the person (a link ended, a record destroyed) still gets its tombstone.
  lost_nodes uuid[],
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT change_log_pkey PRIMARY KEY (xid, id)
);
CREATE UNIQUE INDEX change_log_entity_uq ON change_log (xid, entity_type, entity_id);

-- The generic capture. TG_ARGV[0]: the entity type; TG_ARGV[1]: a query over "$rows" (the transition
-- table) giving (id, org); TG_ARGV[2], optional: the query for an UPDATE over new_rows and old_rows
-- (by default the first over both).
CREATE FUNCTION change_log_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := replace(TG_ARGV[1], '$rows', 'new_rows');
  ELSIF TG_OP = 'DELETE' THEN
    src := replace(TG_ARGV[1], '$rows', 'old_rows');
  ELSIF TG_NARGS > 2 THEN
    src := TG_ARGV[2];
  ELSE
    src := replace(TG_ARGV[1], '$rows', 'new_rows') || ' UNION ' || replace(TG_ARGV[1], '$rows', 'old_rows');
  END IF;
  EXECUTE format(
    'INSERT INTO change_log (entity_type, entity_id, organization_id)
     SELECT DISTINCT ON (k.id) %L, k.id, k.org FROM (%s) k(id, org) WHERE k.id IS NOT NULL
     ORDER BY k.id
     ON CONFLICT (xid, entity_type, entity_id) DO NOTHING', TG_ARGV[0], src);
  RETURN NULL;
END $$;

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('enrollments', 'enrollment', 'SELECT id, organization_id FROM $rows', NULL),
    ('enrollment_status_periods', 'enrollment',
     'SELECT r.enrollment_id, e.organization_id FROM $rows r JOIN enrollments e ON e.id = r.enrollment_id', NULL),
    ('placements', 'enrollment',
     'SELECT r.enrollment_id, e.organization_id FROM $rows r JOIN enrollments e ON e.id = r.enrollment_id', NULL),
    ('orders', 'order', 'SELECT id, organization_id FROM $rows', NULL),
    ('movements', 'order', 'SELECT r.order_id, o.organization_id FROM $rows r JOIN orders o ON o.id = r.order_id', NULL),
    -- The person's state is its card (persons, documents, addresses, contacts, hardships, links,
    -- enrollments): the read model is rewritten in the same transaction whenever any of them changes,
    -- and a refresh that rewrites an unchanged card (a linked person's) is not a change.
    ('person_cards', 'person', 'SELECT person_id, NULL::uuid FROM $rows',
     'SELECT n.person_id, NULL::uuid FROM new_rows n JOIN old_rows o ON o.person_id = n.person_id
       WHERE n.card::text IS DISTINCT FROM o.card::text OR n.status IS DISTINCT FROM o.status'),
    ('persons', 'person', 'SELECT id, NULL::uuid FROM $rows',
     'SELECT n.id, NULL::uuid FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.status IS DISTINCT FROM o.status OR n.merged_into_id IS DISTINCT FROM o.merged_into_id'),
    -- Scope gained (an organization moved, a link made): the person appears to the new readers.
    ('person_access', 'person', 'SELECT person_id, NULL::uuid FROM $rows', NULL),
    -- Health is an entity of its own, served only to readers with the health permission.
    ('person_health', 'person_health', 'SELECT person_id, NULL::uuid FROM $rows', NULL),
    ('person_disabilities', 'person_health', 'SELECT person_id, NULL::uuid FROM $rows', NULL),
    ('person_special_needs', 'person_health', 'SELECT person_id, NULL::uuid FROM $rows', NULL)
  ) AS v(tab, entity, q, upd)
  LOOP
    IF t.tab <> 'person_access' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(%L, %L)', t.tab || '_changes_ins', t.tab, t.entity, t.q);
      IF t.upd IS NULL THEN
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(%L, %L)', t.tab || '_changes_upd', t.tab, t.entity, t.q);
      ELSE
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(%L, %L, %L)', t.tab || '_changes_upd', t.tab,
          t.entity, t.q, t.upd);
      END IF;
      EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(%L, %L)', t.tab || '_changes_del', t.tab, t.entity, t.q);
    ELSE
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(%L, %L)', t.tab || '_changes_ins', t.tab, t.entity, t.q);
    END IF;
  END LOOP;
END $$;

-- Scope lost: the nodes whose access rows go are kept on the person's row of this transaction. A refresh
-- deletes and re-inserts all of a learner's rows, so these are the nodes that held the person before it.
CREATE FUNCTION change_log_capture_access_loss() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_log AS l (entity_type, entity_id, lost_nodes)
  SELECT 'person', o.person_id, array_agg(DISTINCT o.node_id ORDER BY o.node_id)
    FROM old_rows o GROUP BY o.person_id ORDER BY o.person_id
  ON CONFLICT (xid, entity_type, entity_id) DO UPDATE
    SET lost_nodes = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(l.lost_nodes, '{}') || EXCLUDED.lost_nodes) x
                            ORDER BY x)
    WHERE NOT coalesce(l.lost_nodes, '{}') @> EXCLUDED.lost_nodes;
  RETURN NULL;
END $$;
CREATE TRIGGER person_access_changes_del AFTER DELETE ON person_access REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture_access_loss();
CREATE TRIGGER person_access_changes_upd AFTER UPDATE ON person_access REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture_access_loss();

-- The full-access window after an exit closes by the calendar (ACCESS_GRACE_DAYS), with no write: the
-- daily feed job calls this for the persons whose window closed on the given day, so a reader that had
-- them gets their «out of scope» tombstones as it would for any other loss.
CREATE FUNCTION change_log_note_grace_expiry(closed_on date, grace integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  INSERT INTO change_log AS l (entity_type, entity_id, lost_nodes)
  SELECT 'person', a.person_id, array_agg(DISTINCT a.node_id ORDER BY a.node_id)
    FROM person_access a
   WHERE a.last_day = closed_on - grace - 1
   GROUP BY a.person_id ORDER BY a.person_id
  ON CONFLICT (xid, entity_type, entity_id) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
