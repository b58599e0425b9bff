import IntelliDineStore
import Logging
import ServiceLifecycle
import Synchronization

/// Tells the guests' open menus when what they can order changes: a dish 86'd by a manager or
/// by stock, one back after a delivery, a new price. After each commit that wrote events (the
/// commit signal; order placement, cancellation, restocking and menu edits all write some), the
/// guest menu of every restaurant someone is watching is asked of the menu cache, which reads
/// it again only when a commit changed it, and a new ETag is pushed to its watchers, who fetch
/// the menu (docs/api.md, "The live menu").
///
/// Guests browse before signing in, so watching needs no token; it tells nothing the public menu
/// does not.
final class MenuWatch: Service, Sendable {
    struct Watcher: Sendable {
        let id: UInt64
        let etags: AsyncStream<String>
    }

    private struct State {
        var watchers: [String: [UInt64: AsyncStream<String>.Continuation]] = [:]
        var etags: [String: String] = [:]
        var nextId: UInt64 = 0
    }

    let database: AppDatabase
    let menus: GuestMenuCache
    let logger: Logger
    private let state = Mutex(State())

    init(database: AppDatabase, menus: GuestMenuCache, logger: Logger) {
        self.database = database
        self.menus = menus
        self.logger = logger
    }

    var watcherCount: Int { state.withLock { $0.watchers.values.reduce(0) { $0 + $1.count } } }

    /// Starts watching a restaurant's menu; the first ETag is the current one. The watcher is
    /// registered before the menu is read, so a change committed in between reaches it too.
    func watch(tenantId: String) async throws -> Watcher {
        let (etags, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            state.nextId += 1
            state.watchers[tenantId, default: [:]][state.nextId] = continuation
            return state.nextId
        }
        continuation.onTermination = { [weak self] _ in self?.stop(id, tenantId: tenantId) }
        let current: String
        do {
            current = try await menus.menu(tenantId: tenantId).etag
        } catch {
            continuation.finish()
            throw error
        }
        state.withLock { state in if state.etags[tenantId] == nil { state.etags[tenantId] = current } }
        continuation.yield(current)
        return Watcher(id: id, etags: etags)
    }

    func stop(_ id: UInt64, tenantId: String) {
        state.withLock { state in
            state.watchers[tenantId]?.removeValue(forKey: id)
            if state.watchers[tenantId]?.isEmpty == true {
                state.watchers[tenantId] = nil
                state.etags[tenantId] = nil
            }
        }
    }

    func run() async throws {
        let (wakeups, _) = database.eventSignal.subscribe()
        for await _ in wakeups.cancelOnGracefulShutdown() {
            let watched = state.withLock { Array($0.watchers.keys) }
            for tenantId in watched {
                do {
                    let etag = try await menus.menu(tenantId: tenantId).etag
                    let listeners: [AsyncStream<String>.Continuation] = state.withLock { state in
                        // The last watcher may have left meanwhile: remember nothing for nobody.
                        guard let watchers = state.watchers[tenantId], state.etags[tenantId] != etag else { return [] }
                        state.etags[tenantId] = etag
                        return Array(watchers.values)
                    }
                    for listener in listeners { listener.yield(etag) }
                } catch {
                    // The next commit wakes the watch again; a guest's order is checked anyway.
                    logger.warning("menu watch read failed", metadata: ["error": "\(error)"])
                }
            }
        }
        // Finished outside the lock: finishing runs each stream's onTermination, which calls
        // `stop` and takes the lock again (it is not re-entrant).
        let open = state.withLock { state in
            defer { state.watchers = [:]; state.etags = [:] }
            return state.watchers.values.flatMap(\.values)
        }
        for continuation in open { continuation.finish() }
    }
}
