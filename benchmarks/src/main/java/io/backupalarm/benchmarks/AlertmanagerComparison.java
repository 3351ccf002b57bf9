package io.backupalarm.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The library against Prometheus Alertmanager (0.25) on the same storm: N clients disconnect at
 * once and each alarm (alert) goes to one webhook, a local sink; how long until the last delivery,
 * and what it costs each process in CPU seconds and peak RSS. Alertmanager is the baseline: every
 * figure is printed as a ratio library / Alertmanager measured in the same run, with the 1-minute
 * load average before and after each pair.
 *
 * <p><b>Sink.</b> A JDK {@link HttpServer} on 127.0.0.1 in this process (4 threads) answers every
 * POST with 200 and no body, parses it, and counts the posts and the instances each names
 * (Alertmanager: {@code alerts[].labels.instance}; the library: {@code data.instance}, or
 * {@code alarms[].instance} for a grouped message). An instance named twice is a duplicate.
 *
 * <p><b>Alertmanager.</b> A fresh process per measurement: {@code alertmanager} or Debian's
 * {@code prometheus-alertmanager} from PATH (or the {@code ALERTMANAGER} variable; install it with
 * {@code scripts/alertmanager}) on a free loopback port, with {@code --storage.path} in a new temp
 * directory, {@code --cluster.listen-address=} (no gossip), one route to a webhook receiver at the
 * sink ({@code send_resolved: false}), {@code group_interval: 1h} and {@code repeat_interval: 24h} so
 * that it sends nothing twice. Without grouping {@code group_by: ['...']} (every alert its own
 * group) and {@code group_wait: 1s}; with grouping {@code group_by: ['team']}, a label all alerts
 * share, and {@code group_wait: 30s} (its default, long enough for the whole feed to arrive first).
 * This process feeds it the N alerts ({@code alertname}, {@code instance}, {@code team} labels,
 * {@code startsAt} now) by {@code POST /api/v2/alerts} in batches of {@value #BATCH}, one after the
 * other, over one {@link HttpClient}; the feeding costs this process, not Alertmanager's figures.
 *
 * <p><b>Library.</b> A fresh child JVM per measurement, {@link StormNode}, launched with
 * {@link #JVM_FLAGS} (or the {@code storm.jvm} system property, space-separated): an engine as a
 * host builds it (real time, in-memory stores with history, default delivery settings), grace
 * period 1 s, the webhook channel to the sink; group wait 0 (grouping off) or 30 s (the default).
 * The {@code storm.queue} system property sets the senders' queue capacity instead of the default
 * 10,000 (to see what a backlog beyond the queue costs).
 *
 * <p><b>Figures.</b> Wall: from the first alert posted (Alertmanager) or the {@code GO} sent (the
 * node then reports its N events) to the sink's last delivery. CPU: {@code utime + stime} of
 * {@code /proc/PID/stat} when the last delivery arrived, from the process's start (each process is
 * fresh, so this includes Alertmanager's start and the JVM's start and configuration), and the same
 * counted from the moment the storm began ("storm CPU"). Peak RSS: {@code VmHWM} of
 * {@code /proc/PID/status} then. The node also reports its own storm time (first report to last
 * {@code onDelivered}) as context.
 *
 * <p><b>Checks</b> (an exception and a non-zero exit when one fails): both sides deliver every one of
 * the N instances exactly once (no duplicates within 2 seconds after the last expected delivery);
 * without grouping one message per instance on each side; with grouping one message on the
 * library's side (one recipient), and Alertmanager's message count is printed.
 *
 * <p>Each (N, mode) pair is measured {@code rounds} times, which side goes first alternating; the
 * ratio is the median of the rounds' ratios.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.AlertmanagerComparison
 * [rounds [sizes [modes]]]}, e.g. {@code 1 10000,100000 single,grouped} (the default). Where no
 * Alertmanager is installed it prints a message and exits 0.
 *
 * <p>Not thread-safe; run from {@link #main(String[])}.
 */
public final class AlertmanagerComparison {

    /** Alerts per {@code POST /api/v2/alerts}. */
    static final int BATCH = 1_000;
    /**
     * The child JVM's flags, for a short-lived process that should stay small: the serial
     * collector, a heap that starts small and is kept within 10 to 20 % of free space (so RSS
     * follows the live data), C1 only with one compiler thread (C2 spent more CPU compiling than
     * it saved in a 10,000-alarm storm) and a small code cache.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx1g", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=16m");
    static final Duration GRACE = Duration.ofSeconds(1);
    static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    /** A side that has not delivered everything by then has failed. */
    static final Duration LIMIT = Duration.ofMinutes(15);
    /** How long to wait after the last expected delivery for duplicates. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final String AM_PATH = "/alertmanager";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The children running now; a harness interrupted (Ctrl-C) stops them on its way out. */
    private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly),
                "stop-children"));
    }
    private static final long TICKS = clockTicks();

    private AlertmanagerComparison() {
    }

    enum Mode { SINGLE, GROUPED }

    /** One side's measurement. */
    record Result(String side, long wallMs, double cpuS, double stormCpuS, long peakRssKb, int posts,
                  int instances, String context) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<Integer> sizes = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(s -> Integer.parseInt(s.strip())).toList()
                : List.of(10_000, 100_000);
        List<Mode> modes = args.length > 2
                ? Arrays.stream(args[2].split(",")).map(m -> Mode.valueOf(m.strip().toUpperCase(Locale.ROOT))).toList()
                : List.of(Mode.values());
        Path alertmanager = findAlertmanager();
        if (alertmanager == null) {
            System.out.println("skipped: alertmanager not installed (run scripts/alertmanager)");
            return;
        }
        if (!Files.isReadable(Path.of("/proc/self/stat"))) {
            System.out.println("skipped: no /proc to read CPU seconds and peak RSS from (Linux only)");
            return;
        }
        List<String> jvmFlags = System.getProperty("storm.jvm") == null ? JVM_FLAGS
                : Arrays.stream(System.getProperty("storm.jvm").strip().split("\\s+")).toList();
        System.out.println("alertmanager: " + alertmanager + ": " + firstLine(alertmanager.toString(), "--version"));
        System.out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "; node flags: " + String.join(" ", jvmFlags));
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + "; uptime before: " + uptime());
        List<String> rows = new ArrayList<>();
        try (Sink sink = new Sink()) {
            for (int n : sizes) {
                for (Mode mode : modes) {
                    String loadBefore = load();
                    List<Result[]> pairs = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        Result am;
                        Result lib;
                        if (round % 2 == 0) {
                            am = alertmanager(alertmanager, sink, n, mode);
                            lib = library(jvmFlags, sink, n, mode);
                        } else {
                            lib = library(jvmFlags, sink, n, mode);
                            am = alertmanager(alertmanager, sink, n, mode);
                        }
                        System.out.println("  " + n + " " + mode + " round " + round + ": " + am + "\n  " + n + " "
                                + mode + " round " + round + ": " + lib);
                        pairs.add(new Result[] {am, lib});
                    }
                    rows.add(row(n, mode, pairs, loadBefore, load()));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        }
        System.out.println();
        System.out.println("uptime after: " + uptime());
        System.out.println("| N | mode | side | wall s | CPU s (storm) | peak RSS MB | messages | library/AM wall | CPU | "
                + "storm CPU | peak RSS | load 1m before/after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** A table row of (median) figures, two lines: Alertmanager, then the library with the ratios. */
    private static String row(int n, Mode mode, List<Result[]> pairs, String loadBefore, String loadAfter) {
        Result am = pairs.get(pairs.size() - 1)[0];
        Result lib = pairs.get(pairs.size() - 1)[1];
        double wall = median(pairs.stream().map(p -> (double) p[1].wallMs() / p[0].wallMs()).toList());
        double cpu = median(pairs.stream().map(p -> p[1].cpuS() / p[0].cpuS()).toList());
        double stormCpu = median(pairs.stream().map(p -> p[1].stormCpuS() / p[0].stormCpuS()).toList());
        double rss = median(pairs.stream().map(p -> (double) p[1].peakRssKb() / p[0].peakRssKb()).toList());
        String prefix = String.format(Locale.ROOT, "| %,d | %s |", n, mode.name().toLowerCase(Locale.ROOT));
        return String.format(Locale.ROOT, "%s Alertmanager | %.2f | %.2f (%.2f) | %.0f | %d | | | | | %s / %s |%n"
                        + "%s library | %.2f | %.2f (%.2f) | %.0f | %d | %.2f | %.2f | %.2f | %.2f | |",
                prefix, am.wallMs() / 1e3, am.cpuS(), am.stormCpuS(), am.peakRssKb() / 1024.0, am.posts(), loadBefore,
                loadAfter, prefix, lib.wallMs() / 1e3, lib.cpuS(), lib.stormCpuS(), lib.peakRssKb() / 1024.0,
                lib.posts(), wall, cpu, stormCpu, rss);
    }

    // ---------------------------------------------------------------- Alertmanager

    static Result alertmanager(Path binary, Sink sink, int n, Mode mode) throws Exception {
        Path dir = Files.createTempDirectory("am-bench");
        Process process = null;
        try {
            int port = freePort();
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, String.join("\n",
                    "route:",
                    "  receiver: sink",
                    mode == Mode.SINGLE ? "  group_by: ['...']" : "  group_by: ['team']",
                    mode == Mode.SINGLE ? "  group_wait: 1s" : "  group_wait: " + GROUP_WAIT.toSeconds() + "s",
                    "  group_interval: 1h",
                    "  repeat_interval: 24h",
                    "receivers:",
                    "  - name: sink",
                    "    webhook_configs:",
                    "      - url: http://127.0.0.1:" + sink.port() + AM_PATH,
                    "        send_resolved: false",
                    ""));
            Path log = dir.resolve("alertmanager.log");
            process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=", "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            CHILDREN.add(process);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(client, process, port, log);
            long pid = process.pid();
            double cpuAtStart = cpuSeconds(pid);
            Sink.Run run = sink.begin(AM_PATH, n);
            long start = System.nanoTime();
            String startsAt = Instant.now().toString();
            for (int from = 0; from < n; from += BATCH) {
                StringBuilder body = new StringBuilder(BATCH * 110).append('[');
                for (int i = from; i < Math.min(n, from + BATCH); i++) {
                    if (i > from) {
                        body.append(',');
                    }
                    body.append("{\"labels\":{\"alertname\":\"ClientDisconnected\",\"instance\":\"")
                            .append(StormNode.instance(i)).append("\",\"team\":\"ops\"},\"startsAt\":\"")
                            .append(startsAt).append("\"}");
                }
                body.append(']');
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("alertmanager answered HTTP " + answer.statusCode()
                            + " to a batch of alerts: " + answer.body());
                }
            }
            long fedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (mode == Mode.GROUPED && fedMs >= GROUP_WAIT.toMillis()) {
                throw new IllegalStateException("feeding " + n + " alerts took " + fedMs + " ms, not less than "
                        + "group_wait " + GROUP_WAIT + ": the group would be sent before it is complete");
            }
            run.await(process, log);
            double cpu = cpuSeconds(pid);
            long rss = peakRssKb(pid);
            String threads = threadCpu(pid);
            run.settle();
            run.check(mode == Mode.SINGLE ? n : -1, "Alertmanager");
            return new Result("Alertmanager", TimeUnit.NANOSECONDS.toMillis(run.last() - start), cpu,
                    cpu - cpuAtStart, rss, run.posts(), run.instances(), "fed in " + fedMs + " ms, "
                            + run.largest() + " alerts in its largest message; threads: " + threads);
        } finally {
            if (process != null) {
                stop(process);
            }
            deleteTree(dir);
        }
    }

    private static void awaitReady(HttpClient client, Process process, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("alertmanager exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("alertmanager not ready within 60 s: " + Files.readString(log));
    }

    // ---------------------------------------------------------------- the library

    static Result library(List<String> jvmFlags, Sink sink, int n, Mode mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = new File(AlertmanagerComparison.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).getPath();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", jar, StormNode.class.getName(), Integer.toString(n),
                Long.toString(GRACE.toMillis()), Long.toString(mode == Mode.SINGLE ? 0 : GROUP_WAIT.toMillis()),
                Integer.toString(sink.port())));
        String queue = System.getProperty("storm.queue");
        if (queue != null) {
            command.add(queue);
        }
        Path log = Files.createTempFile("storm-node", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        CHILDREN.add(process);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream in = process.getOutputStream();
            expectLine(out, "READY", process, log);
            long pid = process.pid();
            double cpuAtReady = cpuSeconds(pid);
            Sink.Run run = sink.begin(StormNode.PATH, n);
            long start = System.nanoTime();
            in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            String[] delivered = expectLine(out, "DELIVERED", process, log).split(" ");
            run.await(process, log);
            double cpu = cpuSeconds(pid);
            long rss = peakRssKb(pid);
            String threads = threadCpu(pid);
            run.settle();
            run.check(mode == Mode.SINGLE ? n : 1, "the library");
            in.write("EXIT\n".getBytes(StandardCharsets.US_ASCII));
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("the storm node did not exit cleanly: " + Files.readString(log));
            }
            CHILDREN.remove(process);
            return new Result("library", TimeUnit.NANOSECONDS.toMillis(run.last() - start), cpu, cpu - cpuAtReady,
                    rss, run.posts(), run.instances(), "storm inside the node " + delivered[1] + " ms, "
                            + delivered[3] + " failed attempts; threads: " + threads);
        } finally {
            if (process.isAlive()) {
                stop(process);
            }
            Files.deleteIfExists(log);
        }
    }

    private static String expectLine(BufferedReader out, String prefix, Process process, Path log) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            System.out.println("    node: " + line);
        }
        throw new IllegalStateException("the storm node ended before " + prefix + " (exit "
                + (process.isAlive() ? "pending" : process.exitValue()) + "): " + Files.readString(log));
    }

    // ---------------------------------------------------------------- the sink

    /** The webhook receiver both sides post to. Thread-safe: a run's counters are concurrent. */
    static final class Sink implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private volatile Run run;
        private final AtomicInteger stray = new AtomicInteger();

        Sink() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        Run begin(String path, int expected) {
            Run next = new Run(path, expected);
            run = next;
            return next;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Run current = run;
                if (current == null || !"POST".equals(exchange.getRequestMethod())
                        || !current.path.equals(exchange.getRequestURI().getPath())) {
                    stray.incrementAndGet();
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                try {
                    current.record(JSON.readTree(body));
                } catch (IOException | RuntimeException e) {
                    // Counted, so that the run fails its check rather than waiting for a retry.
                    current.errors.incrementAndGet();
                    System.err.println("sink: unreadable delivery: " + e);
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, -1);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
            if (stray.get() > 0) {
                throw new IllegalStateException(stray.get() + " requests reached the sink outside a run");
            }
        }

        /** One measurement's deliveries. */
        static final class Run {
            final String path;
            final int expected;
            final Set<String> seen = ConcurrentHashMap.newKeySet();
            final AtomicInteger posts = new AtomicInteger();
            final AtomicInteger duplicates = new AtomicInteger();
            final AtomicInteger largest = new AtomicInteger();
            final AtomicInteger errors = new AtomicInteger();
            final AtomicLong last = new AtomicLong();
            final List<String> duplicateExamples = new ArrayList<>();

            Run(String path, int expected) {
                this.path = path;
                this.expected = expected;
            }

            void record(JsonNode body) {
                List<String> instances = new ArrayList<>();
                if (body.has("alerts")) { // Alertmanager's webhook
                    body.path("alerts").forEach(a -> instances.add(a.path("labels").path("instance").asText()));
                } else if ("GROUPED".equals(body.path("kind").asText())) {
                    body.path("alarms").forEach(a -> instances.add(a.path("instance").asText()));
                } else {
                    instances.add(body.path("data").path("instance").asText());
                }
                for (String instance : instances) {
                    if (instance.isEmpty()) {
                        throw new IllegalStateException("a delivery names no instance: " + body);
                    }
                    if (!seen.add(instance)) {
                        duplicates.incrementAndGet();
                        synchronized (duplicateExamples) {
                            if (duplicateExamples.size() < 5) {
                                duplicateExamples.add(instance);
                            }
                        }
                    }
                }
                largest.accumulateAndGet(instances.size(), Math::max);
                posts.incrementAndGet();
                last.accumulateAndGet(System.nanoTime(), Math::max);
            }

            void await(Process process, Path log) throws Exception {
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (seen.size() < expected) {
                    if (errors.get() > 0) {
                        throw new IllegalStateException(path + ": " + errors.get() + " deliveries the sink could not read");
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException(path + ": the process exited with " + process.exitValue()
                                + " after " + seen.size() + " of " + expected + " deliveries: " + Files.readString(log));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(path + ": " + seen.size() + " of " + expected
                                + " instances delivered within " + LIMIT);
                    }
                    Thread.sleep(5);
                }
            }

            void settle() throws InterruptedException {
                Thread.sleep(SETTLE.toMillis());
            }

            /** Every instance once; {@code messages} posts unless negative. */
            void check(int messages, String side) {
                if (errors.get() > 0) {
                    throw new IllegalStateException(side + ": " + errors.get() + " deliveries the sink could not read");
                }
                if (seen.size() != expected || duplicates.get() != 0) {
                    throw new IllegalStateException(side + ": " + seen.size() + " of " + expected
                            + " instances delivered, " + duplicates.get() + " duplicates " + duplicateExamples);
                }
                if (messages >= 0 && posts.get() != messages) {
                    throw new IllegalStateException(side + ": " + posts.get() + " messages, not " + messages);
                }
            }

            long last() {
                return last.get();
            }

            int posts() {
                return posts.get();
            }

            int instances() {
                return seen.size();
            }

            int largest() {
                return largest.get();
            }
        }
    }

    // ---------------------------------------------------------------- processes and /proc

    static Path findAlertmanager() {
        String given = System.getenv("ALERTMANAGER");
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            return Files.isExecutable(path) ? path : null;
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("alertmanager", "prometheus-alertmanager")) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        return null;
    }

    /** utime + stime of a process (all its threads), in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name in parentheses may hold spaces; the fields counted from after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat
        return (double) ticks / TICKS;
    }

    /**
     * The CPU seconds of a process's threads, summed by thread name without its trailing number
     * (the kernel keeps 15 characters of a name), most first: what the process spent its CPU on.
     */
    static String threadCpu(long pid) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[-#_ ]?[0-9]+$", "");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", (double) e.getValue() / TICKS)));
        return out.toString();
    }

    /** VmHWM of a process, in kB. */
    static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    }

    private static long clockTicks() {
        try {
            String ticks = firstLine("getconf", "CLK_TCK");
            return Long.parseLong(ticks.strip());
        } catch (RuntimeException e) {
            return 100;
        }
    }

    /** {@code uptime}'s line, or the load averages of {@code /proc/loadavg} where there is no {@code uptime}. */
    private static String uptime() {
        try {
            return firstLine("uptime");
        } catch (UncheckedIOException e) {
            try {
                return "load average " + Files.readString(Path.of("/proc/loadavg")).strip();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        CHILDREN.remove(process);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
