import CSystemd
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Serves HTTP (and the live stream's WebSocket upgrades) on the listening socket systemd passed
/// (`intellidine.socket`, `LISTEN_FDS`), instead of binding one itself: systemd holds port 80, so
/// the daemon needs no privilege, and connections that arrive while it restarts wait in the
/// socket's queue instead of being refused.
///
/// Hummingbird's own server binds only by address, so this is the same work on NIO's
/// `ServerBootstrap.bind(_ socket:)`: the child channel and the responding are the ones the
/// Application would have used.
struct ActivatedServer: Service {
    let socket: Int32
    let responder: RouterResponder<AppRequestContext>
    let logger: Logger
    let serverName: String
    let onRunning: @Sendable () -> Void

    /// The first socket systemd passed to this process, if it passed any (`sd_listen_fds`).
    static func inheritedSocket() -> Int32? {
        let count = sd_listen_fds(1)  // 1: unset LISTEN_* so children do not inherit them
        return count >= 1 ? SD_LISTEN_FDS_START : nil
    }

    func run() async throws {
        let responder = responder
        let logger = logger
        let serverName = serverName
        let respond: HTTPChannelHandler.Responder = { request, writer, channel in
            let context = AppRequestContext(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                response = Response(status: .internalServerError)
            }
            response.headers[.server] = serverName
            try await writer.write(response: response.head, body: response.body)
        }
        let child = HTTP1WebSocketUpgradeChannel(
            responder: respond, webSocketResponder: responder,
            configuration: .init(ws: .init(maxFrameSize: 4_096, autoPing: .enabled(timePeriod: .seconds(20)))))
        // Open connections, so a shutdown can ask each to finish its request and close.
        let connections = OpenConnections()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .bind(socket) { channel in
                connections.add(channel)
                return child.setup(channel: channel, logger: logger)
            }
        logger.info("Server started on the socket systemd passed (fd \(socket))")
        onRunning()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await child.handle(value: connection, logger: logger) }
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop accepting (systemd keeps the socket for the next start); each connection
            // finishes the request in flight, then closes, as Hummingbird's own server does.
            server.channel.close(promise: nil)
            connections.quiesce()
        }
    }
}

/// The connections an activated server has open.
final class OpenConnections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        channels.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in _ = self?.channels.withLock { $0.removeValue(forKey: id) } }
    }

    func quiesce() {
        for channel in channels.withLock({ Array($0.values) }) {
            channel.eventLoop.execute { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        }
    }
}
