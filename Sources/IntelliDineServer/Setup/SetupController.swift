import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore
import Logging
import NIOPosix

/// First-run set-up: on a box with no restaurant, `/setup` creates it, its tables and its first
/// manager. Open only until that is done, only from the restaurant's network or the box itself,
/// and only with the one-time code the daemon printed at start (docs/operations/README.md, "First run").
struct SetupController {
    let database: AppDatabase
    let body: JSONBody
    let setup: FirstRunSetup
    let clock: WallClock
    let logger: Logger

    func register(on routes: APIRoutes) {
        routes.get("/api/setup", use: status)
        routes.post("/api/setup", use: create)
    }

    struct StatusAnswer: Encodable, Sendable { var pending: Bool }

    /// `GET /api/setup`: whether set-up is still open (the set-up page asks before showing its form).
    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Success<StatusAnswer> {
        Success(StatusAnswer(pending: setup.isPending))
    }

    struct SetupRequest: Decodable {
        struct Restaurant: Decodable {
            var name: String
            var address: String?
            var state: String?
            var gstin: String?
            var fssai: String?
            var timezone: String?
            var opening_hours: String?
            var gst_rate_percent: Int?
        }
        struct Tables: Decodable {
            var count: Int
            var naming: String?
        }
        struct Manager: Decodable {
            var username: String
            var display_name: String?
            var password: String
        }
        var code: String
        var restaurant: Restaurant
        var tables: Tables
        var manager: Manager
    }

    struct CreatedAnswer: Encodable, Sendable {
        var tenant_id: String
        var restaurant: String
        var tables: Int
        var manager: String
        var message: String
    }

    /// `POST /api/setup`: checks where it comes from and the code, then every value, then creates it
    /// all in one transaction. A wrong code or a second set-up is refused and logged.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<CreatedAnswer>> {
        let from = context.remoteAddress?.ipAddress ?? "unknown"
        guard context.remoteAddress?.isLocalNetwork == true else {
            logger.warning("set-up refused: not from the restaurant's network", metadata: ["from": "\(from)"])
            throw APIError(.forbidden, "SETUP_LOCAL_ONLY", "Set-up is open only from the restaurant's own network")
        }
        let input = try await body.decode(SetupRequest.self, from: request)
        switch setup.check(input.code, from: from) {
        case .accepted: break
        case .done:
            logger.warning("set-up refused: already done", metadata: ["from": "\(from)"])
            throw APIError(.conflict, "SETUP_DONE", "This box is already set up; sign in to the staff app")
        case .locked:
            logger.warning("set-up refused: locked after wrong codes", metadata: ["from": "\(from)"])
            var locked = APIError(.tooManyRequests, "SETUP_LOCKED", "Too many wrong codes from this device; try again in 15 minutes")
            locked.headers[.retryAfter] = "900"
            throw locked
        case .wrong:
            logger.warning("set-up refused: wrong code", metadata: ["from": "\(from)"])
            throw APIError(.forbidden, "SETUP_CODE_WRONG", "That is not the set-up code printed when the box started")
        }
        let new = try Self.validate(input)
        let password = input.manager.password
        let hash = try await NIOThreadPool.singleton.runIfActive { PasswordHasher.hash(password) }
        var restaurant = new
        restaurant.managerPasswordHash = hash
        let tenant: TenantRecord
        do {
            tenant = try await database.createRestaurant(restaurant, at: clock.now())
        } catch SetupRefusal.alreadySetUp {
            setup.finish()
            throw APIError(.conflict, "SETUP_DONE", "This box is already set up; sign in to the staff app")
        }
        setup.finish()
        logger.notice("first-run set-up done", metadata: ["tenant_id": "\(tenant.id)", "from": "\(from)"])
        return Success(CreatedAnswer(
            tenant_id: tenant.id, restaurant: tenant.name, tables: new.tableCount, manager: new.managerUsername,
            message: "\(tenant.name) is set up. Sign in to the staff app as \(new.managerUsername)."
        )).created
    }

    /// Every value, checked as the restaurant profile and staff accounts check them (the profile's
    /// own checks, reused: one place for what a valid GSTIN or address is).
    static func validate(_ input: SetupRequest) throws -> NewRestaurant {
        let r = input.restaurant
        let profile = try RestaurantController.ProfileInput(
            name: r.name, address: r.address ?? "", state: r.state ?? "", gstin: r.gstin ?? "", fssai: r.fssai ?? "",
            timezone: r.timezone ?? "Asia/Kolkata", opening_hours: r.opening_hours ?? ""
        ).changes()
        // GST slabs for restaurants: 5 % (most), 12 %, 18 % (in hotels with rooms over ₹7,500).
        let rate = r.gst_rate_percent ?? 5
        guard [5, 12, 18].contains(rate) else { throw APIError.validation("The GST rate is 5, 12 or 18 percent") }
        guard (1...200).contains(input.tables.count) else { throw APIError.validation("A restaurant has 1 to 200 tables") }
        let naming = (input.tables.naming ?? "Table {n}").trimmingCharacters(in: .whitespaces)
        guard naming.contains("{n}"), naming.count <= 40 else { throw APIError.validation("Table names need {n} for the number, like Table {n}") }
        guard StaffAccountRules.isValidUsername(input.manager.username) else {
            throw APIError.validation("The manager's username: \(StaffAccountRules.usernameRule)")
        }
        guard (StaffAccountRules.minimumPasswordLength...200).contains(input.manager.password.count) else {
            throw APIError.validation("The manager's password: at least \(StaffAccountRules.minimumPasswordLength) characters")
        }
        let managerName = (input.manager.display_name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard managerName.count <= 60 else { throw APIError.validation("The manager's name is at most 60 characters") }
        return NewRestaurant(
            name: profile.name ?? "", address: profile.address ?? "", state: profile.state ?? "", gstin: profile.gstin ?? "",
            fssai: profile.fssai ?? "", timezone: profile.timezone ?? "Asia/Kolkata", openingHours: profile.openingHours ?? "",
            gstRateBp: rate * 100, tableCount: input.tables.count, tableNaming: naming, managerUsername: input.manager.username,
            managerName: managerName.isEmpty ? input.manager.username : managerName, managerPasswordHash: "")
    }
}

/// `intellidine setup`: first-run set-up from the command line, for installers who script it:
/// the same checks and the same one transaction as `/setup`, on the box's own database.
public enum CommandLineSetup {
    public struct Details: Sendable {
        public var name: String
        public var address, state, gstin, fssai, openingHours: String?
        public var timezone: String
        public var gstRatePercent: Int
        public var tables: Int
        public var tableNaming: String
        public var managerUsername: String
        public var managerName: String?

        public init(
            name: String, address: String?, state: String?, gstin: String?, fssai: String?, openingHours: String?, timezone: String,
            gstRatePercent: Int, tables: Int, tableNaming: String, managerUsername: String, managerName: String?
        ) {
            (self.name, self.address, self.state, self.gstin, self.fssai, self.openingHours) = (name, address, state, gstin, fssai, openingHours)
            (self.timezone, self.gstRatePercent, self.tables, self.tableNaming) = (timezone, gstRatePercent, tables, tableNaming)
            (self.managerUsername, self.managerName) = (managerUsername, managerName)
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case invalid(String)
        case alreadySetUp
        public var description: String {
            switch self {
            case .invalid(let message): message
            case .alreadySetUp: "this box already has a restaurant; set-up runs once"
            }
        }
    }

    /// Creates the restaurant, its tables and its first manager; returns the new tenant id.
    public static func run(databasePath: String, _ details: Details, managerPassword: String, at instant: Date = Date()) async throws -> String {
        let request = SetupController.SetupRequest(
            code: "",
            restaurant: .init(
                name: details.name, address: details.address, state: details.state, gstin: details.gstin, fssai: details.fssai,
                timezone: details.timezone, opening_hours: details.openingHours, gst_rate_percent: details.gstRatePercent),
            tables: .init(count: details.tables, naming: details.tableNaming),
            manager: .init(username: details.managerUsername, display_name: details.managerName, password: managerPassword))
        var restaurant: NewRestaurant
        do {
            restaurant = try SetupController.validate(request)
        } catch let error as APIError {
            throw Failure.invalid(error.message)
        }
        restaurant.managerPasswordHash = PasswordHasher.hash(managerPassword)
        let database = try AppDatabase.open(path: databasePath)
        do {
            return try await database.createRestaurant(restaurant, at: instant).id
        } catch SetupRefusal.alreadySetUp {
            throw Failure.alreadySetUp
        }
    }
}
