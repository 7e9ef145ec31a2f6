-- Who sees whom, as (scope node, person) pairs: the persons under a node are one index range, and
-- whether a person is under one of an actor's nodes is one index probe. Searches and reports filter
-- many candidates at once by scope; building that set from enrollments and representation links on
-- every query cost as much as the search itself. The pairs follow person_cards.scope_node_ids through
-- a trigger on the cards, so they change in the same transaction as the enrollments and links.
CREATE TABLE person_scope_nodes (
  node_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  PRIMARY KEY (node_id, person_id)
);

-- Writes only the pairs that change: most card refreshes (a new phone number, a renamed parent) leave
-- the scope nodes as they were.
CREATE FUNCTION person_scope_nodes_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO person_scope_nodes (node_id, person_id)
    SELECT DISTINCT unnest(n.scope_node_ids), n.person_id FROM new_rows n
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM person_scope_nodes s
     USING (SELECT o.person_id, unnest(o.scope_node_ids) AS node_id FROM old_rows o) gone
     WHERE s.node_id = gone.node_id AND s.person_id = gone.person_id;
  ELSE
    DELETE FROM person_scope_nodes s
     USING (SELECT o.person_id, unnest(o.scope_node_ids) AS node_id FROM old_rows o
            EXCEPT SELECT n.person_id, unnest(n.scope_node_ids) FROM new_rows n) gone
     WHERE s.node_id = gone.node_id AND s.person_id = gone.person_id;
    INSERT INTO person_scope_nodes (node_id, person_id)
    SELECT added.node_id, added.person_id
      FROM (SELECT n.person_id, unnest(n.scope_node_ids) AS node_id FROM new_rows n
            EXCEPT SELECT o.person_id, unnest(o.scope_node_ids) FROM old_rows o) added
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER person_cards_scope_ins AFTER INSERT ON person_cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_scope_nodes_sync();
CREATE TRIGGER person_cards_scope_upd AFTER UPDATE ON person_cards
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_scope_nodes_sync();
CREATE TRIGGER person_cards_scope_del AFTER DELETE ON person_cards REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_scope_nodes_sync();

INSERT INTO person_scope_nodes (node_id, person_id)
SELECT DISTINCT unnest(scope_node_ids), person_id FROM person_cards;
