import Foundation

/// The checks on a restaurant's own details, as the tax office and FSSAI write them.
public enum RestaurantIDs {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// A GSTIN: 2-digit state code, the 10-character PAN, the entity number, `Z`, and a check
    /// character (GSTN's mod-36 scheme: each character's value, doubled at odd places, summed as
    /// quotient plus remainder by 36). A typo in any character is caught before it reaches an invoice.
    public static func isValidGSTIN(_ gstin: String) -> Bool {
        let characters = Array(gstin)
        guard characters.count == 15, characters.allSatisfy({ alphabet.contains($0) }),
              characters[0].isNumber, characters[1].isNumber,
              characters[2...6].allSatisfy(\.isLetter), characters[7...10].allSatisfy(\.isNumber), characters[11].isLetter,
              characters[12] != "0", characters[13] == "Z",
              // States and union territories are 01–38; 97 is "other territory", 99 the centre's jurisdiction.
              let state = Int(String(characters[0...1])), (1...38).contains(state) || state == 97 || state == 99
        else { return false }
        return characters[14] == gstinCheckCharacter(String(characters[0..<14]))
    }

    /// The 15th character of a GSTIN whose first 14 are `prefix`.
    public static func gstinCheckCharacter(_ prefix: String) -> Character {
        var sum = 0
        for (index, character) in prefix.enumerated() {
            let product = (alphabet.firstIndex(of: character) ?? 0) * (index % 2 == 0 ? 1 : 2)
            sum += product / 36 + product % 36
        }
        return alphabet[(36 - sum % 36) % 36]
    }

    /// The state code a GSTIN starts with ("29" is Karnataka): the place of supply on invoices.
    public static func stateCode(ofGSTIN gstin: String) -> String? {
        isValidGSTIN(gstin) ? String(gstin.prefix(2)) : nil
    }

    /// An FSSAI licence or registration number: 14 digits.
    public static func isValidFSSAI(_ number: String) -> Bool {
        number.count == 14 && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A UPI ID (a VPA): a handle, `@`, and the bank's or app's name, e.g. `spicegarden@okaxis`.
    public static func isValidUPI(_ id: String) -> Bool {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (2...256).contains(parts[0].count), (2...64).contains(parts[1].count) else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }
            && parts[1].allSatisfy { $0.isASCII && $0.isLetter }
    }

    /// Opening hours as a guest reads them on a receipt: `HH:MM-HH:MM`, several separated by commas
    /// ("12:00-15:30, 19:00-23:30"); a range may run past midnight ("18:00-01:00").
    public static func isValidHours(_ hours: String) -> Bool {
        let ranges = hours.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ranges.isEmpty, ranges.count <= 4 else { return false }
        return ranges.allSatisfy { range in
            let ends = range.split(separator: "-").map(String.init)
            return ends.count == 2 && ends.allSatisfy(isTime) && ends[0] != ends[1]
        }
    }

    private static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}
