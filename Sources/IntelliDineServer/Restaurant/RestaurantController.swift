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
    let photos: PhotoStore

    func register(on routes: APIRoutes) {
        routes.get("/api/restaurant", use: show)
        routes.patch("/api/restaurant", use: update)
        routes.put("/api/restaurant/logo", use: setLogo)
    }

    struct ProfileJSON: Encodable, Sendable {
        var id, name, address, state, gstin, fssai, upi_id, timezone, opening_hours, receipt_header, receipt_footer: String
        /// The GSTIN's state code ("29"): the place of supply on invoices; absent without a GSTIN.
        var state_code: String?
        /// Tax and bill settings (docs/tax.md): the standard rate in percent, the optional service
        /// charge in percent (0 offers none), and the other tax classes.
        var gst_rate: Decimal
        var prices_include_tax: Bool
        var service_charge_percentage: Decimal
        var round_off: Bool
        var tax_classes: [TaxClassJSON]
        /// The rates a class may have, in percent.
        var gst_slabs: [Decimal]
        /// The logo on the guest's menu; absent without one.
        var logo_url: String?

        init(_ tenant: TenantRecord, taxClasses: [TaxClassRecord]) {
            (id, name, address, state, gstin, fssai) = (tenant.id, tenant.name, tenant.address, tenant.state, tenant.gstin, tenant.fssai)
            (upi_id, timezone, opening_hours) = (tenant.upiId, tenant.timezone, tenant.openingHours)
            (receipt_header, receipt_footer) = (tenant.receiptHeader, tenant.receiptFooter)
            state_code = RestaurantIDs.stateCode(ofGSTIN: tenant.gstin)
            gst_rate = tenant.gst.total.percent
            prices_include_tax = tenant.pricesIncludeTax
            service_charge_percentage = BasisPoints(tenant.serviceChargeBp).percent
            round_off = tenant.roundOff
            tax_classes = taxClasses.map { TaxClassJSON(id: $0.id, name: $0.name, rate: BasisPoints($0.rateBp).percent) }
            gst_slabs = GSTRate.slabs.map { BasisPoints($0).percent }
            logo_url = tenant.logoUrl.isEmpty ? nil : tenant.logoUrl
        }
    }

    struct TaxClassJSON: Codable, Sendable {
        var id: String
        var name: String
        var rate: Decimal
    }

    struct ProfileAnswer: Encodable, Sendable { var restaurant: ProfileJSON }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Success<ProfileAnswer> {
        let (_, tenantId) = try context.require(.staff, request: request)
        return Success(ProfileAnswer(restaurant: ProfileJSON(
            try await database.requireTenant(id: tenantId), taxClasses: try await database.taxClasses(tenantId: tenantId))))
    }

    struct ProfileInput: Decodable {
        var name, address, state, gstin, fssai, upi_id, timezone, opening_hours, receipt_header, receipt_footer: String?
        var gst_rate, service_charge_percentage: Decimal?
        var prices_include_tax, round_off: Bool?
        var tax_classes: [TaxClassJSON]?

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
            var changes = RestaurantProfileChanges(
                name: try text(name, "name", max: 80, required: true), address: try text(address, "address", max: 200),
                state: try text(state, "state", max: 40), gstin: gstin, fssai: fssai, upiId: upi, timezone: zone,
                openingHours: hours, receiptHeader: try text(receipt_header, "receipt header", max: 120),
                receiptFooter: try text(receipt_footer, "receipt footer", max: 200))
            try taxChanges(into: &changes)
            return changes
        }

        /// Rates must be GST slabs; a service charge is at most 20 %, in steps of 0.01 %.
        private func taxChanges(into changes: inout RestaurantProfileChanges) throws {
            func slab(_ percent: Decimal, _ what: String) throws -> Int {
                guard let bp = BasisPoints(percent: percent)?.value, GSTRate(total: BasisPoints(bp)).isSlab else {
                    let slabs = GSTRate.slabs.map { "\(BasisPoints($0).percent) %" }.joined(separator: ", ")
                    throw APIError.validation("\(what) must be a GST rate: \(slabs)")
                }
                return bp
            }
            if let gst_rate { changes.gstRateBp = try slab(gst_rate, "The GST rate") }
            if let service_charge_percentage {
                guard let bp = BasisPoints(percent: service_charge_percentage)?.value, (0...BillSettings.maxServiceCharge.value).contains(bp) else {
                    throw APIError.validation("The service charge is between 0 % (none) and \(BillSettings.maxServiceCharge.percent) %")
                }
                changes.serviceChargeBp = bp
            }
            changes.pricesIncludeTax = prices_include_tax
            changes.roundOff = round_off
            if let tax_classes {
                guard tax_classes.count <= 10 else { throw APIError.validation("A restaurant has at most 10 tax classes besides the standard one") }
                var ids: Set<String> = ["standard"]
                changes.taxClasses = try tax_classes.map { taxClass in
                    let name = taxClass.name.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard (1...40).contains(name.count) else { throw APIError.validation("A tax class needs a name of up to 40 characters") }
                    guard Self.isSlug(taxClass.id), ids.insert(taxClass.id).inserted else {
                        throw APIError.validation("Tax class ids are short, unique words like 'packaged' ('\(taxClass.id)' is not)")
                    }
                    return TaxClassRecord(id: taxClass.id, name: name, rateBp: try slab(taxClass.rate, "The rate of '\(name)'"))
                }
            }
        }


        static func isSlug(_ id: String) -> Bool {
            (1...32).contains(id.count) && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
        }
    }

    /// `PUT /api/restaurant/logo` (manager): the image as a photo is sent (JPEG, PNG or WebP, at most
    /// 10 MB); the box makes it phone-sized without metadata, like a dish photo.
    @Sendable func setLogo(_ request: Request, context: AppRequestContext) async throws -> Success<ProfileAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: PhotoStore.maxBytes)
        } catch {
            throw MenuController.photoTooLarge
        }
        let old = try await database.requireTenant(id: tenantId).logoUrl
        let url = try await photos.save(Array(bytes.readableBytesView), tenantId: tenantId, itemId: PhotoStore.logoName)
        var changes = RestaurantProfileChanges()
        changes.logoUrl = url
        let tenant: TenantRecord
        do {
            tenant = try await database.updateProfile(tenantId: tenantId, changes)
        } catch {
            if url != old { photos.remove(url: url) }
            throw error
        }
        photos.removeOthers(tenantId: tenantId, itemId: PhotoStore.logoName, keeping: url)
        return Success(ProfileAnswer(restaurant: ProfileJSON(tenant, taxClasses: try await database.taxClasses(tenantId: tenantId))))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Success<ProfileAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let changes = try await body.decode(ProfileInput.self, from: request).changes()
        let tenant = try await database.updateProfile(tenantId: tenantId, changes)
        return Success(ProfileAnswer(restaurant: ProfileJSON(tenant, taxClasses: try await database.taxClasses(tenantId: tenantId))))
    }
}
