import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// One listening socket and what serves its connections: plain HTTP, HTTPS, or the redirect to
/// HTTPS. The socket is either one systemd passed (`intellidine.socket`, `intellidine-https.socket`)
/// or one bound here from the configuration.
///
/// Hummingbird's own server binds only by address and serves one child channel, so this is the
/// same work on NIO's `ServerBootstrap`: the child channels are Hummingbird's (HTTP/1.1 with
/// WebSocket upgrades), wrapped in TLS where the listener is HTTPS.
struct HTTPListener<Child: ServerChildChannel>: Service {
    let place: ListenPlace
    let child: Child
    /// `http` or `https`, for the log.
    let scheme: String
    /// Past this many open connections the socket stops accepting (`max_connections`).
    let maxConnections: Int
    let logger: Logger
    /// Told once the socket accepts connections.
    let onListening: @Sendable () -> Void

    func run() async throws {
        let child = child
        let logger = logger
        // Open connections, so a shutdown can ask each to finish its request and close.
        let connections = OpenConnections()
        let maxConnections = maxConnections
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            // Hummingbird's limit: no read on the listening socket while it is full, so new
            // connections queue in the kernel (the backlog) rather than each taking memory here.
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        AvailableConnectionsChannelHandler(delegate: MaximumAvailableConnections(maxConnections, logger: logger)))
                }
            }
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        let initialize: @Sendable (any Channel) -> EventLoopFuture<Child.Value> = { channel in
            connections.add(channel)
            return child.setup(channel: channel, logger: logger)
        }
        let server: NIOAsyncChannel<Child.Value, Never>
        switch place {
        case .inherited(let socket, let name):
            server = try await bootstrap.bind(socket, childChannelInitializer: initialize)
            logger.info("Server started on the socket systemd passed (fd \(socket)): \(scheme), FileDescriptorName=\(name)")
        case .address(let host, let port):
            server = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initialize)
            let address = server.channel.localAddress
            let where_ = "\(address?.ipAddress ?? host):\(address?.port ?? port)"
            // "listening on" names the plain HTTP socket (tests and scripts read the port from it).
            logger.info(scheme == "http" ? "Server started and listening on \(where_)" : "Server started, serving https on \(where_)")
        }
        onListening()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await child.handle(value: connection, logger: logger) }
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop accepting (systemd keeps its socket for the next start); each connection
            // finishes the request in flight, then closes, as Hummingbird's own server does.
            server.channel.close(promise: nil)
            connections.quiesce()
        }
    }
}

/// Where a listener's socket comes from.
enum ListenPlace: Sendable, Equatable {
    /// A socket systemd passed, with its `FileDescriptorName=`.
    case inherited(socket: Int32, name: String)
    case address(host: String, port: Int)
}

/// The connections a listener has open.
final class OpenConnections: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var quiescing = false
    }
    private let state = Mutex(State())

    /// A connection accepted after the shutdown began (the listening socket closes a moment
    /// later) is asked to finish at once, rather than kept until its idle timeout.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let quiescing = state.withLock { state in
            state.channels[id] = channel
            return state.quiescing
        }
        channel.closeFuture.whenComplete { [weak self] _ in _ = self?.state.withLock { $0.channels.removeValue(forKey: id) } }
        if quiescing { Self.ask(channel) }
    }

    func quiesce() {
        let open = state.withLock { state in
            state.quiescing = true
            return Array(state.channels.values)
        }
        open.forEach(Self.ask)
    }

    private static func ask(_ channel: any Channel) {
        channel.eventLoop.execute { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
    }
}
