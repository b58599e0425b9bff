import Foundation
import GRDB
import IntelliDineDomain

/// A restaurant: its name and address for bills, its GSTIN, its time zone and GST rate.
public struct TenantRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "tenants"
    public var id: String
    public var name: String
    public var address: String
    public var gstin: String
    public var timezone: String
    public var gstRateBp: Int
    public var createdAt: String
    /// The restaurant's profile (docs/apps.md, "The staff app"): its state, FSSAI licence number,
    /// UPI ID, opening hours and the receipt's header and footer; empty until set.
    public var state: String = ""
    public var fssai: String = ""
    public var upiId: String = ""
    public var openingHours: String = ""
    public var receiptHeader: String = ""
    public var receiptFooter: String = ""
    /// Tax and bill settings (docs/tax.md); `gstRateBp` is the standard class's rate.
    public var pricesIncludeTax: Bool = false
    public var serviceChargeBp: Int = 0
    public var roundOff: Bool = false
    /// The logo's URL path on the box, or "" without one.
    public var logoUrl: String = ""

    /// Days, hours and peaks in the restaurant's own zone.
    public var calendar: ServiceCalendar { ServiceCalendar(timeZone: TimeZone(identifier: timezone) ?? .gmt) }
    public var gst: GSTRate { GSTRate(total: BasisPoints(gstRateBp)) }
    public var billSettings: BillSettings {
        BillSettings(standardRate: gst, pricesIncludeTax: pricesIncludeTax, serviceCharge: BasisPoints(serviceChargeBp), roundOff: roundOff)
    }
}

/// A dining table: the string id in its QR code and the number guests see.
public struct TableRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "tables"
    public var id: String
    public var tenantId: String
    public var tableNumber: Int
    public var name: String
    public var capacity: Int
    public var isActive: Bool

    public init(id: String, tenantId: String, tableNumber: Int, name: String, capacity: Int, isActive: Bool) {
        self.id = id
        self.tenantId = tenantId
        self.tableNumber = tableNumber
        self.name = name
        self.capacity = capacity
        self.isActive = isActive
    }
}
