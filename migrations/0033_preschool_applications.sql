-- Preschool e-queue (issue 11): applications for a kindergarten place with their ranked kindergartens,
-- claimed rights and status history, and the catchments (закрепленные территории) of a municipality.
--
-- An application ranks by its registration instant, assigned at filing and never changed (a transfer
-- between municipalities keeps it). The arrival number orders applications as they came, region-wide, and
-- the public number (municipality ОКТМО and arrival number) is what a parent types to see the position:
-- neither carries personal data.

CREATE SEQUENCE preschool_application_arrival_seq;

CREATE TABLE preschool_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE CHECK (number ~ '^[0-9]{8}-[0-9]{1,12}$'),
  arrival_no bigint NOT NULL UNIQUE,
  registered_at timestamptz NOT NULL,
  municipality_id uuid NOT NULL REFERENCES territories (id),
  child_id uuid NOT NULL REFERENCES persons (id),
  applicant_id uuid NOT NULL REFERENCES persons (id),
  desired_on date NOT NULL,
  group_focus text NOT NULL DEFAULT 'general'
    CHECK (group_focus IN ('general', 'compensating', 'combined', 'health', 'care')),
  impairment_type text
    CHECK (impairment_type IN ('hearing', 'vision', 'speech', 'musculoskeletal', 'intellectual', 'autism',
                               'mental_delay', 'complex', 'other')),
  -- The ПМПК conclusion a compensating or combined group needs: number and date.
  pmpk_number text CHECK (length(pmpk_number) BETWEEN 1 AND 50),
  pmpk_date date,
  stay_mode text NOT NULL DEFAULT 'full' CHECK (stay_mode IN ('short', 'full', 'extended', 'round_the_clock')),
  language text NOT NULL DEFAULT 'русский' CHECK (length(language) BETWEEN 1 AND 50),
  accepts_alternatives boolean NOT NULL DEFAULT false,
  -- A transfer application: the child is enrolled there, and that seat is the fallback.
  transfer_from_id uuid REFERENCES organizations (id),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'under_review', 'awaiting_confirmation', 'queued',
    'referred', 'enrolled', 'refused', 'withdrawn', 'archived', 'wants_change')),
  -- When the application left the queue for good (enrolled, refused, withdrawn, archived).
  closed_on date,
  filed_by text NOT NULL CHECK (filed_by IN ('operator', 'citizen')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT preschool_applications_impairment_check
    CHECK (impairment_type IS NULL OR group_focus IN ('compensating', 'combined')),
  CONSTRAINT preschool_applications_pmpk_check
    CHECK (group_focus NOT IN ('compensating', 'combined') OR (pmpk_number IS NOT NULL AND pmpk_date IS NOT NULL)),
  CONSTRAINT preschool_applications_closed_check
    CHECK ((status IN ('enrolled', 'refused', 'withdrawn', 'archived')) = (closed_on IS NOT NULL))
);
-- One open application per child: a second one is a change of the first.
CREATE UNIQUE INDEX preschool_applications_open_child_uq ON preschool_applications (child_id)
  WHERE closed_on IS NULL;
CREATE INDEX preschool_applications_queue_idx ON preschool_applications (municipality_id, status, registered_at);
CREATE INDEX preschool_applications_applicant_idx ON preschool_applications (applicant_id);

-- Ranked kindergartens: rank 1 is the first choice.
CREATE TABLE preschool_application_preferences (
  application_id uuid NOT NULL REFERENCES preschool_applications (id) ON DELETE CASCADE,
  rank smallint NOT NULL CHECK (rank BETWEEN 1 AND 20),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  PRIMARY KEY (application_id, rank),
  CONSTRAINT preschool_application_preferences_org_uq UNIQUE (application_id, organization_id)
);
CREATE INDEX preschool_application_preferences_org_idx ON preschool_application_preferences (organization_id);

-- A claimed right (внеочередное, первоочередное) with its document. It counts only once confirmed, and
-- only within its validity; the category comes from the versioned reference list.
CREATE TABLE preschool_application_rights (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES preschool_applications (id) ON DELETE CASCADE,
  category_code text NOT NULL CHECK (category_code ~ '^[A-Z0-9_]{3,60}$'),
  category_version integer NOT NULL CHECK (category_version >= 1),
  right_kind text NOT NULL CHECK (right_kind IN ('out_of_turn', 'first')),
  document_title text NOT NULL CHECK (length(document_title) BETWEEN 1 AND 300),
  document_number text CHECK (length(document_number) BETWEEN 1 AND 60),
  document_issued_on date NOT NULL,
  document_issuer text CHECK (length(document_issuer) BETWEEN 1 AND 300),
  valid_from date NOT NULL,
  valid_to date,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT preschool_application_rights_validity_check CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CONSTRAINT preschool_application_rights_decided_check CHECK ((status = 'pending') = (decided_at IS NULL)),
  CONSTRAINT preschool_application_rights_rejection_check CHECK (status <> 'rejected' OR decision_reason IS NOT NULL)
);
CREATE INDEX preschool_application_rights_application_idx ON preschool_application_rights (application_id);
CREATE INDEX preschool_application_rights_pending_idx ON preschool_application_rights (created_at)
  WHERE status = 'pending';

-- Every change of an application, with its reason: the parent sees why the position moved.
CREATE TABLE preschool_application_events (
  -- Events of one transaction share their instant: the identity keeps the order they were written in.
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES preschool_applications (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('filed', 'status', 'right_claimed', 'right_confirmed', 'right_rejected',
    'changed')),
  status text NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  actor_id uuid REFERENCES users (id)
);
CREATE INDEX preschool_application_events_application_idx ON preschool_application_events (application_id, at);

-- Catchments: the ОКТМО codes of the settlements a municipal act assigns to kindergartens. A child's
-- address falls in a catchment by its code; phase-2 offers go to the nearest catchments first, in the
-- order `neighbours` gives.
CREATE TABLE catchments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL REFERENCES territories (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  oktmo text[] NOT NULL DEFAULT '{}' CHECK (array_position(oktmo, NULL) IS NULL),
  neighbours uuid[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT catchments_name_uq UNIQUE (municipality_id, name)
);
CREATE INDEX catchments_oktmo_idx ON catchments USING gin (oktmo);

CREATE TABLE catchment_kindergartens (
  catchment_id uuid NOT NULL REFERENCES catchments (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  PRIMARY KEY (catchment_id, organization_id)
);
CREATE INDEX catchment_kindergartens_org_idx ON catchment_kindergartens (organization_id);

-- An application gives its municipality (and the region above it) access to the child and the applicant,
-- as an enrollment gives its organization: rows keyed by the child, open while the application is, then
-- dated by the day it closed so that the grace period applies.
CREATE OR REPLACE FUNCTION person_access_rule(learners uuid[]) RETURNS TABLE (node_id uuid, person_id uuid,
  learner_id uuid, last_day date) LANGUAGE sql STABLE AS $$
  SELECT c.ancestor_id, s.person_id, s.learner_id,
         CASE WHEN bool_or(s.ended_on IS NULL) THEN NULL ELSE max(s.ended_on) END
    FROM (SELECT e.person_id AS learner_id, e.person_id, e.organization_id AS node, e.ended_on
            FROM enrollments e WHERE learners IS NULL OR e.person_id = ANY(learners)
          UNION ALL
          SELECT e.person_id, r.representative_id, e.organization_id, e.ended_on
            FROM enrollments e JOIN representations r ON r.learner_id = e.person_id AND r.revoked_at IS NULL
           WHERE learners IS NULL OR e.person_id = ANY(learners)
          UNION ALL
          SELECT a.child_id, v.person_id, a.municipality_id, a.closed_on
            FROM preschool_applications a, LATERAL (VALUES (a.child_id), (a.applicant_id)) v(person_id)
           WHERE learners IS NULL OR a.child_id = ANY(learners)) s
    JOIN scope_closure c ON c.descendant_id = s.node
   GROUP BY 1, 2, 3
$$;

CREATE TRIGGER preschool_applications_access_ins AFTER INSERT ON preschool_applications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync('child_id');
CREATE TRIGGER preschool_applications_access_upd AFTER UPDATE ON preschool_applications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync('child_id');
CREATE TRIGGER preschool_applications_access_del AFTER DELETE ON preschool_applications
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_access_sync('child_id');
