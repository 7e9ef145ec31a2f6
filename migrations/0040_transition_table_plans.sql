-- Statement triggers read their transition tables (new_rows, old_rows) only through EXECUTE.
--
-- PL/pgSQL caches a statement's plan for the life of a connection, and a statement without parameters is
-- planned once, generically: for the size its transition tables had the first time the trigger ran in that
-- connection. A pooled connection whose first update of preschool_applications touched one row keeps a
-- nested loop over new_rows × old_rows, and the allocation approval that later moves 71,800 applications
-- through it compared 5·10⁹ pairs (minutes instead of a second). Dynamic SQL is planned each time, with the
-- real row counts: a fraction of a millisecond per statement, once per statement, not per row.
-- test/api/transition-plans.test.ts keeps it so for every trigger function.

CREATE OR REPLACE FUNCTION attendance_days_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$
    INSERT INTO attendance_days_history (attendance_id, organization_id, person_id, date, status, reason,
           lessons_scheduled, lessons_missed, lessons_unexcused, lessons, source_system, source_id, version,
           batch_id, received_at, superseded_by_batch)
    SELECT o.id, o.organization_id, o.person_id, o.date, o.status, o.reason, o.lessons_scheduled,
           o.lessons_missed, o.lessons_unexcused, o.lessons, o.source_system, o.source_id, o.version,
           o.batch_id, o.received_at, n.batch_id
      FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.date = o.date
     WHERE n.version <> o.version $q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION learner_results_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$
    INSERT INTO learner_results_history (result_id, organization_id, academic_year, kind, period_type,
           period_number, subject, scale, grade, graded_on, version, batch_id, received_at, superseded_by_batch)
    SELECT o.id, o.organization_id, o.academic_year, o.kind, o.period_type, o.period_number, o.subject, o.scale,
           o.grade, o.graded_on, o.version, o.batch_id, o.received_at, n.batch_id
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE n.version <> o.version $q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION change_log_capture_access_loss() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$
    INSERT INTO change_log AS l (entity_type, entity_id, lost_nodes)
    SELECT 'person', o.person_id, array_agg(DISTINCT o.node_id ORDER BY o.node_id)
      FROM old_rows o GROUP BY o.person_id ORDER BY o.person_id
    ON CONFLICT (xid, entity_type, entity_id) DO UPDATE
      SET lost_nodes = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(l.lost_nodes, '{}') || EXCLUDED.lost_nodes) x
                              ORDER BY x)
      WHERE NOT coalesce(l.lost_nodes, '{}') @> EXCLUDED.lost_nodes $q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION enrollment_periods_changed_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE $q$SELECT array_agg(DISTINCT enrollment_id) FROM new_rows$q$ INTO part;
    ids := ids || coalesce(part, '{}');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE $q$SELECT array_agg(DISTINCT enrollment_id) FROM old_rows$q$ INTO part;
    ids := ids || coalesce(part, '{}');
  END IF;
  PERFORM enrollments_project(ARRAY(SELECT DISTINCT x FROM unnest(ids) x ORDER BY x));
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
    EXECUTE $q$
      SELECT ARRAY(
        SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
               LATERAL (VALUES (n.person_id), (o.person_id)) v(x)
         WHERE (n.person_id, n.organization_id, n.started_on, n.ended_on)
               IS DISTINCT FROM (o.person_id, o.organization_id, o.started_on, o.ended_on)) $q$ INTO ids;
    PERFORM person_access_refresh(ids);
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
      EXECUTE $q$
        SELECT ARRAY(
          SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
                 LATERAL (VALUES (n.person_id), (o.person_id)) v(x)
           WHERE (n.person_id, n.organization_id, n.started_on, n.ended_on)
                 IS DISTINCT FROM (o.person_id, o.organization_id, o.started_on, o.ended_on)) $q$ INTO ids;
    ELSIF TG_OP = 'INSERT' THEN
      EXECUTE $q$SELECT ARRAY(SELECT DISTINCT person_id FROM new_rows)$q$ INTO ids;
    ELSE
      EXECUTE $q$SELECT ARRAY(SELECT DISTINCT person_id FROM old_rows)$q$ INTO ids;
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

CREATE OR REPLACE FUNCTION person_cards_sync_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  EXECUTE $q$
    SELECT ARRAY(
      SELECT e.person_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN enrollments e ON e.organization_id = n.id
       WHERE n.short_name IS DISTINCT FROM o.short_name) $q$ INTO ids;
  PERFORM person_cards_refresh(ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION placements_inside_enrollment_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  outside boolean;
BEGIN
  EXECUTE $q$
    SELECT EXISTS (SELECT 1 FROM new_rows n JOIN enrollments e ON e.id = n.enrollment_id
                    WHERE NOT daterange(e.started_on, e.ended_on, '[)') @> daterange(n.valid_from, n.valid_to, '[)'))
  $q$ INTO outside;
  IF outside THEN
    RAISE EXCEPTION 'placement outside its enrollment'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'placements_inside_enrollment';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION preschool_applications_access_upd() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  EXECUTE $q$
    SELECT ARRAY(
      SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
             LATERAL (VALUES (n.child_id), (o.child_id)) v(x)
       WHERE (n.child_id, n.applicant_id, n.municipality_id, n.closed_on)
             IS DISTINCT FROM (o.child_id, o.applicant_id, o.municipality_id, o.closed_on)) $q$ INTO ids;
  PERFORM person_access_refresh(ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION preschool_transfers_access_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE $q$
      SELECT array_agg(a.child_id) FROM new_rows n JOIN preschool_applications a ON a.id = n.application_id
       WHERE n.status = 'accepted' $q$ INTO part;
    ids := ids || coalesce(part, '{}');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE $q$
      SELECT array_agg(a.child_id) FROM old_rows o JOIN preschool_applications a ON a.id = o.application_id
       WHERE o.status = 'accepted' $q$ INTO part;
    ids := ids || coalesce(part, '{}');
  END IF;
  PERFORM person_access_refresh(ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION preschool_transfers_cancel_on_close() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$
    UPDATE preschool_application_transfers t
       SET status = 'cancelled', decided_at = now(), decided_on = n.closed_on, version = t.version + 1,
           decision_reason = 'Заявление закрыто до решения о переводе'
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE t.application_id = n.id AND t.status = 'requested'
       AND n.closed_on IS NOT NULL AND o.closed_on IS NULL $q$;
  RETURN NULL;
END $$;
