-- Sign-in failures counted per (account, client address): a stranger's failures from one address lock
-- only that address out of that account, never the operator at another workstation. The counter is
-- raised by one INSERT … ON CONFLICT that refuses to go past the limit, so parallel attempts cannot
-- all slip through between a read and a write. Rows exist for existing accounts only: unknown logins
-- get the same answer without leaving rows behind.
CREATE TABLE login_attempts (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The client address as the lockout counts it: IPv4 as is, IPv6 as its /64 prefix.
  ip text NOT NULL CHECK (length(ip) BETWEEN 1 AND 100),
  failures integer NOT NULL CHECK (failures >= 0),
  last_attempt_at timestamptz NOT NULL,
  -- An address the account signed in from recently is exempt from the back-off over all addresses.
  last_success_at timestamptz,
  PRIMARY KEY (user_id, ip)
);

-- users.failed_logins now counts failures from all addresses within a window (the global back-off),
-- and users.locked_until is the earliest time the next check is admitted while the back-off is on.
-- An administrator's password reset or unblock clears both, as before.
ALTER TABLE users ADD COLUMN last_failed_login_at timestamptz;

-- The former one-hour account lock is not carried over: the counters start afresh.
UPDATE users SET failed_logins = 0, locked_until = NULL WHERE failed_logins <> 0 OR locked_until IS NOT NULL;
