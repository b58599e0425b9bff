import HummingbirdCore
import Logging
import NIOCore
import NIOEmbedded

/// Sets a connection's pipeline up once, on a channel that never touches the network, before any
/// listener accepts a connection.
///
/// The first connections used to set up the first pipelines on two event loops at the same moment
/// (the http and the https socket, or two guests at once), and twice, in the project's CI, the
/// Swift runtime crashed there: a null pointer in `swift_conformsToProtocol`, reached from
/// `__swift_instantiateConcreteTypeFromMangledName` in NIO's `configureUpgradableHTTPServerPipeline`,
/// while it built a generic type's metadata for the first time (Swift 6.3.1; the runtime has had
/// such first-use races before). Built here first, on one thread, that metadata and its
/// conformances are in the runtime's caches before two threads can ask for them at once.
/// systemd restarts a crashed daemon (`Restart=on-failure`) and holds its sockets meanwhile, but
/// the guests at the door would see their first page fail.
enum PipelineWarmUp {
    /// Runs `child`'s setup on an embedded channel and closes it. What the setup throws (an embedded
    /// channel lacks a socket's options) is ignored: the types are built by then.
    static func warm<Child: ServerChildChannel>(_ child: Child, logger: Logger) {
        let channel = EmbeddedChannel()
        _ = child.setup(channel: channel, logger: logger)
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }
}
