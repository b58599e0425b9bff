import Foundation
import GRDB
import IntelliDineDomain

/// A restaurant as first-run set-up creates it: its details, its tables, and its first manager.
public struct NewRestaurant: Sendable {
    public var name, address, state, gstin, fssai, timezone, openingHours: String
    public var gstRateBp: Int
    public var tableCount: Int
    /// The tables' names, with `{n}` for the number: "Table {n}".
    public var tableNaming: String
    public var managerUsername, managerName, managerPasswordHash: String

    public init(
        name: String, address: String, state: String, gstin: String, fssai: String, timezone: String, openingHours: String,
        gstRateBp: Int, tableCount: Int, tableNaming: String, managerUsername: String, managerName: String, managerPasswordHash: String
    ) {
        (self.name, self.address, self.state, self.gstin, self.fssai) = (name, address, state, gstin, fssai)
        (self.timezone, self.openingHours, self.gstRateBp) = (timezone, openingHours, gstRateBp)
        (self.tableCount, self.tableNaming) = (tableCount, tableNaming)
        (self.managerUsername, self.managerName, self.managerPasswordHash) = (managerUsername, managerName, managerPasswordHash)
    }
}

/// Why set-up is refused.
public enum SetupRefusal: Error, Equatable, Sendable {
    /// The box already has a restaurant: set-up runs once.
    case alreadySetUp
}

extension AppDatabase {
    /// Whether the box has a restaurant yet (with none, first-run set-up is open).
    public func hasRestaurant() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tenants)")! }
    }

    /// Creates the restaurant, its tables and its first manager in one transaction, only on a box
    /// with no restaurant: of two set-ups racing, one wins and the other is refused.
    public func createRestaurant(_ new: NewRestaurant, at instant: Date) async throws -> TenantRecord {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM tenants)")! else { throw SetupRefusal.alreadySetUp }
            let now = Timestamp.string(instant)
            let tenant = TenantRecord(
                id: UUID().uuidString.lowercased(), name: new.name, address: new.address, gstin: new.gstin, timezone: new.timezone,
                gstRateBp: new.gstRateBp, createdAt: now, state: new.state, fssai: new.fssai, openingHours: new.openingHours)
            try tenant.insert(db)
            for number in 1...new.tableCount {
                try TableRecord(
                    id: String(format: "tbl-%03d", number), tenantId: tenant.id, tableNumber: number,
                    name: new.tableNaming.replacingOccurrences(of: "{n}", with: String(number)), capacity: 4, isActive: true
                ).insert(db)
            }
            try StaffRecord(
                id: RecordID.make("staff"), tenantId: tenant.id, username: new.managerUsername, displayName: new.managerName,
                passwordHash: new.managerPasswordHash, role: Role.manager.rawValue, isActive: true, createdAt: now
            ).insert(db)
            return tenant
        }
    }
}
