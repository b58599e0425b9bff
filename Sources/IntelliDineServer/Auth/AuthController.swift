import Crypto
import Foundation
import HummingbirdBcrypt
import Hummingbird
import IntelliDineDomain
import IntelliDineStore
import Logging
import NIOPosix

/// The auth area: guest OTP login, staff password login, logout.
struct AuthController {
    let database: AppDatabase
    let tokens: TokenService
    let sms: any SMSSender
    /// Keys the OTP hash: a stolen database alone cannot be brute-forced for live codes.
    let otpKey: SymmetricKey
    let policy: OTPPolicy
    let body: JSONBody
    let clock: WallClock
    /// When each code was sent, in uptime: its minutes are counted where NTP cannot move them.
    let codesSent: UptimeLedger

    init(database: AppDatabase, tokens: TokenService, sms: any SMSSender, otpKey: SymmetricKey, policy: OTPPolicy, body: JSONBody, clock: WallClock) {
        self.database = database
        self.tokens = tokens
        self.sms = sms
        self.otpKey = otpKey
        self.policy = policy
        self.body = body
        self.clock = clock
        codesSent = UptimeLedger(clock: clock, horizon: .seconds(Int64(policy.lifetime) + 86_400))
    }

    func register(on routes: APIRoutes) {
        routes.post("/api/auth/customer/otp", use: requestOTP)
        routes.post("/api/auth/customer/verify-otp", use: verifyOTP)
        routes.post("/api/auth/staff/login", use: staffLogin)
        routes.post("/api/auth/logout", use: logout)
    }

    struct OTPRequest: Decodable {
        var phone_number: String
        var tenant_id: String?
    }

    struct OTPAnswer: Encodable, Sendable {
        var message: String
        var phone_masked: String
        var expires_in: Int
    }

    @Sendable func requestOTP(_ request: Request, context: AppRequestContext) async throws -> Success<OTPAnswer> {
        let input = try await body.decode(OTPRequest.self, from: request)
        let phone = try Self.phone(input.phone_number)
        let tenantId = request.uri.queryParameters.get("tenant_id") ?? input.tenant_id
        var restaurant: String?
        if let tenantId {
            let tenant = try await database.requireTenant(id: tenantId)
            restaurant = tenant.name
        }
        let code = policy.generateCode()
        let now = clock.now()
        let otpId = try await database.storeOTP(
            phone: phone, tenantId: tenantId, hash: hash(code, phone: phone), policy: policy, at: now,
            age: { [codesSent] in codesSent.elapsed($0)?.seconds })
        codesSent.record(otpId)
        do {
            let minutes = Int(policy.lifetime / 60)
            let at = restaurant.map { " for \($0)" } ?? ""
            try await sms.send(to: phone, text: "Your Intellidine OTP\(at) is \(code). Valid for \(minutes) minutes.")
        } catch {
            // The guest never received it: withdraw it so it neither works nor counts as sent.
            try? await database.withdrawOTP(id: otpId)
            context.logger.warning("OTP SMS failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, "SMS_UNAVAILABLE", "We could not send the code just now; please try again")
        }
        return Success(OTPAnswer(
            message: "OTP sent to \(phone.national)", phone_masked: phone.masked, expires_in: Int(policy.lifetime)))
    }

    struct VerifyRequest: Decodable {
        var phone_number: String
        var otp: String
        var tenant_id: String?
    }

    struct VerifyAnswer: Encodable, Sendable {
        struct Customer: Encodable, Sendable { var id: String; var phone: String }
        var access_token: String
        var token_type = "Bearer"
        var expires_in: Int
        var customer: Customer
    }

    @Sendable func verifyOTP(_ request: Request, context: AppRequestContext) async throws -> Success<VerifyAnswer> {
        let input = try await body.decode(VerifyRequest.self, from: request)
        let phone = try Self.phone(input.phone_number)
        guard let tenantId = request.uri.queryParameters.get("tenant_id") ?? input.tenant_id else {
            throw APIError.validation("tenant_id is required (query parameter or body)")
        }
        _ = try await database.requireTenant(id: tenantId)
        // A malformed code is refused before it can use up one of the guest's attempts.
        guard policy.isWellFormed(input.otp) else { throw APIError.validation("The code is \(policy.digits) digits") }
        let submitted = Data("\(phone.national):\(input.otp)".utf8)
        let key = otpKey
        let now = clock.now()
        let login = try await database.verifyOTP(
            phone: phone, tenantId: tenantId, policy: policy, at: now, sessionLifetime: TokenService.lifetime,
            age: { [codesSent] in codesSent.elapsed($0)?.seconds }
        ) { stored in
            // Constant time: how long this takes never tells how much of a guess was right.
            HMAC<SHA256>.isValidAuthenticationCode(stored, authenticating: submitted, using: key)
        }
        let token = try await tokens.issue(
            subject: login.customer.id, role: .customer, tenantId: tenantId, sessionId: login.session.id,
            phone: phone.national, username: nil, at: now)
        return Success(VerifyAnswer(
            access_token: token, expires_in: Int(TokenService.lifetime),
            customer: .init(id: login.customer.id, phone: phone.national)))
    }

    struct StaffLoginRequest: Decodable {
        var username: String
        var password: String
        var tenant_id: String?
    }

    struct StaffLoginAnswer: Encodable, Sendable {
        struct Staff: Encodable, Sendable { var id, username, name, role, tenant_id: String }
        var access_token: String
        var token_type = "Bearer"
        var expires_in: Int
        var staff: Staff
    }

    @Sendable func staffLogin(_ request: Request, context: AppRequestContext) async throws -> Success<StaffLoginAnswer> {
        let input = try await body.decode(StaffLoginRequest.self, from: request)
        let tenantId = request.uri.queryParameters.get("tenant_id") ?? input.tenant_id
        let candidates = try await database.staff(username: input.username, tenantId: tenantId)
        let refused = APIError(.unauthorized, "INVALID_CREDENTIALS", "Wrong username or password")
        // Without a tenant the username must name one account on the box.
        let account = candidates.count == 1 ? candidates[0] : nil
        // bcrypt is slow on purpose: run it off the event loop. An unknown user is checked
        // against a dummy hash so the answer takes as long either way.
        let hash = account?.passwordHash ?? Self.dummyHash
        let password = input.password
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let account, matches, let role = Role(rawValue: account.role) else { throw refused }
        let now = clock.now()
        let session = SessionRecord(
            id: RecordID.make("ses"), tenantId: account.tenantId, subjectId: account.id, role: role.rawValue,
            createdAt: Timestamp.string(now), expiresAt: Timestamp.string(now.addingTimeInterval(TokenService.lifetime)))
        try await database.openSession(session)
        let token = try await tokens.issue(
            subject: account.id, role: role, tenantId: account.tenantId, sessionId: session.id, phone: nil,
            username: account.username, at: now)
        return Success(StaffLoginAnswer(
            access_token: token, expires_in: Int(TokenService.lifetime),
            staff: .init(id: account.id, username: account.username, name: account.displayName, role: role.rawValue, tenant_id: account.tenantId)))
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Success<NoFields> {
        guard let identity = context.identity else { throw APIError.unauthorized }
        try await database.revokeSession(id: identity.sessionId, at: clock.now())
        tokens.revoke(sessionId: identity.sessionId)
        return Success()
    }

    func hash(_ code: String, phone: PhoneNumber) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("\(phone.national):\(code)".utf8), using: otpKey))
    }

    static func phone(_ raw: String) throws -> PhoneNumber {
        guard let phone = PhoneNumber(raw) else {
            throw APIError.validation("Enter a 10-digit Indian mobile number (optionally with +91)")
        }
        return phone
    }

    /// A valid bcrypt hash of nothing anyone knows, for timing-safe refusals of unknown users.
    static let dummyHash = Bcrypt.hash(UUID().uuidString, cost: PasswordHasher.cost)
}

/// bcrypt for staff passwords. Cost 10 keeps a login near 60 ms on the box's small CPU.
public enum PasswordHasher {
    public static let cost: UInt8 = 10

    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
}
