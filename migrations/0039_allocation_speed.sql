-- Allocation at a municipality's scale (issue 11 benchmark: 100,000 applications). An approval moves tens
-- of thousands of applications to «направлен»; only a change of child, applicant, municipality or closing
-- changes who may see the family, so the access refresh looks at those rows alone, as 0032 does for
-- enrollments. The run page counts each group's outcomes, and the parent's cabinet reads an
-- application's referrals: both by index.

CREATE OR REPLACE FUNCTION preschool_applications_access_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  PERFORM person_access_refresh(ARRAY(
    SELECT DISTINCT x FROM new_rows n JOIN old_rows o ON o.id = n.id,
           LATERAL (VALUES (n.child_id), (o.child_id)) v(x)
     WHERE (n.child_id, n.applicant_id, n.municipality_id, n.closed_on)
           IS DISTINCT FROM (o.child_id, o.applicant_id, o.municipality_id, o.closed_on)));
  RETURN NULL;
END $$;

DROP TRIGGER preschool_applications_access_upd ON preschool_applications;
CREATE TRIGGER preschool_applications_access_upd AFTER UPDATE ON preschool_applications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION preschool_applications_access_upd();

CREATE INDEX allocation_outcomes_unit_idx ON allocation_outcomes (run_id, unit_id, outcome) WHERE unit_id IS NOT NULL;
CREATE INDEX referrals_application_idx ON referrals (application_id);
