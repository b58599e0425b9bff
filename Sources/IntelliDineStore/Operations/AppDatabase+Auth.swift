import Foundation
import GRDB
import IntelliDineDomain

/// Why a code is not sent now.
public struct OTPThrottled: Error, Equatable, Sendable {
    /// When the next code may be requested.
    public var retryAt: Date
    /// How long until then, from the instant the request was judged at (the daemon's clock, not `Date()`).
    public var retryAfter: TimeInterval
}

/// Why a staff account cannot be added.
public enum StaffRefusal: Error, Equatable, Sendable {
    case tenantNotFound
    case usernameTaken(String)
}

/// A verified guest and the session their token carries.
public struct CustomerLogin: Sendable {
    public var customer: CustomerRecord
    public var session: SessionRecord
}

extension AppDatabase {
    /// Stores a new code's hash for a phone, unless the phone is being sent codes too often.
    /// The throttle check and the insert share one transaction, so parallel requests cannot
    /// slip past the limit. Returns the new code's id.
    ///
    /// `age` tells how long ago a code (by id) was sent, on a clock NTP cannot move, when the caller
    /// knows; the throttle then counts it at now minus that age. A send dated after now that the
    /// caller does not know (the clock went back, and the daemon restarted) counts as just past the
    /// resend gap: neither forgotten nor holding the phone off until the clock catches up.
    public func storeOTP(
        phone: PhoneNumber, tenantId: String?, hash: Data, policy: OTPPolicy, at instant: Date,
        age: @escaping @Sendable (String) -> TimeInterval? = { _ in nil }
    ) async throws -> String {
        try await pool.write { db in
            let since = Timestamp.string(instant.addingTimeInterval(-policy.sendWindow))
            let previous = try Row.fetchAll(
                db, sql: "SELECT id, created_at FROM otp_verifications WHERE phone_number = ? AND created_at > ?",
                arguments: [phone.national, since]
            ).compactMap { row -> Date? in
                if let elapsed = age(row["id"]) { return instant.addingTimeInterval(-elapsed) }
                guard let sent = Timestamp.date(row["created_at"]) else { return nil }
                return sent > instant ? instant.addingTimeInterval(-policy.resendInterval) : sent
            }
            if let retryAt = policy.nextSendAllowed(previousSends: previous, now: instant) {
                throw OTPThrottled(retryAt: retryAt, retryAfter: retryAt.timeIntervalSince(instant))
            }
            let id = RecordID.make("otp")
            try db.execute(sql: """
                INSERT INTO otp_verifications (id, phone_number, tenant_id, otp_hash, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, phone.national, tenantId, hash, Timestamp.string(instant),
                                 Timestamp.string(instant.addingTimeInterval(policy.lifetime))])
            return id
        }
    }

    /// Withdraws a code whose SMS could not be sent, so it neither works nor counts as sent.
    public func withdrawOTP(id: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM otp_verifications WHERE id = ?", arguments: [id]) }
    }

    /// Checks a code against the newest one sent to the phone. A wrong code counts an attempt
    /// (committed, even though the call fails); the right one is used up, the guest is found or
    /// created in this restaurant, and a session opened — all in one transaction.
    ///
    /// `age` tells how long ago a code (by id) was sent, on a clock NTP cannot move, when the
    /// caller knows: its lifetime is then measured on that clock, not as wall clock minus
    /// `created_at`, so a clock set back a day does not keep a code alive a day.
    public func verifyOTP(
        phone: PhoneNumber, tenantId: String, policy: OTPPolicy, at instant: Date, sessionLifetime: TimeInterval,
        age: @escaping @Sendable (String) -> TimeInterval? = { _ in nil },
        matches: @escaping @Sendable (Data) -> Bool
    ) async throws -> CustomerLogin {
        let outcome: Result<CustomerLogin, OTPRefusal> = try await pool.write { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT id, otp_hash, created_at, expires_at, attempts, verified_at FROM otp_verifications
                WHERE phone_number = ? AND (tenant_id IS NULL OR tenant_id = ?)
                ORDER BY rowid DESC LIMIT 1
                """, arguments: [phone.national, tenantId])
            let state = row.map {
                OTPState(
                    expiresAt: Timestamp.date($0["expires_at"]) ?? .distantPast, attempts: $0["attempts"],
                    consumed: ($0["verified_at"] as String?) != nil)
            }
            // The instant to judge expiry at: sent-at plus its measured age when known.
            let judgedAt = row.flatMap { row in
                age(row["id"]).flatMap { elapsed in Timestamp.date(row["created_at"]).map { $0.addingTimeInterval(elapsed) } }
            } ?? instant
            do throws(OTPRefusal) {
                try policy.precheck(state, now: judgedAt)
            } catch {
                return .failure(error)
            }
            let otpId: String = row!["id"]
            guard matches(row!["otp_hash"]) else {
                try db.execute(sql: "UPDATE otp_verifications SET attempts = attempts + 1 WHERE id = ?", arguments: [otpId])
                return .failure(.wrongCode(attemptsLeft: max(0, policy.maxAttempts - state!.attempts - 1)))
            }
            let now = Timestamp.string(instant)
            try db.execute(sql: "UPDATE otp_verifications SET verified_at = ? WHERE id = ?", arguments: [now, otpId])
            let customer = try Self.findOrCreateCustomer(db, phone: phone, tenantId: tenantId, now: now)
            let session = SessionRecord(
                id: RecordID.make("ses"), tenantId: tenantId, subjectId: customer.id, role: Role.customer.rawValue,
                createdAt: now, expiresAt: Timestamp.string(instant.addingTimeInterval(sessionLifetime)))
            try session.insert(db)
            return .success(CustomerLogin(customer: customer, session: session))
        }
        return try outcome.get()
    }

    private static func findOrCreateCustomer(_ db: Database, phone: PhoneNumber, tenantId: String, now: String) throws -> CustomerRecord {
        if let existing = try CustomerRecord.fetchOne(
            db, sql: "SELECT * FROM customers WHERE tenant_id = ? AND phone_number = ?", arguments: [tenantId, phone.national]) {
            return existing
        }
        let customer = CustomerRecord(id: RecordID.make("cust"), tenantId: tenantId, phoneNumber: phone.national, name: nil, createdAt: now)
        try customer.insert(db)
        return customer
    }

    /// Active staff accounts with this username: in one restaurant, or across the box when no
    /// restaurant is named.
    public func staff(username: String, tenantId: String?) async throws -> [StaffRecord] {
        try await pool.read { db in
            if let tenantId {
                return try StaffRecord.fetchAll(
                    db, sql: "SELECT * FROM staff WHERE tenant_id = ? AND username = ? AND is_active = 1", arguments: [tenantId, username])
            }
            return try StaffRecord.fetchAll(db, sql: "SELECT * FROM staff WHERE username = ? AND is_active = 1", arguments: [username])
        }
    }

    /// Adds a staff account; the username must be new in its restaurant.
    public func addStaff(_ staff: StaffRecord) async throws {
        try await pool.write { db in
            guard try TenantRecord.exists(db, key: staff.tenantId) else { throw StaffRefusal.tenantNotFound }
            if try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM staff WHERE tenant_id = ? AND username = ?", arguments: [staff.tenantId, staff.username])! > 0 {
                throw StaffRefusal.usernameTaken(staff.username)
            }
            try staff.insert(db)
        }
    }

    public func openSession(_ session: SessionRecord) async throws {
        try await pool.write { db in try session.insert(db) }
    }

    /// Revokes a session; its token stops working at once.
    public func revokeSession(id: String, at instant: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [Timestamp.string(instant), id])
        }
    }

    /// Sessions revoked before their tokens expire; the gateway keeps these in memory.
    public func revokedSessionIds(at instant: Date) async throws -> Set<String> {
        try await pool.read { db in
            Set(try String.fetchAll(
                db, sql: "SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND expires_at > ?",
                arguments: [Timestamp.string(instant)]))
        }
    }
}

extension AppDatabase {
    /// A restaurant's staff accounts, by role and name.
    public func staffAccounts(tenantId: String) async throws -> [StaffRecord] {
        try await pool.read { db in
            try StaffRecord.fetchAll(db, sql: "SELECT * FROM staff WHERE tenant_id = ? ORDER BY role, username", arguments: [tenantId])
        }
    }
}
