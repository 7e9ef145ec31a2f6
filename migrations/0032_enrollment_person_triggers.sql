-- The person-data guard knows the cards' triggers by their function (person_cards_sync and its column
-- arguments), so enrollments keep that function and those trigger names; 0031's enrollment-only functions go.
-- What 0031 meant stays: an enrollment shows on its own learner's card only (no parent's card is rebuilt),
-- and an update that changes none of person, organization and dates refreshes neither cards nor access.

CREATE OR REPLACE FUNCTION person_cards_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
  col text;
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'enrollments' THEN
    IF TG_OP = 'UPDATE' THEN
      ids := ARRAY(
        SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
               LATERAL (VALUES (n.person_id), (o.person_id)) v(x)
         WHERE (n.person_id, n.organization_id, n.started_on, n.ended_on)
               IS DISTINCT FROM (o.person_id, o.organization_id, o.started_on, o.ended_on));
    ELSIF TG_OP = 'INSERT' THEN
      ids := ARRAY(SELECT DISTINCT person_id FROM new_rows);
    ELSE
      ids := ARRAY(SELECT DISTINCT person_id FROM old_rows);
    END IF;
    PERFORM person_cards_refresh(ids, false);
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

CREATE OR REPLACE FUNCTION person_access_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'enrollments' AND TG_OP = 'UPDATE' THEN
    PERFORM person_access_refresh(ARRAY(
      SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
             LATERAL (VALUES (n.person_id), (o.person_id)) v(x)
       WHERE (n.person_id, n.organization_id, n.started_on, n.ended_on)
             IS DISTINCT FROM (o.person_id, o.organization_id, o.started_on, o.ended_on)));
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

DROP TRIGGER enrollments_access_upd ON enrollments;
CREATE TRIGGER enrollments_access_upd AFTER UPDATE ON enrollments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync('person_id');
DROP TRIGGER enrollments_cards_ins ON enrollments;
CREATE TRIGGER enrollments_cards_ins AFTER INSERT ON enrollments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync('person_id');
DROP TRIGGER enrollments_cards_upd ON enrollments;
CREATE TRIGGER enrollments_cards_upd AFTER UPDATE ON enrollments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync('person_id');
DROP TRIGGER enrollments_cards_del ON enrollments;
CREATE TRIGGER enrollments_cards_del AFTER DELETE ON enrollments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_cards_sync('person_id');
DROP FUNCTION person_sync_enrollment_update();
DROP FUNCTION person_cards_sync_enrollments();
