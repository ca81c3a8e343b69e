-- Access control (issue 6): users with roles and optional district scopes, wall screens with
-- long-lived revocable tokens, and the key every gateway and the CLI sign tokens with.

CREATE TABLE app_user (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('screen', 'leader', 'operator', 'admin')),
  -- District codes the user may see; null: the whole city.
  districts text[],
  -- scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>
  password_hash text NOT NULL,
  -- Part of every session token; raising it revokes the user's sessions.
  token_version integer NOT NULL DEFAULT 1,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wall_screen (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  districts text[],
  token_version integer NOT NULL DEFAULT 1,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Secrets shared by every process of one deployment (name → random bytes); TWIN_TOKEN_SECRET
-- overrides the token signing key.
CREATE TABLE access_secret (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
