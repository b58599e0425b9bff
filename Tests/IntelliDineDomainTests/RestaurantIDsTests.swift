import IntelliDineDomain
import Testing

@Suite("The restaurant's ids, checked as the authorities write them")
struct RestaurantIDsTests {
    @Test("GSTIN: the check character catches any one wrong character, and the shape is enforced")
    func gstin() {
        #expect(RestaurantIDs.isValidGSTIN("27AAPFU0939F1ZV"))
        #expect(RestaurantIDs.isValidGSTIN("29AAGCB7383J1Z4"))
        #expect(RestaurantIDs.isValidGSTIN("29ABCDE1234F1ZW"))
        #expect(!RestaurantIDs.isValidGSTIN("29ABCDE1234F1Z5"), "a wrong check character")
        #expect(!RestaurantIDs.isValidGSTIN("27AAPFU0939F1ZW"))
        #expect(!RestaurantIDs.isValidGSTIN("28AAPFU0939F1ZV"), "one digit off in the state code")
        #expect(!RestaurantIDs.isValidGSTIN("27aapfu0939f1zv"), "lower case is not how it is written")
        #expect(!RestaurantIDs.isValidGSTIN("27AAPFU0939F1Z"), "14 characters")
        #expect(!RestaurantIDs.isValidGSTIN("27AAPFU0939F1XV"), "the 14th is always Z")
        let withCheck = { (prefix: String) in prefix + String(RestaurantIDs.gstinCheckCharacter(prefix)) }
        #expect(!RestaurantIDs.isValidGSTIN(withCheck("00ABCDE1234F1Z")), "no state 00, even with a right check character")
        #expect(!RestaurantIDs.isValidGSTIN(withCheck("45ABCDE1234F1Z")), "no state 45")
        #expect(RestaurantIDs.isValidGSTIN(withCheck("97ABCDE1234F1Z")), "97: other territory")
        #expect(!RestaurantIDs.isValidGSTIN(withCheck("29ABCDE1234F0Z")), "the entity number starts at 1")
        #expect(RestaurantIDs.stateCode(ofGSTIN: "29ABCDE1234F1ZW") == "29")
        #expect(RestaurantIDs.stateCode(ofGSTIN: "29ABCDE1234F1Z5") == nil)
    }

    @Test("FSSAI numbers are 14 digits; UPI IDs are handle@provider; hours are HH:MM-HH:MM ranges")
    func others() {
        #expect(RestaurantIDs.isValidFSSAI("11223344556677"))
        #expect(!RestaurantIDs.isValidFSSAI("1122334455667"))
        #expect(!RestaurantIDs.isValidFSSAI("11223344556677A"))
        #expect(RestaurantIDs.isValidUPI("spicegarden@okaxis"))
        #expect(RestaurantIDs.isValidUPI("spice.garden-12@ybl"))
        #expect(!RestaurantIDs.isValidUPI("spicegarden"))
        #expect(!RestaurantIDs.isValidUPI("spice garden@okaxis"))
        #expect(!RestaurantIDs.isValidUPI("a@b@c"))
        #expect(RestaurantIDs.isValidHours("12:00-15:30, 19:00-23:30"))
        #expect(RestaurantIDs.isValidHours("18:00-01:00"), "past midnight")
        #expect(!RestaurantIDs.isValidHours("12-15"))
        #expect(!RestaurantIDs.isValidHours("25:00-26:00"))
        #expect(!RestaurantIDs.isValidHours("12:00-12:00"))
    }
}
