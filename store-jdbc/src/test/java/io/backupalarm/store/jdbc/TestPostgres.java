package io.backupalarm.store.jdbc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL for tests: {@link #newDatabase()} gives each caller a new, empty database (made with
 * {@code CREATE DATABASE}) on one server shared by the whole JVM.
 *
 * <ul>
 *   <li>If the environment variable {@code BACKUP_ALARM_PG_URL} is set (for example
 *       {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), that server is used; its user must be allowed
 *       to {@code CREATE DATABASE}. The databases made there are dropped (best effort) when the JVM exits.
 *   <li>Otherwise one throwaway server is started lazily, once per JVM. Binaries: the directory in
 *       {@code BACKUP_ALARM_PG_BIN}, else the highest {@code /usr/lib/postgresql/<version>/bin}, else
 *       {@code pg_config --bindir}. {@code initdb} (trust auth, superuser {@code postgres}, UTF8, C locale) goes into a
 *       fresh {@code target/postgres-<random>}, then {@code pg_ctl start} listens on a free port of 127.0.0.1 with
 *       durability off ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}; on with the system
 *       property {@code backupalarm.pg.durable=true}) and
 *       {@code max_connections=200}. Server log: {@code postgres.log} in that directory. A shutdown hook stops the
 *       server ({@code pg_ctl stop -m immediate}) and deletes the directory; a server left by a JVM killed before its
 *       hook ran is stopped and deleted by the next start.
 *   <li>PostgreSQL refuses to run as root: when the JVM runs as root, {@code initdb} and {@code pg_ctl} run as the
 *       {@code postgres} user ({@code runuser}) and the directory belongs to it; if that user cannot reach
 *       {@code target/}, a fresh directory under {@code /tmp} is used instead.
 *   <li>Without binaries and without URL, or if the server does not start, {@link IllegalStateException} (with the
 *       command, exit code and the end of the logs) - never a silent skip. A failed start is not retried: later calls
 *       throw the same error.
 * </ul>
 *
 * <p>{@link #startOwnServer(boolean)} starts a further server of the caller's own, with durability off or on, for a
 * benchmark that compares one server with two.
 *
 * <p>Public, with {@link #newDatabase()} and {@link #url(DataSource)}, for the benchmarks module, which takes it
 * from this module's test-jar.
 */
public final class TestPostgres {

    static final String URL_ENV = "BACKUP_ALARM_PG_URL";
    /**
     * System property: {@code true} starts the throwaway server with durability on, as
     * {@code initdb} leaves it ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}
     * on), for benchmarks that measure what production runs with. Public for the benchmarks module.
     */
    public static final String DURABLE_PROPERTY = "backupalarm.pg.durable";
    static final String BIN_ENV = "BACKUP_ALARM_PG_BIN";
    static final String NOT_FOUND = "PostgreSQL server binaries not found: install them (Debian/Ubuntu: apt-get install"
            + " postgresql) or set " + URL_ENV;

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final int START_ATTEMPTS = 3;
    private static final int TAIL_LINES = 40;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** Guarded by TestPostgres.class. */
    private static Server server;
    /** Guarded by TestPostgres.class: the failure of the one start attempt, thrown again on later calls. */
    private static RuntimeException failure;

    private TestPostgres() {}

    /** A new, empty database on the shared throwaway server (created with CREATE DATABASE), as a DataSource. */
    public static DataSource newDatabase() {
        return newDatabase(server());
    }

    /**
     * Starts a throwaway server of the caller's own, not shared and not the one of {@code BACKUP_ALARM_PG_URL}
     * (which names a single server): for a benchmark that needs two servers side by side. Started as the shared one
     * (same binaries, directories, shutdown hook), with durability off as it, or on: {@code fsync},
     * {@code synchronous_commit} and {@code full_page_writes} all on, so that every commit waits for its WAL flush.
     *
     * @param durable whether commits wait for the disk
     * @return the running server
     */
    public static OwnServer startOwnServer(boolean durable) {
        return new OwnServer(new Local(durable).start(), durable);
    }

    /** A server started by {@link #startOwnServer(boolean)}; stopped when the JVM exits. Thread-safe. */
    public static final class OwnServer {
        private final Server server;
        private final boolean durable;

        private OwnServer(Server server, boolean durable) {
            this.server = server;
            this.durable = durable;
        }

        /** A new, empty database on this server, as {@link TestPostgres#newDatabase()} makes on the shared one. */
        public DataSource newDatabase() {
            return TestPostgres.newDatabase(server);
        }

        /** Whether commits wait for the disk (fsync, synchronous_commit and full_page_writes on). */
        public boolean durable() {
            return durable;
        }

        @Override
        public String toString() {
            return server.where() + (durable ? ", durability on" : ", durability off");
        }
    }

    private static DataSource newDatabase(Server s) {
        String name = "ba_test_" + COUNTER.incrementAndGet() + "_"
                + String.format("%08x", ThreadLocalRandom.current().nextInt());
        try (Connection c = s.admin().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "CREATE DATABASE " + name + " failed on " + s.where() + ": " + e.getMessage(), e);
        }
        s.created().add(name);
        return new CreatedDatabase(withDatabase(s.url(), name));
    }

    /**
     * The JDBC URL of a database returned by {@link #newDatabase()} (with user and any password), for a second
     * connection pool in another "node".
     */
    public static String url(DataSource database) {
        if (database instanceof CreatedDatabase d) {
            return d.url;
        }
        throw new IllegalArgumentException("not a DataSource from TestPostgres.newDatabase(): " + database);
    }

    /** A database of newDatabase: a PGSimpleDataSource that keeps its URL (getUrl() has no user nor password). */
    private static final class CreatedDatabase extends PGSimpleDataSource {
        final String url;

        CreatedDatabase(String url) {
            this.url = url;
            setUrl(url);
        }
    }

    /** A server to create databases on: url names its maintenance database, as admin does. */
    private record Server(String url, PGSimpleDataSource admin, String where, Set<String> created) {
        Server(String url, String where) {
            this(url, dataSource(url), where, ConcurrentHashMap.newKeySet());
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        return ds;
    }

    /** url with its database replaced by name: jdbc:postgresql://host:port/db?params -> .../name?params. */
    static String withDatabase(String url, String name) {
        String prefix = "jdbc:postgresql://";
        if (!url.startsWith(prefix)) {
            throw new IllegalStateException("Not a jdbc:postgresql://host:port/database URL: " + url.split("\\?")[0]);
        }
        int query = url.indexOf('?') < 0 ? url.length() : url.indexOf('?');
        int slash = url.indexOf('/', prefix.length());
        return slash < 0 || slash > query
                ? url.substring(0, query) + "/" + name + url.substring(query)
                : url.substring(0, slash + 1) + name + url.substring(query);
    }

    private static synchronized Server server() {
        if (server != null) {
            return server;
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            String url = System.getenv(URL_ENV);
            server = url != null && !url.isBlank() ? external(url.strip()) : new Local(Boolean.getBoolean(DURABLE_PROPERTY)).start();
            return server;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private static Server external(String url) {
        Server s;
        try {
            withDatabase(url, "check");
            s = new Server(url, URL_ENV + " (" + url.split("\\?")[0] + ")");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(URL_ENV + " is not a usable jdbc:postgresql://host:port/database?user=..."
                    + " URL: " + url.split("\\?")[0], e);
        }
        String where = s.where();
        addShutdownHook("test-postgres-drop", () -> {
            for (String name : s.created()) {
                try (Connection c = s.admin().getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } catch (SQLException e) {
                    LOG.warn("Could not drop test database {} on {}: {}", name, where, e.getMessage());
                }
            }
        });
        LOG.info("Test databases on {}", where);
        return s;
    }

    /** The throwaway server of this JVM. */
    private static final class Local {
        private final boolean root = isRoot();
        private final boolean durable;
        private Path bin;
        private Path base;
        private Path data;
        private volatile Path socketDir;
        private Path serverLog;

        Local(boolean durable) {
            this.durable = durable;
        }

        Server start() {
            long t0 = System.nanoTime();
            bin = findBinaries();
            Path target = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                    .resolve("target");
            reclaimLeftovers(target, "postgres-");
            reclaimLeftovers(Path.of("/tmp"), "backup-alarm-postgres-");
            try {
                base = newBaseDir(target);
                data = base.resolve("data");
                serverLog = base.resolve("postgres.log");
                addShutdownHook("test-postgres-stop", this::stop);
                socketDir = newSocketDir();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare a directory for the test PostgreSQL: " + e, e);
            }
            runOrThrow("initdb.log", List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "--auth=trust",
                    "-U", "postgres", "--encoding=UTF8", "--no-locale", "--no-sync"));
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                String durability = durable ? "on" : "off";
                String options = "-c listen_addresses=127.0.0.1 -c port=" + port + " -c fsync=" + durability
                        + " -c synchronous_commit=" + durability + " -c full_page_writes=" + durability
                        + " -c max_connections=200"
                        + " -c unix_socket_directories=" + socketDir;
                List<String> command = List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "120",
                        "-D", data.toString(), "-l", serverLog.toString(), "-o", options);
                Result r = run("pg_ctl-start.log", command);
                if (r.exitCode() == 0) {
                    LOG.info("Test PostgreSQL ({}) started on 127.0.0.1:{} (durability {}) in {} ms, directory {}",
                            bin, port, durability, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), base);
                    return new Server("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
                            "the test PostgreSQL on 127.0.0.1:" + port);
                }
                String log = tail(serverLog);
                boolean portTaken = log.contains("could not bind") || log.contains("Address already in use");
                if (!portTaken || attempt == START_ATTEMPTS) {
                    throw failed(r);
                }
                LOG.info("Port {} was taken meanwhile; starting the test PostgreSQL again on another one", port);
            }
        }

        /** Shutdown hook: stop the server (immediate mode) and delete its directories. */
        private void stop() {
            if (data != null && Files.exists(data.resolve("postmaster.pid"))) {
                Optional<ProcessHandle> postmaster = postmaster(data);
                Result r = run("pg_ctl-stop.log", List.of(bin.resolve("pg_ctl").toString(), "stop", "-m", "immediate",
                        "-w", "-t", "30", "-D", data.toString()));
                if (r.exitCode() != 0) {
                    LOG.warn("{}", failed(r).getMessage());
                    postmaster.ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            deleteTree(socketDir);
            deleteTree(base);
        }

        /**
         * Stops and deletes the servers left in parent by JVMs that died without running their shutdown hook (kill -9,
         * a crash): directories named prefix* whose file "owner" names a process that is gone.
         */
        private void reclaimLeftovers(Path parent, String prefix) {
            List<Path> dirs;
            try (Stream<Path> list = Files.list(parent)) {
                dirs = list.filter(d -> d.getFileName().toString().startsWith(prefix) && Files.isDirectory(d)).toList();
            } catch (IOException e) {
                return;
            }
            for (Path dir : dirs) {
                if (ownerAlive(dir)) {
                    continue;
                }
                Path leftover = dir.resolve("data");
                if (Files.exists(leftover.resolve("postmaster.pid"))) {
                    Optional<ProcessHandle> postmaster = postmaster(leftover);
                    run(null, List.of(bin.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-w", "-t", "30",
                            "-D", leftover.toString()));
                    postmaster.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
                }
                deleteTree(dir);
                LOG.info("Removed {}, a test PostgreSQL left by a JVM that is gone", dir);
            }
        }

        /** Whether the JVM named in dir/owner still runs; true when unknown (no such file yet: being set up). */
        private static boolean ownerAlive(Path dir) {
            try {
                String[] owner = Files.readString(dir.resolve("owner"), StandardCharsets.UTF_8).strip().split(" ");
                Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
                return process.isPresent() && (owner.length < 2 || process.get().info().startInstant()
                        .map(started -> started.toString().equals(owner[1])).orElse(true));
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }

        private static Optional<ProcessHandle> postmaster(Path data) {
            try {
                String first = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0);
                return ProcessHandle.of(Long.parseLong(first.strip()));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /**
         * A fresh directory that initdb/pg_ctl can use, with a file "owner" naming this JVM: under target/, or under
         * /tmp if the postgres user cannot reach target/.
         */
        private Path newBaseDir(Path target) throws IOException {
            Files.createDirectories(target);
            Path dir = Files.createTempDirectory(target, "postgres-");
            try {
                writeOwner(dir);
                if (!root) {
                    return dir;
                }
                giveToPostgres(dir);
                if (run(null, List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString())).exitCode() == 0) {
                    return dir;
                }
                deleteTree(dir);
                dir = Files.createTempDirectory(Path.of("/tmp"), "backup-alarm-postgres-");
                LOG.info("User postgres cannot reach {}; using {}", target, dir);
                writeOwner(dir);
                giveToPostgres(dir);
                return dir;
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }

        private static void writeOwner(Path dir) throws IOException {
            ProcessHandle me = ProcessHandle.current();
            Files.writeString(dir.resolve("owner"),
                    me.pid() + me.info().startInstant().map(started -> " " + started).orElse("") + "\n");
        }

        /** The base directory if its path suits a Unix socket (short, no quoting needed), else a fresh one in /tmp. */
        private Path newSocketDir() throws IOException {
            if (base.toString().length() <= 80 && base.toString().matches("[A-Za-z0-9/._+-]+")) {
                return base;
            }
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "ba-pg-");
            if (root) {
                giveToPostgres(dir);
            }
            return dir;
        }

        private void runOrThrow(String outputFile, List<String> command) {
            Result r = run(outputFile, command);
            if (r.exitCode() != 0) {
                throw failed(r);
            }
        }

        /**
         * Runs command in the base directory (in / before there is one), as postgres when root; its output goes to
         * outputFile in the base directory, or nowhere.
         */
        private Result run(String outputFile, List<String> command) {
            List<String> full = new ArrayList<>();
            if (root) {
                full.addAll(List.of(runuser(), "-u", "postgres", "--"));
            }
            full.addAll(command);
            Path output = outputFile == null ? null : base.resolve(outputFile);
            ProcessBuilder pb = new ProcessBuilder(full)
                    .directory((base != null ? base : Path.of("/")).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD
                            : ProcessBuilder.Redirect.appendTo(output.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
            pb.environment().put("LC_ALL", "C");
            try {
                Process p = pb.start();
                if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(full, -1, "timed out after " + COMMAND_TIMEOUT.toSeconds() + " s", output);
                }
                return new Result(full, p.exitValue(), "exit code " + p.exitValue(), output);
            } catch (IOException e) {
                return new Result(full, -1, "could not run: " + e, output);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(full, -1, "interrupted", output);
            }
        }

        private IllegalStateException failed(Result r) {
            StringBuilder m = new StringBuilder("Test PostgreSQL: command failed (").append(r.outcome()).append("): ")
                    .append(shellWords(r.command()));
            if (r.output() != null) {
                m.append("\n--- end of its output (").append(r.output()).append("):\n").append(tail(r.output()));
            }
            if (serverLog != null && Files.exists(serverLog)) {
                m.append("\n--- end of the server log (").append(serverLog).append("):\n").append(tail(serverLog));
            }
            return new IllegalStateException(m.toString());
        }
    }

    private record Result(List<String> command, int exitCode, String outcome, Path output) {}

    /** The command as one would type it: arguments with spaces or quotes in single quotes. */
    private static String shellWords(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (String arg : command) {
            b.append(b.length() == 0 ? "" : " ")
                    .append(arg.matches("[A-Za-z0-9/._+=:,@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    private static Path findBinaries() {
        String env = System.getenv(BIN_ENV);
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env.strip());
            if (!hasServerBinaries(dir)) {
                throw new IllegalStateException(BIN_ENV + "=" + env + " has no executable initdb and pg_ctl");
            }
            return dir;
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> dirs = Files.list(versions)) {
                Optional<Path> highest = dirs
                        .filter(d -> hasServerBinaries(d.resolve("bin")))
                        .max(Comparator.comparing(d -> version(d.getFileName().toString()), Arrays::compare));
                if (highest.isPresent()) {
                    return highest.get().resolve("bin");
                }
            } catch (IOException e) {
                LOG.warn("Could not list {}: {}", versions, e.toString());
            }
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()
                    && hasServerBinaries(Path.of(out))) {
                return Path.of(out);
            }
        } catch (IOException e) {
            // no pg_config on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(NOT_FOUND);
    }

    private static boolean hasServerBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    /** "15" -> [15], "9.6" -> [9, 6]; not a version -> [-1]. */
    private static int[] version(String name) {
        try {
            return Arrays.stream(name.split("\\.")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            return new int[] {-1};
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String runuser() {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "runuser";
    }

    private static void giveToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = users.lookupPrincipalByName("postgres");
            group = users.lookupPrincipalByGroupName("postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Running as root, but there is no 'postgres' user/group to run the test"
                    + " PostgreSQL as (PostgreSQL refuses to run as root): " + e, e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static void addShutdownHook(String name, Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(action, name));
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
