import Foundation
import IntelliDineDomain
import IntelliDineStore
import Logging
import ServiceLifecycle
import Synchronization

/// Each restaurant's current discount policy (its newest demand model with the manager's
/// guardrails), held in memory so order placement does not decode a model per order; and the
/// training that makes new versions, nightly and on the manager's demand.
final class DemandModels: Sendable {
    let database: AppDatabase
    private let policies = Mutex<[String: DemandDiscountPolicy]>([:])
    /// The last training queued: trainings run one after another (they read weeks of orders, and
    /// a manager's request that arrives during the nightly run waits for it, then trains anew).
    private let lastTraining = Mutex<Task<Void, Never>?>(nil)

    /// How far back training looks.
    static let historyDays = 56
    /// Less than a week of trade cannot tell a Monday from a Saturday.
    static let minimumHistoryDays = 7

    init(database: AppDatabase) { self.database = database }

    /// The policy order placement uses, nil before a model exists.
    func policy(for tenantId: String) -> DemandDiscountPolicy? {
        policies.withLock { $0[tenantId] }
    }

    /// (Re)loads a restaurant's newest model and guardrails into memory.
    func reload(tenantId: String) async throws {
        let guardrails = try await database.discountGuardrails(tenantId: tenantId)
        let stored = try await database.latestDemandModel(tenantId: tenantId)
        policies.withLock { policies in
            if let stored, let model = stored.model {
                policies[tenantId] = DemandDiscountPolicy(model: model, modelVersion: stored.version, guardrails: guardrails)
            } else {
                policies[tenantId] = nil
            }
        }
    }

    enum TrainingRefusal: Error {
        case notEnoughHistory(days: Int)
    }

    /// Trains a new version from the last eight weeks of orders, scores it on the last week held
    /// out (when there are two weeks or more), stores it, and puts it in use.
    func train(tenantId: String, trigger: String, at now: Date) async throws -> StoredDemandModel {
        let task = lastTraining.withLock { last -> Task<StoredDemandModel, any Error> in
            let previous = last
            let task = Task {
                await previous?.value
                return try await self.trainNow(tenantId: tenantId, trigger: trigger, at: now)
            }
            last = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }

    private func trainNow(tenantId: String, trigger: String, at now: Date) async throws -> StoredDemandModel {
        let calendar = try await database.requireTenant(id: tenantId).calendar
        let guardrails = try await database.discountGuardrails(tenantId: tenantId)
        let earliest = now.addingTimeInterval(-Double(Self.historyDays) * 86_400)
        guard let first = try await database.firstOrderAt(tenantId: tenantId) else { throw TrainingRefusal.notEnoughHistory(days: 0) }
        let from = max(first, earliest)
        let days = Int(now.timeIntervalSince(from) / 86_400)
        guard days >= Self.minimumHistoryDays else { throw TrainingRefusal.notEnoughHistory(days: days) }
        let sales = try await database.sales(tenantId: tenantId, since: from)
        let history = DemandHistory.from(
            sales: sales, itemIds: try await database.menuItemIds(tenantId: tenantId), from: from, until: now, calendar: calendar,
            holidays: guardrails.holidays)
        // Eight weeks pool into a few hundred distinct rows per item: well under a second of CPU.
        let model = DemandModel.train(history)
        let evaluation = history.hours.count >= 2 * 168 ? DemandModel.evaluate(history) : nil
        var stored = StoredDemandModel(
            version: 0, trainedAt: Timestamp.string(now), trigger: trigger, historyFrom: Timestamp.string(calendar.startOfHour(from)),
            historyTo: Timestamp.string(calendar.startOfHour(now)), trainingHours: history.hours.count, items: history.units.count,
            evaluation: evaluation, model: model)
        stored.version = try await database.saveDemandModel(tenantId: tenantId, stored)
        try await reload(tenantId: tenantId)
        return stored
    }
}

extension DemandDiscountPolicy {
    /// The policy's answers from what the database read for it (nothing to say without inputs).
    func answers(_ inputs: PolicyInputs?, calendar: ServiceCalendar, at now: Date) -> [String: DiscountRecommendation] {
        guard let inputs else { return [:] }
        return recommend(items: inputs.items, perishables: inputs.perishables, calendar: calendar, at: now)
    }
}

/// Loads every restaurant's model at start, then retrains each one nightly: the first check
/// after 03:00 local time on a day without a new version trains one.
struct DemandTrainingService: Service {
    let models: DemandModels
    let logger: Logger
    static let trainingHour = 3
    static let checkEvery = Duration.seconds(600)

    func run() async throws {
        for tenantId in try await models.database.tenantIds() { try await models.reload(tenantId: tenantId) }
        // Shutdown cancels the sleep; that is a clean stop, not a failure.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await trainWhereDue(at: Date())
                    try await Task.sleep(for: Self.checkEvery)
                }
            }
        } catch is CancellationError {}
    }

    func trainWhereDue(at now: Date) async {
        do {
            for tenantId in try await models.database.tenantIds() {
                guard let tenant = try await models.database.tenant(id: tenantId) else { continue }
                let calendar = tenant.calendar
                guard calendar.features(at: now).hour >= Self.trainingHour else { continue }
                let latest = try await models.database.demandModelVersions(tenantId: tenantId, limit: 1).first
                let today = calendar.businessDate(of: now)
                if let latest, let trainedAt = Timestamp.date(latest.trainedAt), calendar.businessDate(of: trainedAt) == today { continue }
                do {
                    let stored = try await models.train(tenantId: tenantId, trigger: "nightly", at: now)
                    logger.info("demand model trained", metadata: [
                        "tenant_id": "\(tenantId)", "version": "\(stored.version)",
                        "mae": "\(stored.evaluation.map { String(format: "%.3f", $0.meanAbsoluteError) } ?? "-")",
                        "naive_mae": "\(stored.evaluation.map { String(format: "%.3f", $0.naiveMeanAbsoluteError) } ?? "-")",
                    ])
                } catch DemandModels.TrainingRefusal.notEnoughHistory {
                    continue
                }
            }
        } catch {
            logger.warning("nightly demand training failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
