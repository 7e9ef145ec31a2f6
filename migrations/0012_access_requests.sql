-- No action widens scope by itself (issue 7): one active enrollment per person and organization,
-- held by the database rather than by a check before the insert; the match tokens that duplicate
-- answers hand out instead of ids; and the access requests by which an organization asks the
-- holder of a record to let it enroll that person or link them as a representative.

-- Races of the past left several active enrollments of one person in one organization. The first
-- one stays; the later copies are closed on the day they started, so the unique index can be built.
UPDATE enrollments e SET ended_on = e.started_on
 WHERE e.ended_on IS NULL
   AND EXISTS (SELECT 1 FROM enrollments o
                WHERE o.person_id = e.person_id AND o.organization_id = e.organization_id
                  AND o.ended_on IS NULL AND (o.started_on, o.id) < (e.started_on, e.id));

CREATE UNIQUE INDEX enrollments_active_uq ON enrollments (person_id, organization_id)
  WHERE ended_on IS NULL;

-- A match token stands for one person found by duplicate control outside the caller's scope. Only
-- its SHA-256 is stored; it is bound to the user it was issued to, expires, and is spent once.
CREATE TABLE match_tokens (
  token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  user_id uuid NOT NULL REFERENCES users (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX match_tokens_expires_idx ON match_tokens (expires_at);

CREATE TABLE access_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('enroll', 'link_representative')),
  -- The person outside the requester's scope: the one to enroll, or the representative to link.
  person_id uuid NOT NULL REFERENCES persons (id),
  requester_user_id uuid NOT NULL REFERENCES users (id),
  -- Scope node (organization or territory) of the grant the request was made under.
  requester_node_id uuid NOT NULL,
  -- Who decides: the organization where the person (or, for a representative, a learner they
  -- represent) is enrolled, or the requester's municipality when no organization holds the record.
  target_node_id uuid NOT NULL,
  -- enroll: where to and from when.
  organization_id uuid REFERENCES organizations (id),
  started_on date,
  -- link_representative: the requester's learner and the relation.
  learner_id uuid REFERENCES persons (id),
  relation text CHECK (relation IN ('mother', 'father', 'guardian', 'trustee', 'foster_parent', 'other_legal')),
  authority_document text,
  comment text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  reason text,
  CHECK (kind <> 'enroll' OR (organization_id IS NOT NULL AND started_on IS NOT NULL)),
  CHECK (kind <> 'link_representative' OR (learner_id IS NOT NULL AND relation IS NOT NULL)),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX access_requests_target_idx ON access_requests (target_node_id, status, created_at DESC);
CREATE INDEX access_requests_requester_idx ON access_requests (requester_node_id, status, created_at DESC);
CREATE INDEX access_requests_person_idx ON access_requests (person_id);
-- One open request per person and purpose: a second click does not queue a second request.
CREATE UNIQUE INDEX access_requests_pending_uq
  ON access_requests (kind, person_id, coalesce(organization_id, learner_id)) WHERE status = 'pending';
