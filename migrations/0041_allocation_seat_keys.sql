-- An outcome's and a referral's seat is one of its run's groups, checked by one key instead of two.
--
-- Writing a run's 100,000 outcomes and approving its 71,800 referrals spent most of their time in
-- foreign-key checks, one per key per row (issue 11 benchmark: 0.6–1.2 s per key). The organization and
-- the group were checked separately against organizations and units; a single key to the run's group
-- checks both, and more: that the group was part of the run and belongs to that kindergarten.

ALTER TABLE allocation_run_groups
  ADD CONSTRAINT allocation_run_groups_seat_key UNIQUE (run_id, unit_id, organization_id);

ALTER TABLE allocation_outcomes
  DROP CONSTRAINT allocation_outcomes_organization_id_fkey,
  DROP CONSTRAINT allocation_outcomes_unit_id_fkey,
  ADD CONSTRAINT allocation_outcomes_seat_fkey FOREIGN KEY (run_id, unit_id, organization_id)
    REFERENCES allocation_run_groups (run_id, unit_id, organization_id) ON DELETE CASCADE;

ALTER TABLE referrals
  DROP CONSTRAINT referrals_organization_id_fkey,
  DROP CONSTRAINT referrals_unit_id_fkey,
  ADD CONSTRAINT referrals_seat_fkey FOREIGN KEY (run_id, unit_id, organization_id)
    REFERENCES allocation_run_groups (run_id, unit_id, organization_id);
