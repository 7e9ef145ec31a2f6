-- «Сообщить об ошибке в данных» (152-ФЗ ст. 14, 21: the subject may demand that inaccurate data be
-- corrected). A citizen describes the mistake in their own or their child's record; the request is a
-- task for the organization that holds the record, which fixes the record and closes the task.
CREATE TABLE data_correction_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Whose record is wrong: the citizen's own, or a child they represent.
  person_id uuid NOT NULL REFERENCES persons (id),
  -- Who must fix it: the organization where the learner (or, for a parent, their child) is enrolled,
  -- chosen when the request is made; municipalities and the region see it through the scope closure.
  organization_id uuid NOT NULL REFERENCES organizations (id),
  requester_user_id uuid NOT NULL REFERENCES users (id),
  -- Which part of the record: the sections the cabinet shows.
  section text NOT NULL CONSTRAINT data_correction_requests_section_check
    CHECK (section IN ('personal', 'documents', 'addresses', 'contacts', 'education',
                       'representatives', 'health', 'consents', 'other')),
  text text NOT NULL CONSTRAINT data_correction_requests_text_check
    CHECK (char_length(text) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'open' CONSTRAINT data_correction_requests_status_check
    CHECK (status IN ('open', 'done')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id),
  CONSTRAINT data_correction_requests_resolved_check
    CHECK ((status = 'done') = (resolved_at IS NOT NULL) AND (resolved_at IS NULL) = (resolved_by IS NULL))
);
-- The organization's queue, open first, newest first.
CREATE INDEX data_correction_requests_org_idx
  ON data_correction_requests (organization_id, status, created_at DESC);
CREATE INDEX data_correction_requests_person_idx ON data_correction_requests (person_id);
-- A citizen's own requests, and the daily limit counted over them.
CREATE INDEX data_correction_requests_requester_idx
  ON data_correction_requests (requester_user_id, created_at DESC);
