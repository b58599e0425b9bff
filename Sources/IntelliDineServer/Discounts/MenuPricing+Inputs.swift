import Foundation
import IntelliDineDomain
import IntelliDineStore

extension MenuPricing {
    /// Pricing for a restaurant at `instant` from one read of its inputs, with the demand model's
    /// answers for that moment when the restaurant has a policy.
    init(tenant: TenantRecord, inputs: PricingInputs, policy: DemandDiscountPolicy?, at instant: Date) {
        let calendar = tenant.calendar
        self.init(
            rules: inputs.discountRules, modelAnswers: policy?.answers(inputs.policyInputs, calendar: calendar, at: instant) ?? [:],
            stockPercentages: inputs.stockPercentages, settings: tenant.billSettings, calendar: calendar, at: instant)
    }
}
