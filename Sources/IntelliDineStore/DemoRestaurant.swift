import Foundation
import GRDB
import IntelliDineDomain

/// The demo restaurant (docs/glossary.md, "Demo restaurant"), created by `serve --demo` on an
/// empty box. Its stock levels and its one discount rule make the demo journey's numbers come out
/// exactly (docs/glossary.md, "Demo journey"):
/// Dal Makhani's dal is at 28 % of par, under the rule's 30 %, so it is 15 % off.
public enum DemoRestaurant {
    public static let tenantId = "11111111-1111-1111-1111-111111111111"

    /// The demo staff logins, printed by `make run`.
    public static let staff: [(username: String, password: String, role: Role, name: String)] = [
        ("kitchen_staff1", "kitchen-demo-1", .kitchenStaff, "Kitchen (demo)"),
        ("waiter1", "waiter-demo-1", .waiter, "Waiter (demo)"),
        ("manager1", "manager-demo-1", .manager, "Manager (demo)"),
    ]

    struct Item {
        var id, category, name, description: String
        var rupees: Int64
        var minutes: Int
        var tags: [String]
        var diet: Diet
        var nameHi, descriptionHi: String
    }

    static let categories = [("cat-1", "Appetizers"), ("cat-2", "Mains"), ("cat-3", "Breads")]

    static let items: [Item] = [
        Item(id: "item_001", category: "cat-1", name: "Paneer Tikka", description: "Marinated cottage cheese", rupees: 280, minutes: 15, tags: ["vegetarian", "spicy"],
             diet: .veg, nameHi: "पनीर टिक्का", descriptionHi: "मसाले में लिपटा पनीर, तंदूर में सिका"),
        Item(id: "item_002", category: "cat-1", name: "Chicken 65", description: "Crisp fried chicken with curry leaves", rupees: 260, minutes: 15, tags: ["spicy"],
             diet: .nonVeg, nameHi: "चिकन 65", descriptionHi: "करी पत्ते के साथ कुरकुरा तला चिकन"),
        Item(id: "item_003", category: "cat-2", name: "Dal Makhani", description: "Black lentils slow-cooked with butter", rupees: 250, minutes: 20, tags: ["vegetarian"],
             diet: .veg, nameHi: "दाल मखनी", descriptionHi: "मक्खन के साथ धीमी आँच पर पकी काली दाल"),
        Item(id: "item_004", category: "cat-2", name: "Butter Chicken", description: "Chicken in a tomato and butter gravy", rupees: 350, minutes: 20, tags: [],
             diet: .nonVeg, nameHi: "बटर चिकन", descriptionHi: "टमाटर और मक्खन की ग्रेवी में चिकन"),
        Item(id: "item_005", category: "cat-3", name: "Garlic Naan", description: "Tandoor bread with garlic", rupees: 50, minutes: 10, tags: ["vegetarian"],
             diet: .veg, nameHi: "गार्लिक नान", descriptionHi: "लहसुन वाली तंदूरी रोटी"),
        Item(id: "item_006", category: "cat-3", name: "Tandoori Roti", description: "Whole-wheat tandoor bread", rupees: 30, minutes: 8, tags: ["vegan"],
             diet: .vegan, nameHi: "तंदूरी रोटी", descriptionHi: "गेहूँ के आटे की तंदूरी रोटी"),
    ]

    /// (id, name, unit, stock, par): paneer 45 %, dal 28 %, flour 62 %, as the demo journey needs.
    static let ingredients: [(String, String, String, Int, Int)] = [
        ("ing-paneer", "Paneer", "g", 4_500, 10_000),
        ("ing-dal", "Black dal", "g", 1_400, 5_000),
        ("ing-flour", "Flour", "g", 12_400, 20_000),
        ("ing-chicken", "Chicken", "g", 8_000, 10_000),
    ]

    /// (ingredient, perishable, paise per 1,000 units): what the demand model's policy and its
    /// margin guardrail read. Paneer ₹400/kg and chicken ₹300/kg spoil; flour and dry dal keep.
    static let ingredientCosts: [(String, Bool, Int)] = [
        ("ing-paneer", true, 40_000), ("ing-dal", false, 12_000), ("ing-flour", false, 5_000), ("ing-chicken", true, 30_000),
    ]

    /// (item, ingredient, quantity per portion): the demo journey's 150 g paneer, 100 g dal, 60 g flour.
    static let recipes: [(String, String, Int)] = [
        ("item_001", "ing-paneer", 150), ("item_002", "ing-chicken", 200), ("item_003", "ing-dal", 100),
        ("item_004", "ing-chicken", 200), ("item_005", "ing-flour", 60), ("item_006", "ing-flour", 40),
    ]
}

extension AppDatabase {
    /// Creates the demo restaurant unless it exists. `hashPassword` is the server's bcrypt.
    /// Returns whether it was created.
    @discardableResult
    public func seedDemoRestaurant(
        at instant: Date, timezone: String = "Asia/Kolkata", hashPassword: @Sendable (String) throws -> String
    ) async throws -> Bool {
        let hashes = try DemoRestaurant.staff.map { try hashPassword($0.password) }
        return try await pool.write { db in
            let tenantId = DemoRestaurant.tenantId
            if try TenantRecord.exists(db, key: tenantId) { return false }
            let now = Timestamp.string(instant)
            try TenantRecord(
                id: tenantId, name: "Spice Garden (demo)", address: "12 MG Road, Bengaluru 560001",
                gstin: "29ABCDE1234F1ZW", timezone: timezone, gstRateBp: 1_800, createdAt: now, state: "Karnataka",
                fssai: "11223344556677", upiId: "spicegarden@okaxis", openingHours: "12:00-15:30, 19:00-23:30",
                receiptHeader: "Spice Garden · Bengaluru", receiptFooter: "Thank you! Service charge is optional."
            ).insert(db)
            for number in 1...10 {
                let id = String(format: "tbl-%03d", number)
                try TableRecord(id: id, tenantId: tenantId, tableNumber: number, name: "Table \(number)", capacity: 4, isActive: true).insert(db)
            }
            for (order, (id, name)) in DemoRestaurant.categories.enumerated() {
                try CategoryRecord(id: id, tenantId: tenantId, name: name, displayOrder: order).insert(db)
            }
            for (order, item) in DemoRestaurant.items.enumerated() {
                try MenuItemRecord(
                    id: item.id, tenantId: tenantId, categoryId: item.category, name: item.name, description: item.description,
                    pricePaise: item.rupees * 100, imageUrl: nil, preparationTime: item.minutes, dietaryTags: item.tags,
                    displayOrder: order, updatedAt: now, diet: item.diet, nameHi: item.nameHi, descriptionHi: item.descriptionHi
                ).insert(db)
            }
            for (id, name, unit, stock, par) in DemoRestaurant.ingredients {
                try db.execute(
                    sql: "INSERT INTO ingredients (id, tenant_id, name, unit, stock_quantity, par_level) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [id, tenantId, name, unit, stock, par])
            }
            for (id, perishable, cost) in DemoRestaurant.ingredientCosts {
                try db.execute(
                    sql: "UPDATE ingredients SET is_perishable = ?, cost_paise_per_1000 = ? WHERE tenant_id = ? AND id = ?",
                    arguments: [perishable, cost, tenantId, id])
            }
            for (item, ingredient, quantity) in DemoRestaurant.recipes {
                try db.execute(
                    sql: "INSERT INTO recipe_lines (tenant_id, menu_item_id, ingredient_id, quantity) VALUES (?, ?, ?, ?)",
                    arguments: [tenantId, item, ingredient, quantity])
            }
            // Portions and add-ons on dishes the demo journey does not order, so its numbers stay
            // exactly as they are: Chicken 65 by the half or full plate with a required spice level,
            // and Butter Chicken with up to two priced extras.
            try db.execute(sql: """
                INSERT INTO item_variants (tenant_id, menu_item_id, id, name, price_paise, portion_bp, is_default, display_order) VALUES
                  (?1, 'item_002', 'half', 'Half plate', 15000, 5000, 0, 1),
                  (?1, 'item_002', 'full', 'Full plate', 26000, 10000, 1, 2)
                """, arguments: [tenantId])
            try db.execute(sql: """
                INSERT INTO option_groups (tenant_id, menu_item_id, id, name, min_choices, max_choices, display_order) VALUES
                  (?1, 'item_002', 'spice', 'Spice level', 1, 1, 1),
                  (?1, 'item_004', 'extras', 'Extras', 0, 2, 1)
                """, arguments: [tenantId])
            try db.execute(sql: """
                INSERT INTO item_options (tenant_id, menu_item_id, group_id, id, name, price_paise, display_order) VALUES
                  (?1, 'item_002', 'spice', 'mild', 'Mild', 0, 1),
                  (?1, 'item_002', 'spice', 'medium', 'Medium', 0, 2),
                  (?1, 'item_002', 'spice', 'hot', 'Hot', 0, 3),
                  (?1, 'item_004', 'extras', 'extra-butter', 'Extra butter', 3000, 1),
                  (?1, 'item_004', 'extras', 'extra-cheese', 'Extra cheese', 3000, 2)
                """, arguments: [tenantId])
            try db.execute(sql: """
                INSERT INTO discount_rules (id, tenant_id, menu_item_id, discount_bp, reason, confidence, max_stock_percentage)
                VALUES ('rule-dal-low-stock', ?, 'item_003', 1500, 'Low inventory - clearing stock', 0.78, 30)
                """, arguments: [tenantId])
            for (staff, hash) in zip(DemoRestaurant.staff, hashes) {
                try StaffRecord(
                    id: RecordID.make("staff"), tenantId: tenantId, username: staff.username, displayName: staff.name,
                    passwordHash: hash, role: staff.role.rawValue, isActive: true, createdAt: now
                ).insert(db)
            }
            return true
        }
    }
}
