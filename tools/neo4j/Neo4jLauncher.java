// Embedded Neo4j 5 Community + APOC core for local development and tests. Not for production.
//
//   java -Xmx512m -cp 'lib/*:plugins/*' Neo4jLauncher.java --data <dir> [--port 0] [--plugins <dir>]
//        [--delete-on-exit]
//
// Prints exactly one machine-readable line on stdout once Bolt accepts connections:
//   NEO4J_READY bolt://127.0.0.1:<port>
// Everything else (progress, errors) goes to stderr. Exits cleanly on SIGTERM/SIGINT and when
// stdin reaches EOF, so the JVM never outlives the process that spawned it (the parent holds the
// write end of our stdin; if it dies, the kernel closes it and we shut down).
//
// Security: auth is DISABLED and Bolt binds to 127.0.0.1 only. This is a throwaway localhost
// instance for `npm start` without configuration and for the test suite; never expose it.

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

public final class Neo4jLauncher {
    private static final AtomicBoolean stopping = new AtomicBoolean(false);
    private static final CountDownLatch stopped = new CountDownLatch(1);
    private static volatile DatabaseManagementService dbms;
    private static volatile Path deleteOnExit;

    public static void main(String[] args) throws Exception {
        Path data = null;
        int port = 0;
        boolean ephemeral = false;
        Path plugins = Path.of("plugins");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--plugins" -> plugins = Path.of(args[++i]);
                // The caller made a temp dir for us; deleting it here (after shutdown) also covers
                // a caller that was SIGKILLed and never got to clean up.
                case "--delete-on-exit" -> ephemeral = true;
                default -> fail("unknown argument: " + args[i]);
            }
        }
        if (data == null) fail("--data <dir> is required");
        Files.createDirectories(data);
        if (ephemeral) deleteOnExit = data.toAbsolutePath();
        long t0 = System.nanoTime();
        System.err.println("neo4j: data directory " + data.toAbsolutePath());

        // The shutdown hook covers SIGTERM/SIGINT (and System.exit from the stdin watcher).
        Runtime.getRuntime().addShutdownHook(new Thread(Neo4jLauncher::shutdown, "neo4j-shutdown"));
        watchStdin();

        dbms = new DatabaseManagementServiceBuilder(data.toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Neo4j registers procedures only from jars in plugin_dir; the same jars are also on
                // the classpath so APOC's ExtensionFactory services are found (as in the server).
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins.toAbsolutePath())
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("apoc.*", "db.*", "dbms.*", "gds.*"))
                // Small footprint: dev/test graphs are tiny and CI machines are small.
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 256L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofSeconds(30))
                // Bolt's netty groups otherwise wait a 5 s quiet period each on shutdown (~10 s per
                // stop); a dev/test instance has nothing in flight worth waiting for.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        HostnamePort bolt = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) fail("Bolt connector did not register a port");
        System.err.printf("neo4j: started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + bolt.getPort());
        System.out.flush();

        stopped.await();
    }

    // EOF on stdin means our parent is gone (or asked us to stop): exit, which runs the hook.
    private static void watchStdin() {
        Thread t = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) { /* ignore input */ }
            } catch (Exception ignored) {
                // a broken stdin means the same thing as EOF
            }
            System.err.println("neo4j: stdin closed, shutting down");
            System.exit(0);
        }, "neo4j-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void shutdown() {
        if (!stopping.compareAndSet(false, true)) return;
        DatabaseManagementService s = dbms;
        if (s != null) {
            try {
                s.shutdown();
            } catch (Exception e) {
                System.err.println("neo4j: shutdown error: " + e);
            }
        }
        Path dir = deleteOnExit;
        if (dir != null) deleteTree(dir);
        System.err.println("neo4j: stopped");
        stopped.countDown();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.err.println("neo4j: could not delete " + dir + ": " + e);
        }
    }

    private static void fail(String message) {
        System.err.println("neo4j: " + message);
        System.exit(2);
    }
}
