-- The application's role writes the audit log only through audit_append(), which runs with the owner's
-- rights: it cannot insert a row with a hash of its own making, nor move the chain head. Direct INSERT on
-- audit_log and any write to audit_chain_head are revoked from it by the migrator's grants.
ALTER FUNCTION audit_append(jsonb) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE ALL ON FUNCTION audit_append(jsonb) FROM PUBLIC;
