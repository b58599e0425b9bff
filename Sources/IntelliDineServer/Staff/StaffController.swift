import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore
import NIOPosix

/// The manager's staff accounts and the restaurant's tables, for the staff app.
struct StaffController {
    let database: AppDatabase
    let body: JSONBody
    let publicURL: String
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/staff", use: list)
        routes.post("/api/staff", use: add)
        routes.get("/api/tables", use: tables)
    }

    struct StaffJSON: Encodable, Sendable {
        var id: String
        var username: String
        var display_name: String
        var role: String
        var is_active: Bool
        init(_ record: StaffRecord) {
            id = record.id
            username = record.username
            display_name = record.displayName
            role = record.role
            is_active = record.isActive
        }
    }

    struct StaffListAnswer: Encodable, Sendable { var staff: [StaffJSON] }
    struct StaffAnswer: Encodable, Sendable { var staff: StaffJSON }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Success<StaffListAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let staff = try await database.staffAccounts(tenantId: tenantId)
        return Success(StaffListAnswer(staff: staff.map(StaffJSON.init)))
    }

    struct AddRequest: Decodable {
        var username: String
        var password: String
        var role: String
        var display_name: String?
    }

    /// `POST /api/staff` (manager): `{"username", "password", "role", "display_name"?}`.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<StaffAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(AddRequest.self, from: request)
        guard StaffAccountRules.isValidUsername(input.username) else {
            throw APIError.validation("username: \(StaffAccountRules.usernameRule)")
        }
        guard input.password.count >= StaffAccountRules.minimumPasswordLength, input.password.count <= 200 else {
            throw APIError.validation("password: at least \(StaffAccountRules.minimumPasswordLength) characters")
        }
        guard let role = Role(rawValue: input.role.uppercased()), role != .customer else {
            throw APIError.validation("role must be KITCHEN_STAFF, WAITER or MANAGER")
        }
        let name = (input.display_name ?? input.username).trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(name.count) else { throw APIError.validation("display_name is 1 to 60 characters") }
        let password = input.password
        let hash = try await NIOThreadPool.singleton.runIfActive { PasswordHasher.hash(password) }
        let record = StaffRecord(
            id: RecordID.make("staff"), tenantId: tenantId, username: input.username, displayName: name, passwordHash: hash,
            role: role.rawValue, isActive: true, createdAt: Timestamp.string(clock.now()))
        do {
            try await database.addStaff(record)
        } catch StaffRefusal.usernameTaken {
            throw APIError(.conflict, "USERNAME_TAKEN", "\(input.username) already has an account here")
        } catch StaffRefusal.tenantNotFound {
            throw APIError(.notFound, "TENANT_NOT_FOUND", "No restaurant with that tenant_id")
        }
        return Success(StaffAnswer(staff: StaffJSON(record))).created
    }

    struct TablesAnswer: Encodable, Sendable {
        struct Table: Encodable, Sendable {
            var id: String
            var table_number: Int
            var name: String
            var capacity: Int
            var guest_url: String
            var qr_svg: String
        }
        var tables: [Table]
        var qr_sheet: String
    }

    /// `GET /api/tables` (staff): the tables with their guest-app URL and QR code links.
    @Sendable func tables(_ request: Request, context: AppRequestContext) async throws -> Success<TablesAnswer> {
        let (_, tenantId) = try context.require(.staff, request: request)
        guard let (_, tables) = try await database.tables(tenantId: tenantId) else { throw OrderRefusal.tenantNotFound }
        let qr = TablesController(database: database, publicURL: publicURL)
        let rows = tables.map { table in
            TablesAnswer.Table(
                id: table.id, table_number: table.tableNumber, name: table.name, capacity: table.capacity,
                guest_url: qr.guestURL(tenantId: tenantId, tableId: table.id),
                qr_svg: "/tables/\(table.id)/qr.svg?tenant_id=\(tenantId)")
        }
        return Success(TablesAnswer(tables: rows, qr_sheet: "/tables/qr-sheet?tenant_id=\(tenantId)"))
    }
}
