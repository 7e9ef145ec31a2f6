-- Allocation of kindergarten places (комплектование, issue 11): a run of a municipality with its editable
-- free places, the snapshot it decided from and the result, byte for byte as `npm run allocate` recomputes
-- them, each application's outcome with its explanation, and the referrals (направления) an approved run
-- issues.
--
-- A run moves preparing → running → draft → approved, or ends discarded or failed; at most one run of a
-- municipality is unfinished at a time, so two drafts never hand out the same free place.

CREATE TABLE allocation_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL REFERENCES territories (id),
  kind text NOT NULL CHECK (kind IN ('main', 'top_up')),
  -- Ages are full years on this date, and applications wanting a place by it take part.
  reference_date date NOT NULL,
  status text NOT NULL DEFAULT 'preparing'
    CHECK (status IN ('preparing', 'running', 'draft', 'approved', 'discarded', 'failed')),
  job_id uuid REFERENCES background_jobs (id),
  input_sha256 text CHECK (input_sha256 ~ '^[0-9a-f]{64}$'),
  -- Counts for the screens: applications, placed, offered, unplaced, proposals.
  stats jsonb,
  failure text CHECK (length(failure) BETWEEN 1 AND 1000),
  referral_days integer CHECK (referral_days BETWEEN 1 AND 90),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  computed_at timestamptz,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  CONSTRAINT allocation_runs_computed_check
    CHECK (status IN ('preparing', 'running', 'failed', 'discarded') OR input_sha256 IS NOT NULL),
  CONSTRAINT allocation_runs_decided_check
    CHECK ((status IN ('approved', 'discarded')) = (decided_at IS NOT NULL))
);
CREATE UNIQUE INDEX allocation_runs_open_uq ON allocation_runs (municipality_id)
  WHERE status IN ('preparing', 'running', 'draft');
CREATE INDEX allocation_runs_municipality_idx ON allocation_runs (municipality_id, created_at DESC);
CREATE INDEX allocation_runs_job_idx ON allocation_runs (job_id) WHERE job_id IS NOT NULL;

-- The free places of each group as the run found them (capacity, enrolled children, places held by
-- pending referrals) and as the specialist set them before the run.
CREATE TABLE allocation_run_groups (
  run_id uuid NOT NULL REFERENCES allocation_runs (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  capacity integer NOT NULL CHECK (capacity >= 0),
  enrolled integer NOT NULL CHECK (enrolled >= 0),
  held integer NOT NULL CHECK (held >= 0),
  computed_free integer NOT NULL CHECK (computed_free >= 0),
  free integer NOT NULL CONSTRAINT allocation_run_groups_free_check CHECK (free BETWEEN 0 AND 1000),
  -- After computing: children the group admitted in the run, and the weakest of them when it is full.
  admitted integer CHECK (admitted >= 0),
  cutoff jsonb,
  PRIMARY KEY (run_id, unit_id)
);
CREATE INDEX allocation_run_groups_org_idx ON allocation_run_groups (run_id, organization_id);

-- The exact bytes: the snapshot's SHA-256 is the run's input_sha256, and the result is what
-- `npm run allocate -- --input snapshot.json` prints for it.
CREATE TABLE allocation_run_documents (
  run_id uuid PRIMARY KEY REFERENCES allocation_runs (id) ON DELETE CASCADE,
  snapshot text NOT NULL,
  result text NOT NULL
);

-- Each application's outcome in a run, and for every kindergarten ranked above it, why it was not given.
CREATE TABLE allocation_outcomes (
  run_id uuid NOT NULL REFERENCES allocation_runs (id) ON DELETE CASCADE,
  application_id uuid NOT NULL REFERENCES preschool_applications (id),
  outcome text NOT NULL CHECK (outcome IN ('placed', 'offered', 'outranked', 'no_eligible_group',
    'kept_current_seat')),
  organization_id uuid REFERENCES organizations (id),
  unit_id uuid REFERENCES units (id),
  rejected jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (run_id, application_id),
  CONSTRAINT allocation_outcomes_seat_check
    CHECK ((outcome IN ('placed', 'offered')) = (unit_id IS NOT NULL AND organization_id IS NOT NULL))
);
CREATE INDEX allocation_outcomes_application_idx ON allocation_outcomes (application_id);
CREATE INDEX allocation_outcomes_org_idx ON allocation_outcomes (run_id, organization_id) WHERE unit_id IS NOT NULL;

-- A referral (направление) to a kindergarten group: issued by an approved run, valid until its expiry;
-- the family's place is held while it is issued. An offer is a referral to a kindergarten the family did
-- not rank: refusing it keeps the application as it was.
CREATE TABLE referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE CHECK (number ~ '^[0-9]{8}-[0-9]{1,12}/[0-9]{1,6}$'),
  application_id uuid NOT NULL REFERENCES preschool_applications (id),
  run_id uuid NOT NULL REFERENCES allocation_runs (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CHECK (kind IN ('placement', 'offer')),
  issued_on date NOT NULL,
  expires_on date NOT NULL,
  status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'enrolled', 'refused', 'expired', 'cancelled')),
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id),
  close_reason text CHECK (length(close_reason) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT referrals_expiry_check CHECK (expires_on > issued_on),
  CONSTRAINT referrals_closed_check CHECK ((status = 'issued') = (closed_at IS NULL))
);
-- One issued referral per application: an approval that would issue a second one fails whole.
CREATE UNIQUE INDEX referrals_issued_uq ON referrals (application_id) WHERE status = 'issued';
CREATE INDEX referrals_unit_idx ON referrals (unit_id) WHERE status = 'issued';
CREATE INDEX referrals_expiry_idx ON referrals (expires_on) WHERE status = 'issued';
CREATE INDEX referrals_run_idx ON referrals (run_id);
CREATE INDEX referrals_org_idx ON referrals (organization_id, status);

ALTER TABLE preschool_application_events DROP CONSTRAINT preschool_application_events_kind_check;
ALTER TABLE preschool_application_events ADD CONSTRAINT preschool_application_events_kind_check
  CHECK (kind IN ('filed', 'status', 'right_claimed', 'right_confirmed', 'right_rejected', 'changed',
    'referral_issued', 'referral_closed'));
