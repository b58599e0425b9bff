import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The restaurant's profile: what its bills and invoices print (name, address, GSTIN, FSSAI
/// licence number, UPI ID), its time zone and opening hours, and the receipt's header and footer.
/// Staff read it; a manager edits it. Each value is checked as the authority writes it.
struct RestaurantController {
    let database: AppDatabase
    let body: JSONBody

    func register(on routes: APIRoutes) {
        routes.get("/api/restaurant", use: show)
        routes.patch("/api/restaurant", use: update)
    }

    struct ProfileJSON: Encodable, Sendable {
        var id, name, address, state, gstin, fssai, upi_id, timezone, opening_hours, receipt_header, receipt_footer: String
        /// The GSTIN's state code ("29"): the place of supply on invoices; absent without a GSTIN.
        var state_code: String?

        init(_ tenant: TenantRecord) {
            (id, name, address, state, gstin, fssai) = (tenant.id, tenant.name, tenant.address, tenant.state, tenant.gstin, tenant.fssai)
            (upi_id, timezone, opening_hours) = (tenant.upiId, tenant.timezone, tenant.openingHours)
            (receipt_header, receipt_footer) = (tenant.receiptHeader, tenant.receiptFooter)
            state_code = RestaurantIDs.stateCode(ofGSTIN: tenant.gstin)
        }
    }

    struct ProfileAnswer: Encodable, Sendable { var restaurant: ProfileJSON }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Success<ProfileAnswer> {
        let (_, tenantId) = try context.require(.staff, request: request)
        return Success(ProfileAnswer(restaurant: ProfileJSON(try await database.requireTenant(id: tenantId))))
    }

    struct ProfileInput: Decodable {
        var name, address, state, gstin, fssai, upi_id, timezone, opening_hours, receipt_header, receipt_footer: String?

        /// The changes, each checked; an empty FSSAI number, UPI ID or opening hours clears it.
        func changes() throws -> RestaurantProfileChanges {
            func text(_ value: String?, _ field: String, max: Int, required: Bool = false) throws -> String? {
                guard let value else { return nil }
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if required && trimmed.isEmpty { throw APIError.validation("The restaurant's \(field) cannot be empty") }
                guard trimmed.count <= max else { throw APIError.validation("The \(field) is at most \(max) characters") }
                return trimmed
            }
            let gstin = try text(gstin, "GSTIN", max: 15)?.uppercased()
            if let gstin, !gstin.isEmpty, !RestaurantIDs.isValidGSTIN(gstin) {
                throw APIError.validation("This GSTIN is not valid: check each character (15, ending in its check letter or digit)")
            }
            let fssai = try text(fssai, "FSSAI number", max: 14)
            if let fssai, !fssai.isEmpty, !RestaurantIDs.isValidFSSAI(fssai) {
                throw APIError.validation("An FSSAI licence number is 14 digits")
            }
            let upi = try text(upi_id, "UPI ID", max: 320)
            if let upi, !upi.isEmpty, !RestaurantIDs.isValidUPI(upi) {
                throw APIError.validation("A UPI ID looks like name@bank, for example spicegarden@okaxis")
            }
            let hours = try text(opening_hours, "opening hours", max: 60)
            if let hours, !hours.isEmpty, !RestaurantIDs.isValidHours(hours) {
                throw APIError.validation("Opening hours are like 12:00-15:30, 19:00-23:30")
            }
            let zone = try text(timezone, "time zone", max: 64, required: true)
            if let zone, TimeZone(identifier: zone) == nil {
                throw APIError.validation("Unknown time zone '\(zone)'; use a name like Asia/Kolkata")
            }
            return RestaurantProfileChanges(
                name: try text(name, "name", max: 80, required: true), address: try text(address, "address", max: 200),
                state: try text(state, "state", max: 40), gstin: gstin, fssai: fssai, upiId: upi, timezone: zone,
                openingHours: hours, receiptHeader: try text(receipt_header, "receipt header", max: 120),
                receiptFooter: try text(receipt_footer, "receipt footer", max: 200))
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Success<ProfileAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let changes = try await body.decode(ProfileInput.self, from: request).changes()
        return Success(ProfileAnswer(restaurant: ProfileJSON(try await database.updateProfile(tenantId: tenantId, changes))))
    }
}
