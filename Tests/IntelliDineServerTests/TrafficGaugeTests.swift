import Foundation
@testable import IntelliDineServer
import Testing

@Suite("Traffic gauge")
struct TrafficGaugeTests {
    @Test("Counts the requests of the last whole second, and forgets them after")
    func window() {
        let gauge = TrafficGauge()
        let start = Date(timeIntervalSince1970: 1_000)
        for index in 0..<30 { gauge.record(at: start.addingTimeInterval(Double(index) / 40)) }
        #expect(gauge.requestsPerSecond(at: start.addingTimeInterval(0.9)) == 0)
        #expect(gauge.requestsPerSecond(at: start.addingTimeInterval(1.2)) == 30)
        gauge.record(at: start.addingTimeInterval(1.5))
        #expect(gauge.requestsPerSecond(at: start.addingTimeInterval(1.6)) == 30)
        #expect(gauge.requestsPerSecond(at: start.addingTimeInterval(2.1)) == 1)
        #expect(gauge.requestsPerSecond(at: start.addingTimeInterval(5)) == 0)
    }
}

@Suite("Retry backoff")
struct BackoffTests {
    @Test("Full jitter: each delay is between zero and base × 2^(n-1), never above the cap")
    func bounds() {
        let backoff = Backoff(base: .milliseconds(200), cap: .seconds(300))
        for failures in 1...40 {
            let ceiling = min(Duration.seconds(300), .milliseconds(200) * (1 << min(failures - 1, 30)))
            for _ in 0..<20 {
                let delay = backoff.delay(afterFailures: failures)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
        // Jittered, not fixed: repeated draws differ.
        #expect(Set((0..<20).map { _ in backoff.delay(afterFailures: 10) }).count > 1)
    }
}
