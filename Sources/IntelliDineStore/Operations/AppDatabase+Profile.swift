import Foundation
import GRDB
import IntelliDineDomain

/// What a manager changes in the restaurant's profile; nil leaves a field as it is. The caller has
/// checked each value (GSTIN checksum, FSSAI digits, UPI ID, hours, time zone).
public struct RestaurantProfileChanges: Sendable {
    public var name, address, state, gstin, fssai, upiId, timezone, openingHours, receiptHeader, receiptFooter: String?
    /// Tax and bill settings (docs/tax.md): the standard class's rate, tax-inclusive prices, the
    /// optional service charge, round-off, and the whole list of other tax classes when given.
    public var gstRateBp: Int?
    public var pricesIncludeTax: Bool?
    public var serviceChargeBp: Int?
    public var roundOff: Bool?
    public var taxClasses: [TaxClassRecord]?
    /// The logo's URL path ("" takes it off).
    public var logoUrl: String?

    public init(
        name: String? = nil, address: String? = nil, state: String? = nil, gstin: String? = nil, fssai: String? = nil,
        upiId: String? = nil, timezone: String? = nil, openingHours: String? = nil, receiptHeader: String? = nil,
        receiptFooter: String? = nil
    ) {
        (self.name, self.address, self.state, self.gstin, self.fssai) = (name, address, state, gstin, fssai)
        (self.upiId, self.timezone, self.openingHours, self.receiptHeader, self.receiptFooter) = (upiId, timezone, openingHours, receiptHeader, receiptFooter)
    }
}

extension AppDatabase {
    /// Saves the manager's changes to the restaurant's profile and returns it as it now is.
    /// Invoices already issued keep the details they were issued with (M019 stores them).
    public func updateProfile(tenantId: String, _ changes: RestaurantProfileChanges) async throws -> TenantRecord {
        try await pool.write { db in
            guard var tenant = try TenantRecord.fetchOne(db, key: tenantId) else { throw OrderRefusal.tenantNotFound }
            if let name = changes.name { tenant.name = name }
            if let address = changes.address { tenant.address = address }
            if let state = changes.state { tenant.state = state }
            if let gstin = changes.gstin { tenant.gstin = gstin }
            if let fssai = changes.fssai { tenant.fssai = fssai }
            if let upiId = changes.upiId { tenant.upiId = upiId }
            if let timezone = changes.timezone { tenant.timezone = timezone }
            if let hours = changes.openingHours { tenant.openingHours = hours }
            if let header = changes.receiptHeader { tenant.receiptHeader = header }
            if let footer = changes.receiptFooter { tenant.receiptFooter = footer }
            if let rate = changes.gstRateBp { tenant.gstRateBp = rate }
            if let inclusive = changes.pricesIncludeTax { tenant.pricesIncludeTax = inclusive }
            if let charge = changes.serviceChargeBp { tenant.serviceChargeBp = charge }
            if let roundOff = changes.roundOff { tenant.roundOff = roundOff }
            if let logo = changes.logoUrl { tenant.logoUrl = logo }
            try tenant.update(db)
            if let classes = changes.taxClasses { try Self.replaceTaxClasses(db, tenantId: tenantId, with: classes) }
            return tenant
        }
    }

    /// The restaurant's tax classes besides the standard one.
    public func taxClasses(tenantId: String) async throws -> [TaxClassRecord] {
        try await pool.read { db in try Self.taxClasses(db, tenantId: tenantId) }
    }

    static func taxClasses(_ db: Database, tenantId: String) throws -> [TaxClassRecord] {
        try TaxClassRecord.fetchAll(db, sql: "SELECT * FROM tax_classes WHERE tenant_id = ? ORDER BY rate_bp, name", arguments: [tenantId])
    }

    /// A class that dishes are still in cannot go: they would silently change rate.
    private static func replaceTaxClasses(_ db: Database, tenantId: String, with classes: [TaxClassRecord]) throws {
        let kept = Set(classes.map(\.id))
        for old in try taxClasses(db, tenantId: tenantId) where !kept.contains(old.id) {
            let dishes = try String.fetchAll(db, sql: """
                SELECT name FROM menu_items WHERE tenant_id = ? AND tax_class_id = ? AND is_deleted = 0 ORDER BY name LIMIT 3
                """, arguments: [tenantId, old.id])
            if !dishes.isEmpty { throw MenuRefusal.taxClassInUse(name: old.name, dishes: dishes) }
        }
        try db.execute(sql: "DELETE FROM tax_classes WHERE tenant_id = ?", arguments: [tenantId])
        for var taxClass in classes {
            taxClass.tenantId = tenantId
            try taxClass.insert(db)
        }
    }
}

/// A tax class besides the restaurant's standard one ("Packaged drinks", 18 %).
public struct TaxClassRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "tax_classes"
    public var tenantId: String
    public var id: String
    public var name: String
    public var rateBp: Int

    public init(tenantId: String = "", id: String, name: String, rateBp: Int) {
        (self.tenantId, self.id, self.name, self.rateBp) = (tenantId, id, name, rateBp)
    }
}
