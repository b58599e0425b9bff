import IntelliDineDomain
import Testing

@Suite("Splitting a bill: every part sums back to the paisa")
struct BillSplitTests {
    @Test("₹1,000.01 in three: ₹333.34, ₹333.34, ₹333.33; any total, any count, sums back exactly")
    func equal() throws {
        #expect(try BillSplit.equal(Paise(100_001), parts: 3) == [Paise(33_334), Paise(33_334), Paise(33_333)])
        for total in [1, 7, 99, 100_001, 123_457] {
            for parts in 1...min(20, total) {
                let split = try BillSplit.equal(Paise(Int64(total)), parts: parts)
                #expect(split.reduce(Paise.zero, +) == Paise(Int64(total)))
                #expect(split.max()!.value - split.min()!.value <= 1)
            }
        }
        #expect(throws: BillSplit.Refusal.partCount(21)) { try BillSplit.equal(Paise(100_000), parts: 21) }
        #expect(throws: BillSplit.Refusal.nonPositivePart) { try BillSplit.equal(Paise(2), parts: 3) }
    }

    @Test("Amounts must add up to what is due; items must each be in exactly one part")
    func amountsAndItems() throws {
        #expect(throws: BillSplit.Refusal.amountsDoNotAddUp(expected: Paise(1_000), got: Paise(900))) {
            try BillSplit.amounts([Paise(400), Paise(500)], total: Paise(1_000))
        }
        // Parts whose sum would overflow 64 bits are refused, not added up (a trap stops the daemon).
        let huge = Paise(4_600_000_000_000_000_000)
        #expect(throws: BillSplit.Refusal.amountsDoNotAddUp(expected: Paise(1_000), got: huge)) {
            try BillSplit.amounts([huge, huge, huge], total: Paise(1_000))
        }
        let lines = [BillSplit.Line(id: "a", gross: Paise(500)), BillSplit.Line(id: "b", gross: Paise(300)), BillSplit.Line(id: "c", gross: Paise(201))]
        #expect(try BillSplit.byItems([["a"], ["b", "c"]], lines: lines) == [Paise(500), Paise(501)])
        #expect(throws: BillSplit.Refusal.linesLeftOut(["c"])) { try BillSplit.byItems([["a"], ["b"]], lines: lines) }
        #expect(throws: BillSplit.Refusal.lineInTwoParts("a")) { try BillSplit.byItems([["a"], ["a", "b", "c"]], lines: lines) }
        #expect(throws: BillSplit.Refusal.lineNotOnBill("z")) { try BillSplit.byItems([["a", "b", "c", "z"]], lines: lines) }
    }

    @Test("An order's total shared among its lines by largest remainder adds up to the total exactly")
    func lineShares() {
        // The demo journey's order: ₹1,088.55 over lines of ₹560, ₹212.50 and ₹150.
        let eighteen = GSTRate.restaurant18
        let shares = BillSplit.lineShares(
            orderTotal: Paise(108_855), lines: [(Paise(56_000), eighteen), (Paise(21_250), eighteen), (Paise(15_000), eighteen)], pricesIncludeTax: false)
        #expect(shares.reduce(Paise.zero, +) == Paise(108_855))
        #expect(shares == [Paise(66_080), Paise(25_075), Paise(17_700)])
        let odd = BillSplit.lineShares(orderTotal: Paise(100_001), weights: [1, 1, 1])
        #expect(odd.reduce(Paise.zero, +) == Paise(100_001))
        // A huge order: the products do not overflow.
        let huge = BillSplit.lineShares(orderTotal: Paise(9_000_000_000), weights: [9_000_000_000, 1_000_000_000])
        #expect(huge == [Paise(8_100_000_000), Paise(900_000_000)])
    }

    @Test("Given a ₹100 dish at 5 % and a ₹100 drink at 40 %, then by items they pay ₹105 and ₹140, not half each")
    func lineSharesWithTwoRates() {
        let shares = BillSplit.lineShares(
            orderTotal: Paise(24_500), lines: [(Paise(10_000), GSTRate(total: BasisPoints(500))), (Paise(10_000), GSTRate(total: BasisPoints(4_000)))],
            pricesIncludeTax: false)
        #expect(shares == [Paise(10_500), Paise(14_000)])
        // Prices that include the tax are already what each line costs.
        let inclusive = BillSplit.lineShares(
            orderTotal: Paise(24_500), lines: [(Paise(10_500), GSTRate(total: BasisPoints(500))), (Paise(14_000), GSTRate(total: BasisPoints(4_000)))],
            pricesIncludeTax: true)
        #expect(inclusive == [Paise(10_500), Paise(14_000)])
    }
}

@Suite("Menu customization: the server's prices and rules for portions and add-ons")
struct MenuCustomizationTests {
    let chicken = MenuCustomization(
        variants: [
            .init(id: "half", name: "Half plate", price: Paise(15_000), portionBp: 5_000, isDefault: false),
            .init(id: "full", name: "Full plate", price: Paise(26_000), portionBp: 10_000, isDefault: true),
        ],
        groups: [
            .init(id: "spice", name: "Spice level", minChoices: 1, maxChoices: 1, options: [.init(id: "hot", name: "Hot", price: .zero), .init(id: "mild", name: "Mild", price: .zero)]),
            .init(id: "extras", name: "Extras", minChoices: 0, maxChoices: 2, options: [.init(id: "cheese", name: "Extra cheese", price: Paise(3_000))]),
        ])

    @Test("Variant price plus add-ons; the default portion when none is named; each rule refused by name")
    func resolve() throws {
        let half = try chicken.resolve(itemName: "Chicken 65", basePrice: Paise(26_000), variantId: "half", optionIds: ["hot", "cheese"])
        #expect(half.unitPrice == Paise(18_000))
        #expect(half.portionBp == 5_000)
        #expect(half.options.map(\.option.name) == ["Hot", "Extra cheese"])
        #expect(try chicken.resolve(itemName: "Chicken 65", basePrice: Paise(26_000), variantId: nil, optionIds: ["mild"]).unitPrice == Paise(26_000))
        #expect(throws: MenuCustomization.Refusal.tooFewChoices(item: "Chicken 65", group: "Spice level", min: 1)) {
            try chicken.resolve(itemName: "Chicken 65", basePrice: Paise(26_000), variantId: "half", optionIds: [])
        }
        #expect(throws: MenuCustomization.Refusal.tooManyChoices(item: "Chicken 65", group: "Spice level", max: 1)) {
            try chicken.resolve(itemName: "Chicken 65", basePrice: Paise(26_000), variantId: nil, optionIds: ["hot", "mild"])
        }
        #expect(throws: MenuCustomization.Refusal.unknownVariant(item: "Chicken 65", id: "jumbo")) {
            try chicken.resolve(itemName: "Chicken 65", basePrice: Paise(26_000), variantId: "jumbo", optionIds: ["hot"])
        }
        let noDefault = MenuCustomization(variants: [.init(id: "s", name: "Small", price: Paise(100), portionBp: 5_000, isDefault: false)])
        #expect(throws: MenuCustomization.Refusal.variantRequired(item: "Soup")) {
            try noDefault.resolve(itemName: "Soup", basePrice: Paise(100), variantId: nil, optionIds: [])
        }
        #expect(try MenuCustomization.none.resolve(itemName: "Naan", basePrice: Paise(5_000), variantId: nil, optionIds: []).unitPrice == Paise(5_000))
    }
}

@Suite("Tax invoice numbers")
struct TaxInvoiceTests {
    @Test("The financial year runs April to March; numbers are zero-padded in their year's series")
    func numbering() {
        #expect(TaxInvoice.financialYear(ofLocalDate: "2026-11-25") == "2026-27")
        #expect(TaxInvoice.financialYear(ofLocalDate: "2027-03-31") == "2026-27")
        #expect(TaxInvoice.financialYear(ofLocalDate: "2027-04-01") == "2027-28")
        #expect(TaxInvoice.financialYear(ofLocalDate: "2099-06-01") == "2099-00")
        #expect(TaxInvoice.number(financialYear: "2026-27", sequence: 42) == "INV/2627/000042")
        #expect(TaxInvoice.number(financialYear: "2026-27", sequence: 999_999).count <= 16, "CGST Rule 46(b): at most 16 characters")
    }
}
