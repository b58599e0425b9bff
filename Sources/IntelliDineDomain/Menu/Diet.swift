/// What a dish is, for the mark Indian menus carry (FSSAI: a green dot in a square for veg, a red
/// or brown one for non-veg); egg and vegan are told apart because guests ask.
public enum Diet: String, Codable, Sendable, CaseIterable {
    case veg
    case nonVeg = "non-veg"
    case egg
    case vegan

    /// A best guess from free-text tags, for menus written before the mark existed: "vegan" and
    /// "vegetarian" are clear; anything else is left unmarked rather than guessed non-veg.
    public static func guess(fromTags tags: [String]) -> Diet? {
        let lowered = Set(tags.map { $0.lowercased() })
        if lowered.contains("vegan") { return .vegan }
        if lowered.contains("vegetarian") || lowered.contains("veg") { return .veg }
        if lowered.contains("non-veg") || lowered.contains("non-vegetarian") { return .nonVeg }
        if lowered.contains("egg") || lowered.contains("eggetarian") { return .egg }
        return nil
    }
}
