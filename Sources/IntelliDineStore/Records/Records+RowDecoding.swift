import GRDB

// Records read on every order placement, and events read by every consumer, decode from rows by hand: GRDB's Codable decoding with
// snake_case key conversion is several times slower for the same result.

extension MenuItemRecord {
    public init(row: Row) throws {
        id = row["id"]
        tenantId = row["tenant_id"]
        categoryId = row["category_id"]
        name = row["name"]
        description = row["description"]
        pricePaise = row["price_paise"]
        imageUrl = row["image_url"]
        preparationTime = row["preparation_time"]
        dietaryTags = row["dietary_tags"]
        displayOrder = row["display_order"]
        isAvailable = row["is_available"]
        isDeleted = row["is_deleted"]
        updatedAt = row["updated_at"]
        stockedOut = row["stocked_out"]
        diet = row["diet"]
        nameHi = row["name_hi"]
        descriptionHi = row["description_hi"]
        taxClassId = row["tax_class_id"]
        spiceLevel = row["spice_level"]
    }
}

extension TenantRecord {
    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        address = row["address"]
        gstin = row["gstin"]
        timezone = row["timezone"]
        gstRateBp = row["gst_rate_bp"]
        createdAt = row["created_at"]
        state = row["state"]
        fssai = row["fssai"]
        upiId = row["upi_id"]
        openingHours = row["opening_hours"]
        receiptHeader = row["receipt_header"]
        receiptFooter = row["receipt_footer"]
        pricesIncludeTax = row["prices_include_tax"]
        serviceChargeBp = row["service_charge_bp"]
        roundOff = row["round_off"]
        logoUrl = row["logo_url"]
    }
}

extension TableRecord {
    public init(row: Row) throws {
        id = row["id"]
        tenantId = row["tenant_id"]
        tableNumber = row["table_number"]
        name = row["name"]
        capacity = row["capacity"]
        isActive = row["is_active"]
    }
}

extension EventRecord {
    public init(row: Row) throws {
        seq = row["seq"]
        id = row["id"]
        tenantId = row["tenant_id"]
        type = row["type"]
        aggregateId = row["aggregate_id"]
        payload = row["payload"]
        occurredAt = row["occurred_at"]
    }
}
