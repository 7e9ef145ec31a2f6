-- enrollments.started_on/ended_on become a projection of the status periods: the first period's start,
-- and the start of the exited period. They stay columns (not a view) because person_access, the cards,
-- contingent, merge, destruction and the citizen view all read and index them, and the exclusion
-- constraints of 0025 need them on the enrollment row. The period trigger writes them; a direct write
-- (a merge ending a contested enrollment, its undo, or an enrollment made before orders) is carried
-- into the periods by the guard below, so the two can never disagree.

CREATE FUNCTION enrollment_level_from_programme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.level := (SELECT p.level FROM education_programmes p WHERE p.id = NEW.programme_id);
  RETURN NEW;
END $$;
CREATE TRIGGER enrollments_level BEFORE INSERT OR UPDATE OF programme_id ON enrollments
  FOR EACH ROW EXECUTE FUNCTION enrollment_level_from_programme();

-- Recomputes the projection of one enrollment from its periods.
CREATE FUNCTION enrollment_project(eid uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s date; e date;
BEGIN
  SELECT min(valid_from), min(valid_from) FILTER (WHERE status = 'exited') INTO s, e
    FROM enrollment_status_periods WHERE enrollment_id = eid;
  -- The guard below writes the row itself; updating it again from here would touch it twice.
  IF s IS NULL OR current_setting('kontingent.enrollment_guard', true) = eid::text THEN RETURN; END IF;
  PERFORM set_config('kontingent.enrollment_projection', 'on', true);
  UPDATE enrollments SET started_on = s, ended_on = e
   WHERE id = eid AND (started_on, ended_on) IS DISTINCT FROM (s, e);
  PERFORM set_config('kontingent.enrollment_projection', 'off', true);
END $$;

CREATE FUNCTION enrollment_periods_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM enrollment_project(OLD.enrollment_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM enrollment_project(NEW.enrollment_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER enrollment_status_periods_project AFTER INSERT OR UPDATE OR DELETE ON enrollment_status_periods
  FOR EACH ROW EXECUTE FUNCTION enrollment_periods_changed();

-- A direct write of the dates: started_on never changes outside the projection; an ended_on set
-- directly (the merge) becomes an exited period, which the projection then writes back.
CREATE FUNCTION enrollment_dates_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('kontingent.enrollment_projection', true), 'off') = 'on' THEN RETURN NEW; END IF;
  -- An enrollment made by orders changes only through periods; a legacy one (no programme) may still be
  -- written directly, and the write is carried into its periods.
  IF NEW.programme_id IS NOT NULL AND (NEW.started_on IS DISTINCT FROM OLD.started_on
      OR (OLD.ended_on IS NOT NULL AND NEW.ended_on IS NOT NULL AND NEW.ended_on <> OLD.ended_on)) THEN
    RAISE EXCEPTION 'enrollment dates are derived from status periods'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_dates_derived';
  END IF;
  PERFORM set_config('kontingent.enrollment_guard', NEW.id::text, true);
  IF NEW.started_on IS DISTINCT FROM OLD.started_on THEN
    UPDATE enrollment_status_periods SET valid_from = NEW.started_on
     WHERE enrollment_id = NEW.id AND valid_from = OLD.started_on;
  END IF;
  IF NEW.ended_on IS DISTINCT FROM OLD.ended_on THEN
    IF OLD.ended_on IS NOT NULL THEN
      -- Reopening (a merge undone): the exited period goes, the last one opens again.
      DELETE FROM enrollment_status_periods WHERE enrollment_id = NEW.id AND status = 'exited';
      UPDATE enrollment_status_periods SET valid_to = NULL WHERE enrollment_id = NEW.id AND valid_to = OLD.ended_on;
    END IF;
    IF NEW.ended_on IS NOT NULL THEN
      -- Periods and placements from the end on never happened (a merge ends a twin on its first day).
      DELETE FROM placements WHERE enrollment_id = NEW.id AND valid_from >= NEW.ended_on;
      DELETE FROM enrollment_status_periods WHERE enrollment_id = NEW.id AND valid_from >= NEW.ended_on;
      UPDATE placements SET valid_to = NEW.ended_on
       WHERE enrollment_id = NEW.id AND (valid_to IS NULL OR valid_to > NEW.ended_on);
      UPDATE enrollment_status_periods SET valid_to = NEW.ended_on
       WHERE enrollment_id = NEW.id AND (valid_to IS NULL OR valid_to > NEW.ended_on);
      INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from) VALUES (NEW.id, 'exited', NEW.ended_on);
    END IF;
  END IF;
  PERFORM set_config('kontingent.enrollment_guard', '', true);
  RETURN NEW;
END $$;
CREATE TRIGGER enrollments_dates_guard BEFORE UPDATE OF started_on, ended_on ON enrollments
  FOR EACH ROW EXECUTE FUNCTION enrollment_dates_guard();

-- A new enrollment opens with its enrolled period (and exited, when created already ended).
CREATE FUNCTION enrollment_first_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.ended_on IS NULL OR NEW.ended_on > NEW.started_on THEN
    INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from, valid_to)
    VALUES (NEW.id, 'enrolled', NEW.started_on, NEW.ended_on);
  END IF;
  IF NEW.ended_on IS NOT NULL THEN
    INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from)
    VALUES (NEW.id, 'exited', NEW.ended_on);
  END IF;
  RETURN NULL;
END $$;

-- Backfill before the insert trigger exists: one enrolled period per enrollment, exited where ended.
INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from, valid_to)
SELECT id, 'enrolled', started_on, ended_on FROM enrollments WHERE ended_on IS NULL OR ended_on > started_on;
INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from)
SELECT id, 'exited', ended_on FROM enrollments WHERE ended_on IS NOT NULL;

CREATE TRIGGER enrollments_first_period AFTER INSERT ON enrollments
  FOR EACH ROW EXECUTE FUNCTION enrollment_first_period();

-- A placement lies inside its enrollment's dates.
CREATE FUNCTION placement_inside_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE e enrollments%ROWTYPE;
BEGIN
  SELECT * INTO e FROM enrollments WHERE id = NEW.enrollment_id;
  IF NOT daterange(e.started_on, e.ended_on, '[)') @> daterange(NEW.valid_from, NEW.valid_to, '[)') THEN
    RAISE EXCEPTION 'placement outside its enrollment'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'placements_inside_enrollment';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER placements_inside_enrollment BEFORE INSERT OR UPDATE ON placements
  FOR EACH ROW EXECUTE FUNCTION placement_inside_enrollment();
