import Crypto
import Foundation
import IntelliDineDomain
import JWTKit
import Synchronization

/// The access token's claims (`sub`, `phone`, `role`, `tenant_id`, `iat`, `exp`), plus `sid`, the
/// session that can be revoked, and `username` for staff.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var phone: String?
    var username: String?
    var role: String
    var tenant_id: String
    var sid: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    /// Expiry is checked by `TokenService` against its clock (the daemon's one wall clock), not here.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Issues and checks HS256 access tokens, and remembers revoked sessions.
final class TokenService: Sendable {
    static let lifetime: TimeInterval = 8 * 3_600

    private let keys: JWTKeyCollection
    private let clock: WallClock
    /// Revoked session ids whose tokens have not expired yet; loaded at start, kept in memory
    /// so checking a token costs no database read.
    private let revoked: Mutex<Set<String>>

    init(secret: SymmetricKey, revoked: Set<String>, clock: WallClock) async {
        keys = JWTKeyCollection()
        self.clock = clock
        await keys.add(hmac: HMACKey(key: secret), digestAlgorithm: .sha256)
        self.revoked = Mutex(revoked)
    }

    func issue(subject: String, role: Role, tenantId: String, sessionId: String, phone: String?, username: String?, at instant: Date) async throws -> String {
        // Whole seconds: NumericDate fractions trip up some JWT libraries.
        let instant = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
        let claims = AccessClaims(
            sub: .init(value: subject), phone: phone, username: username, role: role.rawValue, tenant_id: tenantId,
            sid: sessionId, iat: .init(value: instant), exp: .init(value: instant.addingTimeInterval(Self.lifetime)))
        return try await keys.sign(claims)
    }

    /// The caller a token names, or `nil` when the token is malformed, forged, unsigned
    /// (`alg: none`), expired or revoked.
    func verify(_ token: String) async -> Identity? {
        guard let claims = try? await keys.verify(token, as: AccessClaims.self),
              (try? claims.exp.verifyNotExpired(currentDate: clock.now())) != nil,
              let role = Role(rawValue: claims.role),
              !revoked.withLock({ $0.contains(claims.sid) })
        else { return nil }
        return Identity(
            subject: claims.sub.value, role: role, tenantId: claims.tenant_id, sessionId: claims.sid,
            phone: claims.phone, username: claims.username)
    }

    /// Whether a session is still signed in (a stream ticket is checked against this).
    func isActive(sessionId: String) -> Bool {
        !revoked.withLock { $0.contains(sessionId) }
    }

    func revoke(sessionId: String) {
        _ = revoked.withLock { $0.insert(sessionId) }
    }
}
