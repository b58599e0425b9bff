import Foundation
import IntelliDineStore
import Metrics
import Prometheus
import Synchronization

/// The daemon's metrics, in the Prometheus text format at `/metrics`.
///
/// Counted as they happen (swift-metrics, backed by a swift-prometheus registry of this daemon's
/// own, so two daemons in one test process never share numbers): requests by route, method and
/// status, their latency, SMS failures. Read from the database at each scrape, so they always
/// equal it: orders, payments, the forwarder's backlog and age, each consumer's lag, texts sent,
/// the WAL's size, live stream clients.
final class BoxMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// From an order event's commit to its frame written to a kitchen display's socket.
    let kitchenFrameLatency: Metrics.Timer

    /// Each request's counter and timer, made once per route, method and status: looking them up
    /// in the registry by label and dimensions on every request was a measurable part of a cheap
    /// request (a cached menu read).
    private struct RequestKey: Hashable { var route: String, method: String, status: Int }
    private let requestMetrics = Mutex<[RequestKey: (count: Metrics.Counter, duration: Metrics.Timer)]>([:])

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        // Fine below 5 ms, the kitchen's target (docs/operations/README.md, "Health checks").
        factory.durationHistogramBuckets["intellidine_kitchen_frame_latency_seconds"] = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(3), .milliseconds(4),
            .milliseconds(5), .milliseconds(7.5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .seconds(1),
        ]
        self.factory = factory
        kitchenFrameLatency = Metrics.Timer(label: "intellidine_kitchen_frame_latency_seconds", factory: factory)
        // Present (at 0) from the first scrape, so an alert on it does not wait for a failure.
        Counter(label: "intellidine_tls_reload_failures_total", factory: factory).increment(by: 0)
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(route: route, method: method, status: status)
        let metrics = requestMetrics.withLock { metrics in
            if let known = metrics[key] { return known }
            let made = (Metrics.Counter(label: "intellidine_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory),
                        Metrics.Timer(label: "intellidine_http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            metrics[key] = made
            return made
        }
        metrics.count.increment()
        metrics.duration.recordNanoseconds(Self.nanoseconds(duration))
    }

    func kitchenFrameWritten(after latency: Duration) {
        kitchenFrameLatency.recordNanoseconds(Self.nanoseconds(latency))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    /// A new certificate pair refused on reload (the old one kept serving).
    func tlsReloadFailed() {
        Counter(label: "intellidine_tls_reload_failures_total", factory: factory).increment()
    }

    func smsFailed() {
        Counter(label: "intellidine_sms_failed_total", factory: factory).increment()
    }

    private func gauge(_ name: String, _ value: Double, _ dimensions: [(String, String)] = []) {
        Gauge(label: name, dimensions: dimensions, factory: factory).record(value)
    }

    /// The figures read from the database, then the text format.
    func scrape(database: AppDatabase, consumers: [String], liveClients: Int, liveMenus: Int, certificate: CertificatePair?) async throws -> [UInt8] {
        let facts = try await database.metricFacts(consumers: consumers)
        gauge("intellidine_orders", Double(facts.orders))
        gauge("intellidine_orders_open", Double(facts.openOrders))
        for (method, count) in facts.paymentsByMethod { gauge("intellidine_payments", Double(count), [("method", method)]) }
        for (method, paise) in facts.paidPaiseByMethod { gauge("intellidine_payments_rupees", Double(paise) / 100, [("method", method)]) }
        gauge("intellidine_forwarder_backlog_events", Double(facts.forwarderBacklog))
        gauge("intellidine_forwarder_oldest_unsent_seconds", facts.oldestUnsentSeconds ?? 0)
        for position in facts.consumers { gauge("intellidine_consumer_lag_events", Double(position.lag), [("consumer", position.consumer)]) }
        gauge("intellidine_sms_sent", Double(facts.textsSent))
        gauge("intellidine_sqlite_wal_bytes", Double(facts.walBytes))
        gauge("intellidine_live_clients", Double(liveClients))
        gauge("intellidine_live_menus", Double(liveMenus))
        // Memory by owner, to tell a leak from caches filling to their caps (docs/architecture.md, "Memory").
        gauge("intellidine_sqlite_memory_bytes", Double(SQLiteMemory.inUse))
        gauge("intellidine_heap_in_use_bytes", Double(Heap.inUse))
        let fault = database.storage.current?.fault
        gauge("intellidine_storage_full", fault == .full ? 1 : 0)
        gauge("intellidine_storage_unavailable", fault == .unavailable || fault == .vanished ? 1 : 0)
        if let free = StorageHealth.freeBytes(at: database.directory) {
            gauge("intellidine_storage_free_bytes", Double(free))
        }
        if let certificate {
            gauge("intellidine_tls_certificate_expiry_timestamp_seconds", certificate.notValidAfter.timeIntervalSince1970)
        }
        return registry.emitToBuffer()
    }
}
