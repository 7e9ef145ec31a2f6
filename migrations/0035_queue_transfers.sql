-- Preschool e-queue (issue 11): transfer of an application between municipalities when the family moves,
-- keeping its registration instant and arrival number, and the automatic archiving of applications of
-- children who reached school age.
--
-- The specialist of the application's municipality sends it to the receiving municipality with a reason;
-- until that municipality accepts (choosing its own kindergartens) or refuses (with a reason), the
-- application stays in the old queue. Acceptance moves the application: municipality_id changes, the
-- kindergartens are replaced, registered_at, arrival_no and the public number stay. A request still open
-- when the application closes (withdrawn, enrolled, archived…) is cancelled with it.

CREATE TABLE preschool_application_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES preschool_applications (id) ON DELETE CASCADE,
  from_municipality_id uuid NOT NULL REFERENCES territories (id),
  to_municipality_id uuid NOT NULL REFERENCES territories (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  -- The region's date of the request: the working days to accept count from it.
  requested_on date NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  requested_by uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'refused', 'cancelled')),
  -- The region's date of the decision: an accepted transfer dates the sending municipality's access by it.
  decided_on date,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT preschool_application_transfers_municipalities_check
    CHECK (to_municipality_id <> from_municipality_id),
  CONSTRAINT preschool_application_transfers_decided_check
    CHECK ((status = 'requested') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_on IS NULL)),
  CONSTRAINT preschool_application_transfers_refusal_check
    CHECK (status NOT IN ('refused', 'cancelled') OR decision_reason IS NOT NULL)
);
-- One open request per application: a second one waits for the decision on the first.
CREATE UNIQUE INDEX preschool_application_transfers_pending_uq ON preschool_application_transfers (application_id)
  WHERE status = 'requested';
CREATE INDEX preschool_application_transfers_application_idx ON preschool_application_transfers (application_id);
CREATE INDEX preschool_application_transfers_to_idx
  ON preschool_application_transfers (to_municipality_id, status, requested_at);
CREATE INDEX preschool_application_transfers_from_idx
  ON preschool_application_transfers (from_municipality_id, status, requested_at);

ALTER TABLE preschool_application_events DROP CONSTRAINT preschool_application_events_kind_check;
ALTER TABLE preschool_application_events ADD CONSTRAINT preschool_application_events_kind_check
  CHECK (kind IN ('filed', 'status', 'right_claimed', 'right_confirmed', 'right_rejected', 'changed',
    'referral_issued', 'referral_closed', 'transfer_requested', 'transfer_accepted', 'transfer_refused',
    'archived_by_age'));

-- Access: as before, an application gives its (current) municipality access to the child and the
-- applicant. An accepted transfer also gives the sending municipality rows dated by the day of
-- acceptance, so that it keeps full access for the grace period, as an organization does after a
-- learner's exit, and then loses it.
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
           WHERE learners IS NULL OR a.child_id = ANY(learners)
          UNION ALL
          SELECT a.child_id, v.person_id, t.from_municipality_id, t.decided_on
            FROM preschool_application_transfers t
            JOIN preschool_applications a ON a.id = t.application_id,
                 LATERAL (VALUES (a.child_id), (a.applicant_id)) v(person_id)
           WHERE t.status = 'accepted' AND (learners IS NULL OR a.child_id = ANY(learners))) s
    JOIN scope_closure c ON c.descendant_id = s.node
   GROUP BY 1, 2, 3
$$;

-- A change of an accepted transfer changes the sending municipality's rows: refresh the child's access.
CREATE FUNCTION preschool_transfers_access_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := '{}';
  part uuid[];
BEGIN
  IF person_maintenance_deferred(TG_RELID) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(a.child_id) INTO part FROM new_rows n JOIN preschool_applications a ON a.id = n.application_id
     WHERE n.status = 'accepted';
    ids := ids || coalesce(part, '{}');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(a.child_id) INTO part FROM old_rows o JOIN preschool_applications a ON a.id = o.application_id
     WHERE o.status = 'accepted';
    ids := ids || coalesce(part, '{}');
  END IF;
  PERFORM person_access_refresh(ids);
  RETURN NULL;
END $$;

CREATE TRIGGER preschool_application_transfers_access_ins AFTER INSERT ON preschool_application_transfers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION preschool_transfers_access_sync();
CREATE TRIGGER preschool_application_transfers_access_upd AFTER UPDATE ON preschool_application_transfers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION preschool_transfers_access_sync();
CREATE TRIGGER preschool_application_transfers_access_del AFTER DELETE ON preschool_application_transfers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION preschool_transfers_access_sync();

-- Whatever closes an application (the specialist, an enrollment, a merge, the archiving job) also
-- cancels its open transfer request: the receiving municipality has nothing left to decide.
CREATE FUNCTION preschool_transfers_cancel_on_close() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE preschool_application_transfers t
     SET status = 'cancelled', decided_at = now(), decided_on = n.closed_on, version = t.version + 1,
         decision_reason = 'Заявление закрыто до решения о переводе'
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE t.application_id = n.id AND t.status = 'requested'
     AND n.closed_on IS NOT NULL AND o.closed_on IS NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER preschool_applications_transfers_close AFTER UPDATE ON preschool_applications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION preschool_transfers_cancel_on_close();

-- The archiving job looks for open waiting applications by the child's birth date.
CREATE INDEX preschool_applications_waiting_child_idx ON preschool_applications (child_id)
  WHERE status IN ('new', 'under_review', 'awaiting_confirmation', 'queued', 'wants_change');
