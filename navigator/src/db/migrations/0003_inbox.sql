-- Link workers and administrators of the inbox. Passwords are scrypt hashes (node:crypto), sessions are stored as
-- SHA-256 hashes of the cookie value with their CSRF token.
CREATE TABLE app_user (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('link-worker', 'admin')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE app_session (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX app_session_expires ON app_session (expires_at);
