-- An enrollment's first status periods (0026) were written by a row trigger: one single-row INSERT into
-- enrollment_status_periods per enrollment, each running that table's statement triggers (the projection
-- back onto enrollments) on its own. An import of 500 learners spent two thirds of its enrollment
-- statement there. Now one INSERT per statement, for all its enrollments.
--
-- Statement triggers of one event fire in name order, and the access and card triggers of enrollments
-- read the status periods: the name sorts before them, as the row trigger fired before them.
CREATE FUNCTION enrollment_first_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Dynamic: planned for this statement's transition table, not a connection's first one (0040).
  EXECUTE $q$
    INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from, valid_to)
    SELECT id, 'enrolled', started_on, ended_on FROM new_rows WHERE ended_on IS NULL OR ended_on > started_on
    UNION ALL
    SELECT id, 'exited', ended_on, NULL FROM new_rows WHERE ended_on IS NOT NULL$q$;
  RETURN NULL;
END $$;

DROP TRIGGER enrollments_first_period ON enrollments;
DROP FUNCTION enrollment_first_period();
CREATE TRIGGER enrollments_0_first_period AFTER INSERT ON enrollments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enrollment_first_periods();
