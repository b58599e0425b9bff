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
    /// When each session signed in by this process began, in uptime. Its eight hours are counted
    /// on this clock, which NTP cannot move: a token issued before the wall clock jumped a day
    /// neither dies at once nor lives a day longer. Tokens from before a restart fall back to
    /// their `exp` on the wall clock.
    private let issuedAt: UptimeLedger
    /// Tokens whose signature has been checked, with their claims: a guest's phone sends the same
    /// token with every request, and checking the HMAC and decoding the claims each time was 3 % of
    /// the daemon's CPU per order. Expiry and revocation are still checked on every request.
    private let verified = Mutex<[String: AccessClaims]>([:])
    /// Enough for every guest and staff member of a busy evening; emptied when full.
    static let verifiedCapacity = 2_048

    init(secret: SymmetricKey, revoked: Set<String>, clock: WallClock) async {
        keys = JWTKeyCollection()
        self.clock = clock
        issuedAt = UptimeLedger(clock: clock, horizon: .seconds(Int64(Self.lifetime) + 86_400))
        await keys.add(hmac: HMACKey(key: secret), digestAlgorithm: .sha256)
        self.revoked = Mutex(revoked)
    }

    func issue(subject: String, role: Role, tenantId: String, sessionId: String, phone: String?, username: String?, at instant: Date) async throws -> String {
        // Whole seconds: NumericDate fractions trip up some JWT libraries.
        let instant = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
        let claims = AccessClaims(
            sub: .init(value: subject), phone: phone, username: username, role: role.rawValue, tenant_id: tenantId,
            sid: sessionId, iat: .init(value: instant), exp: .init(value: instant.addingTimeInterval(Self.lifetime)))
        let token = try await keys.sign(claims)
        issuedAt.record(Self.ledgerKey(claims))
        return token
    }

    /// The caller a token names, or `nil` when the token is malformed, forged, unsigned
    /// (`alg: none`), expired or revoked.
    func verify(_ token: String) async -> Identity? {
        guard let claims = await signedClaims(token),
              isLive(claims),
              let role = Role(rawValue: claims.role),
              !revoked.withLock({ $0.contains(claims.sid) })
        else { return nil }
        return Identity(
            subject: claims.sub.value, role: role, tenantId: claims.tenant_id, sessionId: claims.sid,
            phone: claims.phone, username: claims.username)
    }

    /// The token's claims if its signature is ours, checked once per token.
    private func signedClaims(_ token: String) async -> AccessClaims? {
        if let claims = verified.withLock({ $0[token] }) { return claims }
        guard let claims = try? await keys.verify(token, as: AccessClaims.self) else { return nil }
        verified.withLock { verified in
            if verified.count >= Self.verifiedCapacity { verified.removeAll(keepingCapacity: true) }
            verified[token] = claims
        }
        return claims
    }

    /// The session and the expiry this process wrote into the token: only that very token is
    /// timed by uptime.
    private static func ledgerKey(_ claims: AccessClaims) -> String {
        "\(claims.sid) \(Int64(claims.exp.value.timeIntervalSince1970))"
    }

    private func isLive(_ claims: AccessClaims) -> Bool {
        // Issued here: live while its eight hours of uptime last.
        if let elapsed = issuedAt.elapsed(Self.ledgerKey(claims)) { return elapsed < .seconds(Int64(Self.lifetime)) }
        // Issued before a restart (or over a day ago): the wall clock's `exp`.
        return (try? claims.exp.verifyNotExpired(currentDate: clock.now())) != nil
    }

    /// Whether a session is still signed in (a stream ticket is checked against this).
    func isActive(sessionId: String) -> Bool {
        !revoked.withLock { $0.contains(sessionId) }
    }

    func revoke(sessionId: String) {
        _ = revoked.withLock { $0.insert(sessionId) }
    }
}
