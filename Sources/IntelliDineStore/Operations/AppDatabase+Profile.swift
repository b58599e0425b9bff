import Foundation
import GRDB
import IntelliDineDomain

/// What a manager changes in the restaurant's profile; nil leaves a field as it is. The caller has
/// checked each value (GSTIN checksum, FSSAI digits, UPI ID, hours, time zone).
public struct RestaurantProfileChanges: Sendable {
    public var name, address, state, gstin, fssai, upiId, timezone, openingHours, receiptHeader, receiptFooter: String?

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
            try tenant.update(db)
            return tenant
        }
    }
}
