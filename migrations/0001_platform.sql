-- Platform: territories, organizations, users and access, sessions, history, audit.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE territories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('region', 'municipality', 'district')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  oktmo text UNIQUE CHECK (oktmo ~ '^[0-9]{8}([0-9]{3})?$'),
  municipality_type text CHECK (municipality_type IN
    ('municipal_district', 'urban_okrug', 'municipal_okrug', 'urban_settlement', 'rural_settlement',
     'inter_settlement_territory')),
  parent_id uuid REFERENCES territories (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'region') = (parent_id IS NULL))
);
CREATE INDEX territories_parent_idx ON territories (parent_id);

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('preschool', 'school', 'additional', 'vocational')),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 3 AND 500),
  short_name text NOT NULL CHECK (length(short_name) BETWEEN 2 AND 200),
  legal_form text NOT NULL CHECK (legal_form ~ '^[0-9]{5}$'),
  inn text NOT NULL CHECK (inn ~ '^[0-9]{10}$'),
  kpp text NOT NULL CHECK (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
  ogrn text NOT NULL CHECK (ogrn ~ '^[0-9]{13}$'),
  territory_id uuid NOT NULL REFERENCES territories (id),
  parent_organization_id uuid REFERENCES organizations (id),
  founder jsonb NOT NULL DEFAULT '{}',
  legal_address jsonb NOT NULL DEFAULT '{}',
  actual_address jsonb NOT NULL DEFAULT '{}',
  head jsonb NOT NULL DEFAULT '{}',
  contacts jsonb NOT NULL DEFAULT '{}',
  licence jsonb,
  accreditation jsonb,
  capacity integer CHECK (capacity BETWEEN 0 AND 100000),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'reorganizing', 'liquidated')),
  status_changed_on date,
  liquidated_on date,
  successor_organization_id uuid REFERENCES organizations (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  CHECK ((status = 'liquidated') = (liquidated_on IS NOT NULL)),
  CHECK (parent_organization_id IS DISTINCT FROM id),
  CHECK (successor_organization_id IS DISTINCT FROM id)
);
-- Branches share the head organization's ОГРН and ИНН and differ by КПП.
CREATE UNIQUE INDEX organizations_ogrn_head_uq ON organizations (ogrn) WHERE parent_organization_id IS NULL;
CREATE UNIQUE INDEX organizations_inn_kpp_uq ON organizations (inn, kpp);
CREATE INDEX organizations_territory_idx ON organizations (territory_id, kind, status);
CREATE INDEX organizations_parent_idx ON organizations (parent_organization_id);
CREATE INDEX organizations_name_trgm ON organizations USING gin ((lower(full_name || ' ' || short_name)) gin_trgm_ops);

-- Closure of the scope tree: region → municipality → district → organization → branch.
-- Access checks ask "is node X below one of the actor's scope nodes", one indexed lookup.
CREATE TABLE scope_closure (
  ancestor_id uuid NOT NULL,
  descendant_id uuid NOT NULL,
  depth integer NOT NULL,
  PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX scope_closure_descendant_idx ON scope_closure (descendant_id, ancestor_id);

CREATE FUNCTION scope_attach(node uuid, new_parent uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Detach the subtree of node from its former ancestors, then hang it under new_parent.
  DELETE FROM scope_closure c
   WHERE c.descendant_id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = node)
     AND c.ancestor_id NOT IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = node);
  INSERT INTO scope_closure (ancestor_id, descendant_id, depth)
  VALUES (node, node, 0) ON CONFLICT DO NOTHING;
  IF new_parent IS NOT NULL THEN
    INSERT INTO scope_closure (ancestor_id, descendant_id, depth)
    SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
      FROM scope_closure a, scope_closure d
     WHERE a.descendant_id = new_parent AND d.ancestor_id = node;
  END IF;
END $$;

CREATE FUNCTION territories_scope_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
    PERFORM scope_attach(NEW.id, NEW.parent_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER territories_scope AFTER INSERT OR UPDATE OF parent_id ON territories
  FOR EACH ROW EXECUTE FUNCTION territories_scope_trg();

CREATE FUNCTION organizations_scope_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR NEW.parent_organization_id IS DISTINCT FROM OLD.parent_organization_id
     OR NEW.territory_id IS DISTINCT FROM OLD.territory_id THEN
    PERFORM scope_attach(NEW.id, coalesce(NEW.parent_organization_id, NEW.territory_id));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER organizations_scope AFTER INSERT OR UPDATE OF parent_organization_id, territory_id
  ON organizations FOR EACH ROW EXECUTE FUNCTION organizations_scope_trg();

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  login text CHECK (login ~ '^[a-z0-9._-]{3,64}$'),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 300),
  email text,
  snils text CHECK (snils ~ '^[0-9]{11}$'),
  password_hash text,
  is_service boolean NOT NULL DEFAULT false,
  blocked boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_login_uq ON users (login);
CREATE UNIQUE INDEX users_snils_uq ON users (snils);

CREATE TABLE role_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('regional_operator', 'municipal_specialist', 'org_admin', 'org_operator',
    'analyst', 'citizen', 'integration_client')),
  scope_node_id uuid,
  health_access boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  revoked_at timestamptz,
  revoked_by uuid,
  CHECK ((role = 'citizen') = (scope_node_id IS NULL))
);
CREATE INDEX role_assignments_user_idx ON role_assignments (user_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX role_assignments_active_uq ON role_assignments (user_id, role, coalesce(scope_node_id,
  '00000000-0000-0000-0000-000000000000')) WHERE revoked_at IS NULL;

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  auth_method text NOT NULL CHECK (auth_method IN ('password', 'esia')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip inet,
  revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  token_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE change_history (
  id bigserial PRIMARY KEY,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  version integer NOT NULL,
  action text NOT NULL,
  actor_user_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  changes jsonb NOT NULL,
  snapshot jsonb NOT NULL,
  UNIQUE (entity_type, entity_id, version)
);

CREATE SEQUENCE audit_log_id_seq;
CREATE TABLE audit_log (
  id bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_role text,
  scope_node_id uuid,
  action text NOT NULL,
  object_type text,
  object_id text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  request_id text,
  ip text,
  subject_ids uuid[],
  details jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id DESC);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE INDEX audit_log_scope_idx ON audit_log (scope_node_id, id DESC);
CREATE INDEX audit_log_subject_idx ON audit_log USING gin (subject_ids);

-- The head of the hash chain; one row, locked by every writer so chain order equals id order.
CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_chain_head (last_id, last_hash) VALUES (0, repeat('0', 64));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE oidc_login_states (
  state text PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
