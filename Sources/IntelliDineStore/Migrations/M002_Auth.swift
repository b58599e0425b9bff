import GRDB

/// Guests, staff, one-time codes and login sessions.
enum M002_Auth: Migration {
    static let id = "002_auth"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE customers (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              phone_number TEXT NOT NULL,
              name TEXT,
              created_at TEXT NOT NULL,
              UNIQUE (tenant_id, phone_number)
            ) STRICT;

            -- A code proves a phone, not a restaurant: tenant_id is what the guest's page named, if anything.
            -- Only a keyed hash of the code is kept.
            CREATE TABLE otp_verifications (
              id TEXT PRIMARY KEY,
              phone_number TEXT NOT NULL,
              tenant_id TEXT REFERENCES tenants(id),
              otp_hash BLOB NOT NULL,
              created_at TEXT NOT NULL,
              expires_at TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              verified_at TEXT
            ) STRICT;
            CREATE INDEX otp_by_phone ON otp_verifications(phone_number, created_at);

            CREATE TABLE staff (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              username TEXT NOT NULL,
              display_name TEXT NOT NULL,
              password_hash TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('KITCHEN_STAFF', 'WAITER', 'MANAGER')),
              is_active INTEGER NOT NULL DEFAULT 1,
              created_at TEXT NOT NULL,
              UNIQUE (tenant_id, username)
            ) STRICT;

            -- One row per issued token (its sid claim), so a token can be revoked before it expires.
            CREATE TABLE sessions (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              subject_id TEXT NOT NULL,
              role TEXT NOT NULL,
              created_at TEXT NOT NULL,
              expires_at TEXT NOT NULL,
              revoked_at TEXT
            ) STRICT;
            CREATE INDEX sessions_revoked ON sessions(revoked_at) WHERE revoked_at IS NOT NULL;
            """)
    }
}
