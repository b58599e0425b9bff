import Foundation
import GRDB
import IntelliDineDomain

/// A menu section ("Appetizers"), shown in `display_order`.
public struct CategoryRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "categories"
    public var id: String
    public var tenantId: String
    public var name: String
    public var displayOrder: Int
    public var isDeleted: Bool
    /// Kept, with its dishes, but not shown to guests.
    public var isHidden: Bool

    public init(id: String, tenantId: String, name: String, displayOrder: Int, isDeleted: Bool = false, isHidden: Bool = false) {
        self.id = id
        self.tenantId = tenantId
        self.name = name
        self.displayOrder = displayOrder
        self.isDeleted = isDeleted
        self.isHidden = isHidden
    }
}

/// A dish with its price in paise. `is_available = 0` is "86'd"; deleted items stay for history.
public struct MenuItemRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "menu_items"
    public var id: String
    public var tenantId: String
    public var categoryId: String
    public var name: String
    public var description: String
    public var pricePaise: Int64
    public var imageUrl: String?
    public var preparationTime: Int
    /// A JSON array of strings, e.g. `["vegetarian","spicy"]`.
    public var dietaryTags: String
    public var displayOrder: Int
    public var isAvailable: Bool
    public var isDeleted: Bool
    public var updatedAt: String
    /// 86'd because an ingredient cannot cover one more portion; cleared by a restock.
    public var stockedOut: Bool
    /// `Diet`'s raw value (`veg`, `non-veg`, `egg`, `vegan`), or nil when not set.
    public var diet: String?
    /// The name and description in Hindi, shown to guests who read the menu in Hindi.
    public var nameHi: String?
    public var descriptionHi: String?
    /// The dish's tax class; nil is the restaurant's standard class (docs/tax.md).
    public var taxClassId: String? = nil
    /// 0 (not spicy) to 3 (very hot); nil when not said.
    public var spiceLevel: Int? = nil

    /// On sale now: the manager has not 86'd it and its ingredients cover a portion.
    public var canBeOrdered: Bool { isAvailable && !stockedOut && !isDeleted }

    public init(
        id: String, tenantId: String, categoryId: String, name: String, description: String, pricePaise: Int64,
        imageUrl: String?, preparationTime: Int, dietaryTags: [String], displayOrder: Int,
        isAvailable: Bool = true, isDeleted: Bool = false, updatedAt: String, stockedOut: Bool = false,
        diet: Diet? = nil, nameHi: String? = nil, descriptionHi: String? = nil, taxClassId: String? = nil, spiceLevel: Int? = nil
    ) {
        self.taxClassId = taxClassId
        self.spiceLevel = spiceLevel
        self.id = id
        self.tenantId = tenantId
        self.categoryId = categoryId
        self.name = name
        self.description = description
        self.pricePaise = pricePaise
        self.imageUrl = imageUrl
        self.preparationTime = preparationTime
        self.dietaryTags = Self.encodeTags(dietaryTags)
        self.displayOrder = displayOrder
        self.isAvailable = isAvailable
        self.isDeleted = isDeleted
        self.updatedAt = updatedAt
        self.stockedOut = stockedOut
        self.diet = diet?.rawValue
        self.nameHi = nameHi
        self.descriptionHi = descriptionHi
    }

    public var tags: [String] {
        get { (try? JSONDecoder().decode([String].self, from: Data(dietaryTags.utf8))) ?? [] }
        set { dietaryTags = Self.encodeTags(newValue) }
    }

    static func encodeTags(_ tags: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(tags)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
