import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The menu area: the guest's menu with ETags, and the manager's edits (each item edit is a
/// `menu.item_changed` event, docs/events.md).
struct MenuController {
    let database: AppDatabase
    let guestMenus: GuestMenuCache
    let body: JSONBody
    /// Whether guests can pay online here (Razorpay is configured), for the guest app's pay button.
    var onlinePayment = false
    let clock: WallClock
    let photos: PhotoStore

    func register(on routes: APIRoutes) {
        routes.get("/api/menu/items", use: guestMenu)
        routes.get("/api/tables/:table_id", use: table)
        routes.get("/api/menu/manage", use: fullMenu)
        routes.post("/api/menu/items", use: createItem)
        routes.patch("/api/menu/items/:id", use: updateItem)
        routes.delete("/api/menu/items/:id", use: deleteItem)
        routes.put("/api/menu/items/:id/customization", use: setCustomization)
        routes.put("/api/menu/items/:id/photo", use: setPhoto)
        routes.get("/photos/:tenant/:name", use: photo)
        routes.post("/api/menu/categories", use: createCategory)
        routes.patch("/api/menu/categories/:id", use: updateCategory)
        routes.delete("/api/menu/categories/:id", use: deleteCategory)
    }

    /// `GET /api/tables/{table_id}?tenant_id=`: public, what the QR code's page greets a guest with
    /// before they sign in (the restaurant's name and the table's number, both printed anyway).
    struct TableAnswer: Encodable, Sendable {
        struct Restaurant: Encodable, Sendable {
            var name: String
            var logo_url: String?
            /// The restaurant takes UPI: the bill screen offers a UPI payment for what is due.
            var upi: Bool
            /// The restaurant's IANA time zone: the page shows every time on the restaurant's clock,
            /// not the phone's (a roaming phone or one set to another zone would show other hours).
            var timezone: String
        }
        struct Table: Encodable, Sendable {
            var id: String
            var table_number: Int
            var name: String
        }
        var restaurant: Restaurant
        var online_payment: Bool
        var table: Table
    }

    @Sendable func table(_ request: Request, context: AppRequestContext) async throws -> Success<TableAnswer> {
        guard let tenantId = request.uri.queryParameters.get("tenant_id"), !tenantId.isEmpty, tenantId.count <= 64 else {
            throw APIError.validation("tenant_id is required")
        }
        let tableId = try context.parameters.require("table_id")
        guard let data = try await database.orderingContext(tenantId: String(tenantId), tableId: tableId, itemIds: []) else {
            throw OrderRefusal.tenantNotFound
        }
        guard let table = data.table else {
            throw APIError(.notFound, "TABLE_NOT_FOUND", "This restaurant has no table '\(tableId)'")
        }
        return Success(TableAnswer(
            // The logo's 192 px version: the header shows it at 28 px.
            restaurant: .init(name: data.tenant.name, logo_url: PhotoStore.thumbnailURL(for: data.tenant.logoUrl), upi: !data.tenant.upiId.isEmpty,
                timezone: data.tenant.timezone),
            online_payment: onlinePayment,
            table: .init(id: table.id, table_number: table.tableNumber, name: table.name)))
    }

    /// `GET /api/menu/items?tenant_id=`: what a guest can order now. A phone that already has
    /// this menu sends `If-None-Match` and gets 304 with no body.
    ///
    /// Public: the QR code opens the menu before anyone signs in (the phone number is asked for
    /// at "Place order"). Without a token the `tenant_id` names the restaurant, which must exist;
    /// anonymous callers are metered per address by the rate limiter like every API call.
    @Sendable func guestMenu(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, tenantId) = try context.browsing(.anyone, request: request)
        let menu = try await guestMenus.menu(tenantId: tenantId)
        let etag = menu.etag
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, no-cache"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") == etag
        }) {
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .notModified, headers: headers)
        }
        return JSONBody.response(data: menu.body, headers: headers)
    }

    @Sendable func fullMenu(_ request: Request, context: AppRequestContext) async throws -> MenuJSON {
        let (_, tenantId) = try context.require(.staff, request: request)
        return MenuJSON(try await database.fullMenu(tenantId: tenantId))
    }

    struct ItemInput: Decodable {
        var id: String?
        var category_id: String?
        var name: String?
        var description: String?
        var price: Paise?
        var image_url: String?
        var preparation_time: Int?
        var dietary_tags: [String]?
        var display_order: Int?
        var is_available: Bool?
        /// `veg`, `non-veg`, `egg` or `vegan`.
        var diet: String?
        var name_hi: String?
        var description_hi: String?
        /// 0 to 3; `null` is not accepted for "not said", use -1 to clear it.
        var spice_level: Int?
        /// A tax class from the restaurant's settings; "" is the standard class.
        var tax_class_id: String?

        /// The mark asked for; `""` clears it (handled by the store as "unmarked").
        var dietMark: Diet? {
            get throws {
                guard let diet, !diet.isEmpty else { return nil }
                guard let mark = Diet(rawValue: diet) else { throw APIError.validation("diet must be veg, non-veg, egg or vegan") }
                return mark
            }
        }

        /// A dish costs more than ₹0 and at most ₹1,00,000: a typo of an extra zero is caught.
        static let maxPrice = Paise(rupees: Int64(100_000))

        func validate() throws {
            _ = try dietMark
            if let name_hi, name_hi.count > 80 { throw APIError.validation("name_hi is at most 80 characters") }
            if let description_hi, description_hi.count > 500 { throw APIError.validation("description_hi is at most 500 characters") }
            if let name, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || name.count > 80 {
                throw APIError.validation("name must be 1 to 80 characters")
            }
            if let price, price <= .zero || price > Self.maxPrice {
                throw APIError.validation("price must be more than ₹0 and at most ₹1,00,000")
            }
            if let spice_level, !(-1...3).contains(spice_level) { throw APIError.validation("spice_level is 0 (not spicy) to 3 (very hot), or -1 to clear it") }
            if let tax_class_id, tax_class_id.count > 32 { throw APIError.validation("tax_class_id is at most 32 characters") }
            if let preparation_time, !(0...600).contains(preparation_time) { throw APIError.validation("preparation_time is minutes, 0 to 600") }
            if let description, description.count > 500 { throw APIError.validation("description is at most 500 characters") }
            if let dietary_tags, dietary_tags.count > 10 || dietary_tags.contains(where: { $0.isEmpty || $0.count > 30 }) {
                throw APIError.validation("dietary_tags: at most 10 tags of 1 to 30 characters")
            }
        }
    }

    struct ItemAnswer: Encodable, Sendable { var item: MenuJSON.Item }
    struct CategoryAnswer: Encodable, Sendable { var category: MenuJSON.Category }

    @Sendable func createItem(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<ItemAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(ItemInput.self, from: request)
        try input.validate()
        guard let name = input.name, let price = input.price, let categoryId = input.category_id else {
            throw APIError.validation("name, price and category_id are required")
        }
        let id = input.id ?? RecordID.make("item")
        guard Self.isValidId(id) else { throw APIError.validation("id may use letters, digits, '-' and '_' (at most 64)") }
        let now = clock.now()
        let item = try await database.createMenuItem(MenuItemRecord(
            id: id, tenantId: tenantId, categoryId: categoryId, name: name, description: input.description ?? "",
            pricePaise: price.value, imageUrl: input.image_url, preparationTime: input.preparation_time ?? 15,
            dietaryTags: input.dietary_tags ?? [], displayOrder: input.display_order ?? 0,
            isAvailable: input.is_available ?? true, updatedAt: Timestamp.string(now),
            diet: try input.dietMark ?? Diet.guess(fromTags: input.dietary_tags ?? []),
            nameHi: input.name_hi.flatMap { $0.isEmpty ? nil : $0 }, descriptionHi: input.description_hi.flatMap { $0.isEmpty ? nil : $0 },
            taxClassId: input.tax_class_id.flatMap { $0.isEmpty ? nil : $0 }, spiceLevel: input.spice_level.flatMap { $0 < 0 ? nil : $0 }), at: now)
        return Success(ItemAnswer(item: MenuJSON.Item(item))).created
    }

    /// Edits an item: price, availability (`"is_available": false` is 86), text, tags, category.
    @Sendable func updateItem(_ request: Request, context: AppRequestContext) async throws -> Success<ItemAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let id = try context.parameters.require("id")
        let input = try await body.decode(ItemInput.self, from: request)
        try input.validate()
        let item = try await database.updateMenuItem(
            tenantId: tenantId, id: id,
            changes: MenuItemChanges(
                categoryId: input.category_id, name: input.name, description: input.description, price: input.price,
                imageUrl: input.image_url, preparationTime: input.preparation_time, dietaryTags: input.dietary_tags,
                displayOrder: input.display_order, isAvailable: input.is_available, diet: try input.dietMark,
                clearDiet: input.diet == "", nameHi: input.name_hi, descriptionHi: input.description_hi,
                taxClassId: input.tax_class_id, spiceLevel: input.spice_level),
            at: clock.now())
        return Success(ItemAnswer(item: MenuJSON.Item(item)))
    }

    @Sendable func deleteItem(_ request: Request, context: AppRequestContext) async throws -> Success<NoFields> {
        let (_, tenantId) = try context.require(.managers, request: request)
        try await database.deleteMenuItem(tenantId: tenantId, id: try context.parameters.require("id"), at: clock.now())
        return Success()
    }

    /// The body of `PUT /api/menu/items/{id}/customization`, in the menu's own shape.
    struct CustomizationInput: Decodable {
        struct Variant: Decodable {
            var id: String
            var name: String
            var price: Paise
            /// The recipe's share, 100 = a whole portion (50 for a half plate).
            var portion_percent: Int?
            var is_default: Bool?
        }
        struct Option: Decodable {
            var id: String
            var name: String
            var price: Paise?
        }
        struct Group: Decodable {
            var id: String
            var name: String
            var min_choices: Int?
            var max_choices: Int?
            var options: [Option]
        }
        var variants: [Variant]?
        var option_groups: [Group]?

        /// A percentage as basis points; one far out of range becomes -1, which the customization's
        /// check refuses, instead of overflowing (a trap that would stop the daemon).
        static func basisPoints(_ percent: Int) -> Int {
            (-1_000...1_000).contains(percent) ? percent * 100 : -1
        }

        var customization: MenuCustomization {
            MenuCustomization(
                variants: (variants ?? []).map {
                    .init(id: $0.id, name: $0.name, price: $0.price, portionBp: Self.basisPoints($0.portion_percent ?? 100), isDefault: $0.is_default ?? false)
                },
                groups: (option_groups ?? []).map {
                    .init(id: $0.id, name: $0.name, minChoices: $0.min_choices ?? 0, maxChoices: $0.max_choices ?? 1,
                          options: $0.options.map { .init(id: $0.id, name: $0.name, price: $0.price ?? .zero) })
                })
        }
    }

    /// `PUT /api/menu/items/{id}/customization` (manager): the item's portions and add-ons, replaced whole.
    @Sendable func setCustomization(_ request: Request, context: AppRequestContext) async throws -> Success<ItemAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let itemId = try context.parameters.require("id")
        let customization = try await body.decode(CustomizationInput.self, from: request).customization
        if let problem = customization.problem { throw APIError.validation(problem) }
        try await database.setCustomization(tenantId: tenantId, itemId: itemId, customization, at: clock.now())
        let menu = try await database.fullMenu(tenantId: tenantId)
        guard let item = menu.items.first(where: { $0.id == itemId }) else { throw MenuRefusal.itemNotFound(itemId) }
        return Success(ItemAnswer(item: MenuJSON.Item(item, menu.customizations[itemId])))
    }

    struct CategoryInput: Decodable {
        var id: String?
        var name: String?
        var display_order: Int?
        var is_hidden: Bool?
    }

    @Sendable func createCategory(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<CategoryAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(CategoryInput.self, from: request)
        guard let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty, name.count <= 60 else {
            throw APIError.validation("name must be 1 to 60 characters")
        }
        let id = input.id ?? RecordID.make("cat")
        guard Self.isValidId(id) else { throw APIError.validation("id may use letters, digits, '-' and '_' (at most 64)") }
        let category = try await database.createCategory(
            CategoryRecord(id: id, tenantId: tenantId, name: name, displayOrder: input.display_order ?? 0, isHidden: input.is_hidden ?? false))
        return Success(CategoryAnswer(category: MenuJSON.Category(category))).created
    }

    @Sendable func updateCategory(_ request: Request, context: AppRequestContext) async throws -> Success<CategoryAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(CategoryInput.self, from: request)
        let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let name, name.isEmpty || name.count > 60 { throw APIError.validation("name must be 1 to 60 characters") }
        let category = try await database.updateCategory(
            tenantId: tenantId, id: try context.parameters.require("id"), name: name, displayOrder: input.display_order,
            isHidden: input.is_hidden)
        return Success(CategoryAnswer(category: MenuJSON.Category(category)))
    }

    /// `DELETE /api/menu/categories/{id}` (manager): only an empty category; hiding keeps one with dishes.
    @Sendable func deleteCategory(_ request: Request, context: AppRequestContext) async throws -> Success<NoFields> {
        let (_, tenantId) = try context.require(.managers, request: request)
        try await database.deleteCategory(tenantId: tenantId, id: try context.parameters.require("id"))
        return Success()
    }

    /// `PUT /api/menu/items/{id}/photo` (manager): the body is the photo as taken (JPEG, PNG or
    /// WebP, at most 10 MB). The box makes its phone-sized versions (`PhotoStore`); the item's
    /// `image_url` points at the large one from then on.
    @Sendable func setPhoto(_ request: Request, context: AppRequestContext) async throws -> Success<ItemAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let id = try context.parameters.require("id")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > PhotoStore.maxBytes {
            throw Self.photoTooLarge
        }
        let collected: ByteBuffer
        do {
            collected = try await request.body.collect(upTo: PhotoStore.maxBytes)
        } catch {
            throw Self.photoTooLarge
        }
        // Is there such a dish? Checked before the photo costs any CPU.
        guard let current = try await database.menuItem(tenantId: tenantId, id: id) else { throw MenuRefusal.itemNotFound(id) }
        let url = try await photos.save(Array(collected.readableBytesView), tenantId: tenantId, itemId: id)
        do {
            let item = try await database.updateMenuItem(tenantId: tenantId, id: id, changes: MenuItemChanges(imageUrl: url), at: clock.now())
            photos.removeOthers(tenantId: tenantId, itemId: id, keeping: url)
            return Success(ItemAnswer(item: MenuJSON.Item(item)))
        } catch {
            // Not saved: leave no stray file behind (unless it is the very photo the dish has).
            if url != current.imageUrl { photos.remove(url: url) }
            throw error
        }
    }

    static let photoTooLarge = APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "A photo is at most 10 MB")

    /// `GET /photos/{tenant}/{name}`: public like the menu; the name carries the content's hash,
    /// so phones keep it for a year.
    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let stored = photos.read(tenant: try context.parameters.require("tenant"), name: try context.parameters.require("name")) else {
            throw APIError(.notFound, "NOT_FOUND", "No such photo")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: stored.kind.contentType, .cacheControl: "public, max-age=31536000, immutable",
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: stored.bytes)))
    }

    static func isValidId(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
