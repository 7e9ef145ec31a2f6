-- The person card as a read model. Reading a card is the registry's hottest route; assembling it from
-- eight tables costs about fifteen times a single-row read, while edits are rare. So each card is kept
-- assembled in person_cards, refreshed by statement triggers in the same transaction as the change
-- that affects it, and read with one index probe. The card of a destroyed person is removed.

CREATE TABLE person_cards (
  person_id uuid PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
  status text NOT NULL,
  card json NOT NULL,
  -- Every scope node that sees this person: the organizations where they are enrolled or where the
  -- learners they represent are enrolled, and all the nodes above those. The scope check is then an
  -- array overlap with the actor's own nodes.
  scope_node_ids uuid[] NOT NULL
);

-- The parts of a card. Both the per-person refresh and the full rebuild assemble cards from these,
-- so the two cannot drift apart.
CREATE FUNCTION person_card_document(d person_documents) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', d.id, 'type', d.type, 'series', d.series, 'number', d.number,
    'issuedOn', d.issued_on, 'issuer', d.issuer, 'issuerCode', d.issuer_code,
    'actRecordNumber', d.act_record_number, 'validUntil', d.valid_until)
$$;

CREATE FUNCTION person_card_address(a person_addresses) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('kind', a.kind, 'text', a.text, 'garGuid', a.gar_guid, 'oktmo', a.oktmo,
    'validFrom', a.valid_from, 'validTo', a.valid_to)
$$;

CREATE FUNCTION person_card_contact(c person_contacts) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('kind', c.kind, 'value', c.value, 'note', c.note)
$$;

CREATE FUNCTION person_card_hardship(h person_hardships) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('category', h.category, 'startedOn', h.started_on, 'endedOn', h.ended_on,
    'note', h.note)
$$;

CREATE FUNCTION person_card_link_person(q persons) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', q.id, 'lastName', q.last_name, 'firstName', q.first_name,
    'middleName', q.middle_name, 'birthDate', q.birth_date, 'snils', q.snils)
$$;

CREATE FUNCTION person_card_representative(r representations, q persons) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('linkId', r.id, 'relation', r.relation, 'authorityDocument', r.authority_document,
    'validFrom', r.valid_from, 'validTo', r.valid_to, 'person', person_card_link_person(q))
$$;

CREATE FUNCTION person_card_represented(r representations, q persons) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('linkId', r.id, 'relation', r.relation, 'person', person_card_link_person(q))
$$;

CREATE FUNCTION person_card_enrollment(e enrollments, organization_name text) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', e.id, 'organizationId', e.organization_id, 'organizationName', organization_name,
    'startedOn', e.started_on, 'endedOn', e.ended_on)
$$;

CREATE FUNCTION person_card_object(p persons, documents json, addresses json, contacts json, hardships json,
  representatives json, represents json, enrollments json) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', p.id, 'lastName', p.last_name, 'firstName', p.first_name, 'middleName', p.middle_name,
    'birthDate', p.birth_date, 'birthPlace', p.birth_place, 'sex', p.sex,
    'citizenship', json_build_object('codes', p.citizenship_codes, 'stateless', p.stateless),
    'snils', p.snils, 'status', p.status, 'mergedIntoId', p.merged_into_id, 'version', p.version,
    'createdAt', p.created_at, 'updatedAt', p.updated_at,
    'documents', coalesce(documents, '[]'), 'addresses', coalesce(addresses, '[]'),
    'contacts', coalesce(contacts, '[]'), 'hardships', coalesce(hardships, '[]'),
    'representatives', coalesce(representatives, '[]'), 'represents', coalesce(represents, '[]'),
    'enrollments', coalesce(enrollments, '[]'))
$$;

-- Refreshes the cards of the given persons and of everyone linked to them: a person's name shows on
-- the cards of the people they are linked with, and a learner's enrollments decide who sees their
-- representatives. Rows are written in id order so that concurrent refreshes lock in the same order.
CREATE FUNCTION person_cards_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ids := ARRAY(
    SELECT DISTINCT x FROM (
      SELECT unnest(ids) AS x
      UNION ALL SELECT r.representative_id FROM representations r
       WHERE r.learner_id = ANY(ids) AND r.revoked_at IS NULL
      UNION ALL SELECT r.learner_id FROM representations r
       WHERE r.representative_id = ANY(ids) AND r.revoked_at IS NULL) s
     WHERE x IS NOT NULL);
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  DELETE FROM person_cards pc
   WHERE pc.person_id = ANY(ids)
     AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = pc.person_id AND p.status <> 'destroyed');
  INSERT INTO person_cards (person_id, status, card, scope_node_ids)
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
         FROM enrollments e JOIN organizations o ON o.id = e.organization_id WHERE e.person_id = p.id)),
    ARRAY(SELECT DISTINCT c.ancestor_id FROM scope_closure c
           WHERE c.descendant_id IN (
             SELECT e.organization_id FROM enrollments e WHERE e.person_id = p.id
             UNION ALL
             SELECT e.organization_id FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
              WHERE r.representative_id = p.id AND r.revoked_at IS NULL)
           ORDER BY 1)
    FROM persons p
   WHERE p.id = ANY(ids) AND p.status <> 'destroyed'
   ORDER BY p.id
  ON CONFLICT (person_id) DO UPDATE
    SET status = EXCLUDED.status, card = EXCLUDED.card, scope_node_ids = EXCLUDED.scope_node_ids;
END $$;

-- All cards at once, with set-wise joins instead of per-person probes: for the migration and for
-- bulk loads, which defer the triggers (SET kontingent.person_cards = 'deferred') and call this.
-- Sorting each table once by person beats hashing it and then sorting every person's group.
CREATE FUNCTION person_cards_rebuild() RETURNS bigint LANGUAGE plpgsql
SET enable_hashagg = off SET enable_indexscan = off SET work_mem = '256MB' AS $$
DECLARE
  n bigint;
BEGIN
  DELETE FROM person_cards;
  INSERT INTO person_cards (person_id, status, card, scope_node_ids)
  SELECT p.id, p.status,
    person_card_object(p, d.list, a.list, c.list, h.list, rs.list, rd.list, en.list),
    coalesce(vis.scope_node_ids, '{}')
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
    LEFT JOIN (SELECT s.person_id, array_agg(DISTINCT c.ancestor_id ORDER BY c.ancestor_id) AS scope_node_ids
                 FROM (SELECT e.person_id, e.organization_id FROM enrollments e
                       UNION ALL
                       SELECT r.representative_id, e.organization_id
                         FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
                        WHERE r.revoked_at IS NULL) s
                 JOIN scope_closure c ON c.descendant_id = s.organization_id
                GROUP BY s.person_id) vis ON vis.person_id = p.id
   WHERE p.status <> 'destroyed';
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- One trigger function for every table a card reads; its arguments name the columns that hold
-- person ids. Bulk loads may defer it for their transaction and rebuild once at the end.
CREATE FUNCTION person_cards_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
  col text;
BEGIN
  IF current_setting('kontingent.person_cards', true) = 'deferred' THEN
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

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('persons', 'id'), ('person_documents', 'person_id'), ('person_addresses', 'person_id'),
      ('person_contacts', 'person_id'), ('person_hardships', 'person_id'),
      ('representations', 'learner_id, representative_id'), ('enrollments', 'person_id')) AS v(tab, cols)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync(%s)', t.tab || '_cards_ins', t.tab, t.cols);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync(%s)', t.tab || '_cards_upd', t.tab, t.cols);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync(%s)', t.tab || '_cards_del', t.tab, t.cols);
  END LOOP;
END $$;

-- A renamed organization shows its new name on the cards of everyone enrolled there.
CREATE FUNCTION person_cards_sync_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('kontingent.person_cards', true) = 'deferred' THEN
    RETURN NULL;
  END IF;
  PERFORM person_cards_refresh(ARRAY(
    SELECT e.person_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      JOIN enrollments e ON e.organization_id = n.id
     WHERE n.short_name IS DISTINCT FROM o.short_name));
  RETURN NULL;
END $$;
CREATE TRIGGER organizations_cards_upd AFTER UPDATE ON organizations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync_organizations();

-- An organization or territory moved in the scope tree changes who sees the people enrolled below it.
CREATE FUNCTION person_cards_sync_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('kontingent.person_cards', true) = 'deferred' THEN
    RETURN NULL;
  END IF;
  PERFORM person_cards_refresh(ARRAY(
    SELECT e.person_id FROM enrollments e WHERE e.organization_id IN (SELECT descendant_id FROM changed)));
  RETURN NULL;
END $$;
CREATE TRIGGER scope_closure_cards_ins AFTER INSERT ON scope_closure REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync_scope();
CREATE TRIGGER scope_closure_cards_del AFTER DELETE ON scope_closure REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync_scope();

SELECT person_cards_rebuild();
