package io.backupalarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.store.jdbc.Cluster;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.testkit.RecordingChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator commands against a live store: a host's node (an engine on the store, on a clock
 * the test moves, with an email channel that records and no SMS channel, so that SMS notifications
 * become dead letters) makes the state; the tool runs in-process at the node's instant, with the
 * database's credentials in its environment; the test checks the output, the exit status, that the
 * password is never printed, and what changed in the store. Subclasses give the database.
 */
abstract class OperatorCommandsContract {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(10);
    static final Duration GROUP_WAIT = Cluster.GROUP_WAIT;
    /** Never printed by any command: checked on every run. */
    static final String PASSWORD = "Pw-3xq9-never-printed";

    JdbcStore store;
    AlarmEngine node;
    ManualClock clock;
    RecordingChannel email;
    String url;
    final Map<String, String> variables = new HashMap<>();
    final List<Result> results = new ArrayList<>();

    /** What a run printed and returned. */
    record Result(int status, String out, String err) {
        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    /** A new, empty database: its data source for the node, its URL (no password) for the tool. */
    record Database(DataSource dataSource, String url) {
    }

    /** A new database whose user has the password {@link #PASSWORD}, or one that trusts its client. */
    abstract Database newDatabase();

    /** The user the tool connects as, or {@code null} when the URL names it. */
    abstract String user();

    @BeforeEach
    final void node() {
        Database database = newDatabase();
        url = database.url();
        store = JdbcStore.builder(database.dataSource()).nodeId("node-1").build().migrate();
        Cluster.seed(store.configuration());
        clock = new ManualClock(T0);
        email = new RecordingChannel(Channel.EMAIL, clock);
        node = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .history(store.history())
                .node("node-1")
                .manualTime(clock)
                .settings(AlarmSettings.custom().disconnectGracePeriod(GRACE).backupFailureGracePeriod(GRACE)
                        .repeatInterval(Duration.ofHours(1)).build())
                .channel(email)
                .build();
        if (user() != null) {
            variables.put(StoreOptions.USER_VARIABLE, user());
        }
        variables.put(StoreOptions.PASSWORD_VARIABLE, PASSWORD);
        // i-00 loses its client and its alarm fires: email sent, SMS dead-lettered (no SMS channel on the node).
        node.report(new AlarmEvent.ClientDisconnected("i-00", T0));
        node.report(new AlarmEvent.BackupFailed("i-01", "daily", "disk full", T0.plus(Duration.ofMinutes(5))));
        ManualTime.of(node).advanceTo(T0.plus(GRACE).plus(GROUP_WAIT));
    }

    @AfterEach
    final void noPasswordPrinted() {
        node.close();
        assertThat(results).allSatisfy(result -> {
            assertThat(result.out()).doesNotContain(PASSWORD);
            assertThat(result.err()).doesNotContain(PASSWORD);
        });
    }

    /** Runs the tool at the node's instant, on the test's database unless {@code --jdbc} is given. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--jdbc") && !all.contains("--help") && all.size() > 0) {
            all.add("--jdbc");
            all.add(url);
        }
        return runExactly(all.toArray(String[]::new));
    }

    Result runExactly(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment environment = new Environment(Clock.fixed(clock.instant(), ZoneOffset.UTC), variables::get);
        int status = BackupAlarmCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        Result result = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        results.add(result);
        return result;
    }

    List<Notification> dead() {
        return store.outbox().withStatus(Notification.Status.DEAD);
    }

    OpenAlarm alarm(AlarmType type, String instance, String job) {
        return store.alarms().find(new AlarmKey(type, instance, job)).orElseThrow();
    }

    /** The instances a message is about. */
    static List<String> instances(OutboundMessage message) {
        String one = message.data().get(OutboundMessage.DataKeys.INSTANCE);
        return one != null ? List.of(one) : List.of(message.data().get(OutboundMessage.DataKeys.INSTANCES).split(","));
    }

    // ---- alarms ----

    @Test
    @DisplayName("alarms: one aligned row per open alarm, with its state, since when, and what holds it")
    void alarmsAsText() {
        Result result = run("alarms");

        assertThat(result.status()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out().lines().toList()).containsExactly(
                "ALARM                INSTANCE  JOB    STATE    SINCE                 EVENTS  NOTE",
                "CLIENT_DISCONNECTED  i-00      -      FIRING   2026-01-01T00:00:00Z  1       announced at"
                        + " 2026-01-01T00:10:00Z",
                "BACKUP_FAILED        i-01      daily  PENDING  2026-01-01T00:05:00Z  1       fires at"
                        + " 2026-01-01T00:15:00Z");
    }

    @Test
    @DisplayName("alarms --json: one array, an object per alarm with every field, instants in UTC")
    void alarmsAsJson() {
        node.acknowledge(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-00", null), "alice", "on it");

        Result result = run("alarms", "--json");

        assertThat(result.status()).isZero();
        JsonNode alarms = result.json();
        assertThat(alarms.isArray()).isTrue();
        assertThat(alarms).hasSize(2);
        JsonNode disconnect = alarms.get(0);
        assertThat(disconnect.get("alarm").asText()).isEqualTo("CLIENT_DISCONNECTED");
        assertThat(disconnect.get("instance").asText()).isEqualTo("i-00");
        assertThat(disconnect.get("job").isNull()).isTrue();
        assertThat(disconnect.get("state").asText()).isEqualTo("FIRING");
        assertThat(disconnect.get("since").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(disconnect.get("heldBack").asBoolean()).isFalse();
        assertThat(disconnect.get("account").asText()).isEqualTo("acct-1");
        assertThat(disconnect.get("acknowledged").get("by").asText()).isEqualTo("alice");
        assertThat(disconnect.get("acknowledged").get("comment").asText()).isEqualTo("on it");
        JsonNode failure = alarms.get(1);
        assertThat(failure.get("job").asText()).isEqualTo("daily");
        assertThat(failure.get("message").asText()).isEqualTo("disk full");
        assertThat(failure.get("state").asText()).isEqualTo("PENDING");
        assertThat(failure.get("nextDue").asText()).isEqualTo("2026-01-01T00:15:00Z");
        assertThat(failure.get("heldBack").asBoolean()).isFalse();
        assertThat(failure.get("acknowledged").isNull()).isTrue();
    }

    @Test
    @DisplayName("alarms says so when none is open")
    void noAlarms() {
        node.report(new AlarmEvent.ClientConnected("i-00", clock.instant()));
        node.report(new AlarmEvent.BackupSucceeded("i-01", "daily", clock.instant()));

        assertThat(run("alarms").out()).isEqualTo("no open alarms\n");
        assertThat(run("alarms", "--json").out()).isEqualTo("[]\n");
    }

    // ---- dead letters and redrive ----

    @Test
    @DisplayName("dead-letters lists the notifications given up, with their key and error, as text and as JSON")
    void deadLetters() {
        List<Notification> dead = dead();
        assertThat(dead).hasSize(3);

        Result text = run("dead-letters");
        Result json = run("dead-letters", "--json");

        assertThat(text.status()).isZero();
        assertThat(text.out().lines().findFirst().orElseThrow())
                .startsWith("KEY").contains("CHANNEL", "TO", "KIND", "INSTANCE", "ATTEMPTS", "GIVEN UP", "ERROR");
        assertThat(text.out().lines().skip(1).toList()).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("sms", "FIRING", "i-00", "no channel 'sms' is installed"));
        for (Notification notification : dead) {
            assertThat(text.out()).contains(notification.key());
        }
        assertThat(json.json()).hasSize(3).allSatisfy(letter -> {
            assertThat(letter.get("status").asText()).isEqualTo("DEAD");
            assertThat(letter.get("channel").asText()).isEqualTo("sms");
            assertThat(letter.get("items").get(0).get("instance").asText()).isEqualTo("i-00");
            assertThat(letter.get("lastError").asText()).contains("no channel 'sms' is installed");
        });
    }

    @Test
    @DisplayName("redrive KEY makes that dead letter pending again, and the tool sends nothing itself")
    void redriveOne() {
        String key = dead().get(0).key();

        Result result = run("redrive", key);

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("pending again: " + key);
        Notification again = store.outbox().find(key).orElseThrow();
        assertThat(again.status()).isEqualTo(Notification.Status.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(dead()).hasSize(2);
    }

    @Test
    @DisplayName("redrive --all makes every dead letter pending again; --json lists their keys")
    void redriveAll() {
        List<String> keys = dead().stream().map(Notification::key).toList();

        Result result = run("redrive", "--all", "--json");

        assertThat(result.status()).isZero();
        List<String> printed = new ArrayList<>();
        result.json().get("redriven").forEach(k -> printed.add(k.asText()));
        assertThat(printed).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(dead()).isEmpty();
        assertThat(store.outbox().withStatus(Notification.Status.PENDING)).extracting(Notification::key)
                .containsAll(keys);
    }

    @Test
    @DisplayName("redrive of an unknown key, or of a notification that is not dead, exits 2 naming it and changes nothing")
    void redriveUnknown() {
        String deadKey = dead().get(0).key();
        String sentKey = store.outbox().withStatus(Notification.Status.SENT).get(0).key();

        Result unknown = run("redrive", deadKey, "ba1-nope");
        Result sent = run("redrive", sentKey);

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("redrive: ba1-nope: no notification has this key", "nothing was changed");
        assertThat(sent.status()).isEqualTo(2);
        assertThat(sent.err()).contains("redrive: " + sentKey + ": not a dead letter (it is SENT)");
        assertThat(dead()).hasSize(3);
    }

    @Test
    @DisplayName("redrive without KEY and without --all, or with both, is a usage error")
    void redriveUsage() {
        assertThat(run("redrive").status()).isEqualTo(2);
        assertThat(run("redrive", "--all", "k").err()).contains("give KEY or --all, not both");
        assertThat(dead()).hasSize(3);
    }

    // ---- silences ----

    @Test
    @DisplayName("silence add creates a silence through the engine; the node holds the instance's alarm back,"
            + " and after silence expire the node announces it")
    void silenceHoldsAndExpiryReleases() {
        Result added = run("silence", "add", "--id", "s-maint", "--instance", "i-02", "--for", "PT2H",
                "--by", "alice", "--comment", "disk swap");

        assertThat(added.status()).isZero();
        assertThat(added.out()).isEqualTo("silence s-maint created: account acct-1, instance i-02, any alarm,"
                + " from 2026-01-01T00:10:30Z to 2026-01-01T02:10:30Z\n");
        Silence silence = store.silences().find("s-maint").orElseThrow();
        assertThat(silence.account()).isEqualTo("acct-1");
        assertThat(silence.matcher()).isEqualTo(new AlarmMatcher(null, "i-02", null));
        assertThat(silence.createdBy()).isEqualTo("alice");
        assertThat(silence.ends()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));

        node.report(new AlarmEvent.ClientDisconnected("i-02", clock.instant()));
        ManualTime.of(node).advanceBy(GRACE.plus(GROUP_WAIT));
        assertThat(alarm(AlarmType.CLIENT_DISCONNECTED, "i-02", null).announced()).isFalse();
        assertThat(run("alarms").out()).containsPattern("CLIENT_DISCONNECTED  i-02 .* FIRING .* held back");
        int sentBefore = email.sent().size();

        Result expired = run("silence", "expire", "s-maint");

        assertThat(expired.status()).isZero();
        assertThat(expired.out()).startsWith("silence s-maint expired at 2026-01-01T00:21:00Z; 1 alarm(s)");
        assertThat(store.silences().find("s-maint").orElseThrow().expiredAt()).isEqualTo(clock.instant());
        assertThat(alarm(AlarmType.CLIENT_DISCONNECTED, "i-02", null).nextDue()).as("due for the node")
                .isEqualTo(clock.instant());
        assertThat(email.sent()).as("the tool sends nothing").hasSize(sentBefore);

        ManualTime.of(node).advanceBy(GROUP_WAIT);
        assertThat(alarm(AlarmType.CLIENT_DISCONNECTED, "i-02", null).announcedAt()).isEqualTo(clock.instant()
                .minus(GROUP_WAIT));
        assertThat(email.sent().subList(sentBefore, email.sent().size()))
                .flatExtracting(sent -> instances(sent.message())).isNotEmpty().containsOnly("i-02");
    }

    @Test
    @DisplayName("silence list shows the silences not ended, as aligned text and as JSON")
    void silenceList() {
        node.createSilence(Silence.of("s-1", "acct-1", new AlarmMatcher("v-1", null, AlarmType.BACKUP_FAILED),
                clock.instant(), clock.instant().plus(Duration.ofHours(1)), "bob", null));
        node.createSilence(Silence.of("s-2", "acct-1", AlarmMatcher.ANY, clock.instant().plus(Duration.ofHours(1)),
                clock.instant().plus(Duration.ofHours(3)), "carol", "upgrade"));

        Result text = run("silence", "list");
        Result json = run("silence", "list", "--json");

        assertThat(text.status()).isZero();
        assertThat(text.out().lines().toList()).containsExactly(
                "ID   ACCOUNT  COVERS                    STARTS                ENDS                  STATE"
                        + "         BY     COMMENT",
                "s-1  acct-1   vault v-1, BACKUP_FAILED  2026-01-01T00:10:30Z  2026-01-01T01:10:30Z  active"
                        + "        bob    -",
                "s-2  acct-1   any alarm                 2026-01-01T01:10:30Z  2026-01-01T03:10:30Z  starts later"
                        + "  carol  upgrade");
        JsonNode silences = json.json();
        assertThat(silences).hasSize(2);
        assertThat(silences.get(0).get("id").asText()).isEqualTo("s-1");
        assertThat(silences.get(0).get("vault").asText()).isEqualTo("v-1");
        assertThat(silences.get(0).get("alarm").asText()).isEqualTo("BACKUP_FAILED");
        assertThat(silences.get(0).get("active").asBoolean()).isTrue();
        assertThat(silences.get(1).get("instance").isNull()).isTrue();
        assertThat(silences.get(1).get("comment").asText()).isEqualTo("upgrade");
        assertThat(run("silence", "list", "--account", "acct-9").out()).isEqualTo("no silences\n");
    }

    @Test
    @DisplayName("silence add --json prints the silence; --until takes an instant with an offset")
    void silenceAddJson() {
        Result result = run("silence", "add", "--vault", "v-1", "--alarm", "backup_failed",
                "--until", "2026-01-01T10:00:00+08:00", "--by", "ops", "--json");

        assertThat(result.status()).isZero();
        JsonNode silence = result.json();
        assertThat(silence.get("id").asText()).matches("s-20260101-001030-[0-9a-f]{4}");
        assertThat(silence.get("account").asText()).isEqualTo("acct-1");
        assertThat(silence.get("alarm").asText()).isEqualTo("BACKUP_FAILED");
        assertThat(silence.get("ends").asText()).isEqualTo("2026-01-01T02:00:00Z");
        assertThat(store.silences().find(silence.get("id").asText())).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "--instance i-99 --for PT1H --by ops|--instance i-99: no such instance; nothing was changed",
        "--vault v-9 --for PT1H --by ops|--vault v-9: no such vault; nothing was changed",
        "--account acct-9 --for PT1H --by ops|--account acct-9: no such account; nothing was changed",
        "--instance i-01 --by ops|give when it ends: --until INSTANT or --for DURATION",
        "--instance i-01 --for PT1H --until 2026-01-02T00:00:00Z --by ops|give --until or --for, not both",
        "--for PT1H --by ops|give --account, --vault or --instance",
        "--instance i-01 --until 2026-01-02 --by ops|--until '2026-01-02': not an instant (ISO-8601 with an offset",
        "--instance i-01 --for 2h --by ops|--for '2h': not a duration (ISO-8601, such as PT2H",
        "--instance i-01 --for -PT1H --by ops|--for PT-1H: must be longer than zero",
        "--instance i-01 --until 2025-12-31T00:00:00Z --by ops|not after",
        "--instance i-01 --for PT1H|Missing required option: '--by=NAME'",
        "--instance i-01 --for PT1H --by ops --alarm EXPLODED|Invalid value for option '--alarm'",
        "--id s/1 --instance i-01 --for PT1H --by ops|--id 's/1': not a valid id",
    })
    @DisplayName("silence add with an unknown id or bad options exits 2 naming it, and creates nothing")
    void silenceAddInvalid(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        List<String> args = new ArrayList<>(List.of("silence", "add"));
        args.addAll(List.of(parts[0].split(" ")));

        Result result = run(args.toArray(String[]::new));

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(parts[1]);
        assertThat(store.silences().notEnded(T0)).isEmpty();
    }

    @Test
    @DisplayName("silence add with an id already taken exits 2 with the engine's reason, and changes nothing")
    void silenceIdTaken() {
        node.createSilence(Silence.of("s-1", "acct-1", AlarmMatcher.ANY, clock.instant(),
                clock.instant().plus(Duration.ofHours(1)), "bob", null));

        Result result = run("silence", "add", "--id", "s-1", "--instance", "i-01", "--for", "PT3H", "--by", "ops");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("silence add: silences[s-1]: silence s-1 already exists\n");
        assertThat(store.silences().find("s-1").orElseThrow().matcher()).isEqualTo(AlarmMatcher.ANY);
    }

    @Test
    @DisplayName("silence expire of an unknown id exits 2 naming it; of an ended silence changes nothing and says so")
    void silenceExpireUnknownOrEnded() {
        node.createSilence(Silence.of("s-1", "acct-1", AlarmMatcher.ANY, clock.instant(),
                clock.instant().plus(Duration.ofMinutes(1)), "bob", null));
        ManualTime.of(node).advanceBy(Duration.ofMinutes(2));

        Result unknown = run("silence", "expire", "s-9");
        Result ended = run("silence", "expire", "s-1", "--json");

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("silence expire: s-9: no such silence; nothing was changed\n");
        assertThat(ended.status()).isZero();
        assertThat(ended.json().get("expired").asBoolean()).isFalse();
        assertThat(ended.json().get("silence").get("expiredAt").isNull()).isTrue();
    }

    @Test
    @DisplayName("silence without a subcommand is a usage error")
    void silenceAlone() {
        Result result = runExactly("silence");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("backup-alarm silence: missing command (add, list or expire)");
    }

    // ---- acknowledgement ----

    @Test
    @DisplayName("ack acknowledges a firing alarm through the engine: no more REPEAT from the node, RESOLVED still")
    void ack() {
        Result result = run("ack", "i-00", "--alarm", "CLIENT_DISCONNECTED", "--by", "bob", "--comment", "on it");

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("CLIENT_DISCONNECTED alarm of instance i-00 acknowledged by bob;"
                + " no more REPEAT for it, RESOLVED still goes out\n");
        OpenAlarm acknowledged = alarm(AlarmType.CLIENT_DISCONNECTED, "i-00", null);
        assertThat(acknowledged.acknowledgement().by()).isEqualTo("bob");
        assertThat(acknowledged.acknowledgement().comment()).isEqualTo("on it");
        assertThat(acknowledged.acknowledgement().at()).isEqualTo(clock.instant());

        int sentBefore = email.sent().size();
        ManualTime.of(node).advanceBy(Duration.ofHours(2));
        assertThat(email.sent().subList(sentBefore, email.sent().size()))
                .flatExtracting(sent -> instances(sent.message())).contains("i-01").doesNotContain("i-00");

        Result again = run("ack", "i-00", "--alarm", "client_disconnected", "--by", "carol", "--json");
        assertThat(again.status()).isZero();
        assertThat(again.json().get("result").asText()).isEqualTo("ALREADY_ACKNOWLEDGED");
        assertThat(again.json().get("alarm").get("acknowledged").get("by").asText()).isEqualTo("bob");
    }

    @Test
    @DisplayName("ack of a backup failure names its job")
    void ackJob() {
        ManualTime.of(node).advanceBy(Duration.ofMinutes(10)); // i-01's failure is announced: i-01 was never disconnected

        Result result = run("ack", "i-01", "--alarm", "BACKUP_FAILED", "--job", "daily", "--by", "bob", "--json");

        assertThat(result.status()).isZero();
        assertThat(result.json().get("result").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(alarm(AlarmType.BACKUP_FAILED, "i-01", "daily").acknowledged()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "i-99 --alarm CLIENT_DISCONNECTED --by bob|ack: i-99: no such instance; nothing was changed",
        "i-05 --alarm CLIENT_DISCONNECTED --by bob|ack: no CLIENT_DISCONNECTED alarm of instance i-05 is firing"
                + " (none is open); nothing was changed",
        "i-00 --alarm CLIENT_DISCONNECTED --job daily --by bob|a CLIENT_DISCONNECTED alarm has no job",
        "i-00 --alarm CLIENT_DISCONNECTED|Missing required option: '--by=NAME'",
        "i-00 --by bob|Missing required option: '--alarm=TYPE'",
    })
    @DisplayName("ack of an unknown instance, of an alarm not firing, or with bad options exits 2 and changes nothing")
    void ackInvalid(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        List<String> args = new ArrayList<>(List.of("ack"));
        args.addAll(List.of(parts[0].split(" ")));

        Result result = run(args.toArray(String[]::new));

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains(parts[1]);
        assertThat(store.alarms().all()).noneMatch(OpenAlarm::acknowledged);
    }

    @Test
    @DisplayName("ack of a pending alarm says when it fires")
    void ackPending() {
        node.report(new AlarmEvent.ClientDisconnected("i-05", clock.instant()));

        Result result = run("ack", "i-05", "--alarm", "CLIENT_DISCONNECTED", "--by", "bob");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("it is pending and fires at 2026-01-01T00:20:30Z");
    }

    // ---- test notifications ----

    @Test
    @DisplayName("test --instance puts one test message per recipient in the outbox; the node sends them")
    void testOfInstance() {
        int sentBefore = email.sent().size();

        Result result = run("test", "--instance", "i-03");

        assertThat(result.status()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("test of instance i-03 (account acct-1) queued at 2026-01-01T00:10:30Z:"
                + " 6 message(s); the hosts' nodes send them at their next look into the outbox");
        assertThat(lines.get(1)).startsWith("CHANNEL  TO").endsWith("KEY");
        assertThat(lines).hasSize(8);
        List<String> keys = lines.subList(2, 8).stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
        assertThat(keys).allSatisfy(key -> assertThat(store.outbox().find(key)).get()
                .satisfies(n -> assertThat(n.status()).isEqualTo(Notification.Status.PENDING)));
        assertThat(email.sent()).as("the tool sends nothing").hasSize(sentBefore);

        ManualTime.of(node).advanceBy(Duration.ofSeconds(1));
        assertThat(email.sent().subList(sentBefore, email.sent().size()))
                .extracting(sent -> sent.message().kind()).containsExactly(OutboundMessage.Kind.TEST,
                        OutboundMessage.Kind.TEST, OutboundMessage.Kind.TEST);
    }

    @Test
    @DisplayName("test --contact --json lists each message with its channel, address and key")
    void testOfContact() {
        Result result = run("test", "--contact", "c-1", "--json");

        assertThat(result.status()).isZero();
        JsonNode test = result.json();
        assertThat(test.get("contact").asText()).isEqualTo("c-1");
        assertThat(test.get("instance").isNull()).isTrue();
        assertThat(test.get("account").asText()).isEqualTo("acct-1");
        assertThat(test.get("messages")).hasSize(2);
        List<String> channels = new ArrayList<>();
        test.get("messages").forEach(m -> {
            channels.add(m.get("channel").asText());
            assertThat(store.outbox().find(m.get("key").asText())).isPresent();
        });
        assertThat(channels).containsExactlyInAnyOrder("email", "sms");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "--contact c-9|test: --contact c-9: no such contact; nothing was changed",
        "--instance i-99|test: --instance i-99: no such instance; nothing was changed",
        "--instance i-00 --contact c-1|mutually exclusive",
    })
    @DisplayName("test of an unknown instance or contact, or of both, exits 2 and queues nothing")
    void testInvalid(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        List<String> args = new ArrayList<>(List.of("test"));
        args.addAll(List.of(parts[0].split(" ")));
        long pending = store.outbox().withStatus(Notification.Status.PENDING).size();

        Result result = run(args.toArray(String[]::new));

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains(parts[1]);
        assertThat(store.outbox().withStatus(Notification.Status.PENDING)).hasSize((int) pending);
    }

    // ---- history ----

    /** Alice's mail server: greylists her first message (a temporary failure), then accepts, with a message id. */
    static final class MailProvider implements Channel {

        private final Set<String> greylisted = new HashSet<>();

        @Override
        public String name() {
            return Channel.EMAIL;
        }

        @Override
        public synchronized DeliveryResult send(OutboundMessage message) {
            if (message.address().equals("alice@example.com") && greylisted.add(message.idempotencyKey())) {
                return DeliveryResult.temporaryFailure("mx.example.com: 451 4.7.1 greylisted, try again later");
            }
            return DeliveryResult.delivered("<" + message.idempotencyKey().substring(4, 16) + "@mail.example.com>");
        }
    }

    /**
     * Alice is the only contact of vault v-db, whose instance i-db1 loses its client: a second
     * node, whose mail provider greylists Alice's first message, fires the alarm and tells her on
     * the second attempt; then both nodes' clocks stand at {@code 00:22:00}.
     */
    void aliceScenario() {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store.configuration());
        admin.importContact(Contact.verified("c-alice", "acct-1", "Alice", EmailAddress.of("alice@example.com"), null));
        admin.createVault(new Vault("v-db", "acct-1", VaultAlarmPolicy.customized(Set.of("c-alice"), Set.of())));
        admin.createInstance(new Instance("i-db1", "v-db", InstanceAlarmPolicy.SAME_AS_VAULT));
        ManualClock clock2 = new ManualClock(clock.instant());
        try (AlarmEngine node2 = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .history(store.history())
                .node("node-2")
                .manualTime(clock2)
                .settings(AlarmSettings.custom().disconnectGracePeriod(GRACE).backupFailureGracePeriod(GRACE)
                        .repeatInterval(Duration.ofHours(1)).build())
                .delivery(DeliverySettings.custom().jitter(0).build())
                .channel(new MailProvider())
                .build()) {
            node2.report(new AlarmEvent.ClientDisconnected("i-db1", clock2.instant()));
            ManualTime.of(node2).advanceTo(Instant.parse("2026-01-01T00:22:00Z"));
        }
        ManualTime.of(node).advanceTo(Instant.parse("2026-01-01T00:22:00Z"));
    }

    @Test
    @DisplayName("history deliveries --address: both attempts to Alice, newest first, with the receipt and the error")
    void historyDeliveriesToAlice() {
        aliceScenario();

        Result text = run("history", "deliveries", "--address", "alice@example.com");
        Result json = run("history", "deliveries", "--address", "alice@example.com", "--instance", "i-db1", "--json");

        assertThat(text.status()).isZero();
        assertThat(text.err()).isEmpty();
        String key = json.json().get("items").get(0).get("key").asText();
        String receipt = "<" + key.substring(4, 16) + "@mail.example.com>";
        assertThat(text.out().lines().toList()).containsExactly(
                "AT                    OUTCOME    ATTEMPT  CHANNEL  TO                 KIND    ALARM"
                        + "                INSTANCE  DETAIL",
                "2026-01-01T00:21:10Z  DELIVERED  2        email    alice@example.com  FIRING  CLIENT_DISCONNECTED"
                        + "  i-db1     receipt " + receipt,
                "2026-01-01T00:21:00Z  FAILED     1        email    alice@example.com  FIRING  CLIENT_DISCONNECTED"
                        + "  i-db1     mx.example.com: 451 4.7.1 greylisted, try again later");
        assertThat(json.status()).isZero();
        JsonNode items = json.json().get("items");
        assertThat(items).hasSize(2);
        JsonNode delivered = items.get(0);
        assertThat(delivered.get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.get("attempt").asInt()).isEqualTo(2);
        assertThat(delivered.get("at").asText()).isEqualTo("2026-01-01T00:21:10Z");
        assertThat(delivered.get("channel").asText()).isEqualTo("email");
        assertThat(delivered.get("to").asText()).isEqualTo("alice@example.com");
        assertThat(delivered.get("kind").asText()).isEqualTo("FIRING");
        assertThat(delivered.get("alarm").asText()).isEqualTo("CLIENT_DISCONNECTED");
        assertThat(delivered.get("instance").asText()).isEqualTo("i-db1");
        assertThat(delivered.get("vault").asText()).isEqualTo("v-db");
        assertThat(delivered.get("account").asText()).isEqualTo("acct-1");
        assertThat(delivered.get("job").isNull()).isTrue();
        assertThat(delivered.get("items").asInt()).isEqualTo(1);
        assertThat(delivered.get("receipt").asText()).isEqualTo(receipt);
        assertThat(delivered.get("error").isNull()).isTrue();
        assertThat(delivered.get("node").asText()).isEqualTo("node-2");
        assertThat(delivered.get("duration").asText()).startsWith("PT");
        assertThat(delivered.get("sequence").asLong()).isGreaterThan(items.get(1).get("sequence").asLong());
        JsonNode failed = items.get(1);
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.get("key").asText()).isEqualTo(key);
        assertThat(failed.get("receipt").isNull()).isTrue();
        assertThat(failed.get("error").asText()).isEqualTo("mx.example.com: 451 4.7.1 greylisted, try again later");
        assertThat(json.json().get("nextCursor").isNull()).isTrue();

        assertThat(run("history", "deliveries", "--address", "alice@example.com", "--outcome", "failed", "--json")
                .json().get("items")).hasSize(1);
        assertThat(run("history", "deliveries", "--address", "alice@example.com", "--status", "DEAD").out())
                .isEqualTo("no delivery history matches\n");
        assertThat(run("history", "deliveries", "--key", key, "--json").json().get("items")).hasSize(2);
        assertThat(run("history", "deliveries", "--channel", "sms", "--kind", "FIRING", "--json").json().get("items"))
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.get("outcome").asText()).isEqualTo("DEAD");
                    assertThat(r.get("error").asText()).contains("no channel 'sms' is installed");
                });
    }

    @Test
    @DisplayName("history alarms --instance: opened and fired, then acknowledged through the tool under the operator's"
            + " name and the tool's node")
    void historyAlarmsOfInstance() {
        aliceScenario();

        Result before = run("history", "alarms", "--instance", "i-db1");
        Result ack = run("ack", "i-db1", "--alarm", "CLIENT_DISCONNECTED", "--by", "bob", "--comment", "restoring");
        Result after = run("history", "alarms", "--instance", "i-db1", "--json");

        assertThat(before.status()).isZero();
        assertThat(before.out().lines().toList()).containsExactly(
                "AT                    EVENT   ALARM                INSTANCE  JOB  DETAIL",
                "2026-01-01T00:20:30Z  FIRED   CLIENT_DISCONNECTED  i-db1     -    grace period ended; 1 recipient(s)",
                "2026-01-01T00:10:30Z  OPENED  CLIENT_DISCONNECTED  i-db1     -    event CLIENT_DISCONNECTED");
        assertThat(ack.status()).isZero();
        JsonNode items = after.json().get("items");
        assertThat(items).hasSize(3);
        JsonNode acknowledged = items.get(0);
        assertThat(acknowledged.get("event").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged.get("detail").asText()).isEqualTo("operator bob: restoring");
        assertThat(acknowledged.get("at").asText()).isEqualTo("2026-01-01T00:22:00Z");
        assertThat(acknowledged.get("node").asText()).isEqualTo(OperatorSession.NODE).startsWith("backup-alarm-cli@");
        assertThat(acknowledged.get("openedAt").asText()).isEqualTo("2026-01-01T00:10:30Z");
        assertThat(acknowledged.get("vault").asText()).isEqualTo("v-db");
        assertThat(items.get(1).get("event").asText()).isEqualTo("FIRED");
        assertThat(items.get(1).get("node").asText()).isEqualTo("node-2");
        assertThat(items.get(2).get("event").asText()).isEqualTo("OPENED");
        assertThat(store.history().alarms(HistoryQuery.builder().instance("i-db1").build()).items())
                .as("in the shared history, not the tool's memory").hasSize(3);

        assertThat(run("history", "alarms", "--event", "acknowledged", "--json").json().get("items")).hasSize(1);
        assertThat(run("history", "alarms", "--instance", "i-01", "--alarm", "BACKUP_FAILED", "--job", "daily",
                "--json").json().get("items")).extracting(e -> e.get("event").asText()).containsExactly("FIRED",
                        "OPENED");
        assertThat(run("history", "alarms", "--vault", "v-db", "--since", "2026-01-01T00:20:00Z",
                "--until", "2026-01-01T00:21:00Z", "--json").json().get("items"))
                .extracting(e -> e.get("event").asText()).containsExactly("FIRED");
        assertThat(run("history", "alarms", "--vault", "v-db", "--since", "PT1M", "--json").json().get("items"))
                .extracting(e -> e.get("event").asText()).containsExactly("ACKNOWLEDGED");
        assertThat(run("history", "alarms", "--account", "acct-1", "--since", "P7D", "--json").json().get("items"))
                .hasSizeGreaterThan(3);
    }

    @Test
    @DisplayName("history pages with --limit and the cursor it prints, newest first, each entry once")
    void historyPaging() {
        aliceScenario();
        List<String> all = new ArrayList<>();
        run("history", "alarms", "--instance", "i-db1", "--json").json().get("items")
                .forEach(e -> all.add(e.get("event").asText()));

        Result first = run("history", "alarms", "--instance", "i-db1", "--limit", "1");
        String last = first.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("more: --cursor ");
        String cursor = last.substring("more: --cursor ".length());
        Result second = run("history", "alarms", "--instance", "i-db1", "--limit", "1", "--cursor", cursor, "--json");

        assertThat(all).containsExactly("FIRED", "OPENED");
        assertThat(first.out().lines().toList()).hasSize(3);
        assertThat(first.out()).contains("FIRED").doesNotContain("OPENED");
        assertThat(second.json().get("items")).extracting(e -> e.get("event").asText()).containsExactly("OPENED");
        assertThat(second.json().get("nextCursor").isNull()).as("the last page").isTrue();
        Result again = run("history", "alarms", "--instance", "i-db1", "--limit", "1", "--cursor", cursor);
        assertThat(again.out()).as("a cursor reads the same page again").doesNotContain("FIRED").contains("OPENED")
                .doesNotContain("more:");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "alarms --address a@example.com|history: --address: filters the delivery history only (history deliveries)",
        "alarms --outcome DEAD|history: --outcome: filters the delivery history only",
        "deliveries --event FIRED|history: --event: filters the alarm history only (history alarms)",
        "deliveries --since yesterday|history: --since 'yesterday': neither an instant (ISO-8601 with an offset",
        "alarms --until 2026-01-01|history: --until '2026-01-01': neither an instant",
        "alarms --since -PT1H|history: --since PT-1H: must be longer than zero",
        "alarms --since 2026-01-02T00:00:00Z --until 2026-01-01T00:00:00Z|history: --since 2026-01-02T00:00:00Z is not"
                + " before --until 2026-01-01T00:00:00Z",
        "alarms --limit 0|history: --limit 0: must be 1 to 1000",
        "alarms --limit 1001|history: --limit 1001: must be 1 to 1000",
        "alarms --limit ten|Invalid value for option '--limit'",
        "alarms --cursor nope|history: --cursor 'nope': not a cursor of this command",
        "alarms --job daily|history: --job daily: give it with --instance and --alarm BACKUP_FAILED",
        "alarms --instance i/1|history: --instance 'i/1': not a valid id",
        "alarms --alarm EXPLODED|Invalid value for option '--alarm'",
        "deliveries --kind LETTER|Invalid value for option '--kind'",
        "everything|Invalid value for positional parameter at index 0",
    })
    @DisplayName("history with a bad option exits 2 naming it, and prints nothing on stdout")
    void historyInvalid(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        List<String> args = new ArrayList<>(List.of("history"));
        args.addAll(List.of(parts[0].split(" ")));

        Result result = run(args.toArray(String[]::new));

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(parts[1]);
    }

    @Test
    @DisplayName("history shows an address that is a URL without what may be its credential")
    void historyUrlAddress() {
        assertThat(Redactor.address("alice@example.com")).isEqualTo("alice@example.com");
        assertThat(Redactor.address("+8613900139001")).isEqualTo("+8613900139001");
        assertThat(Redactor.address("https://oapi.dingtalk.com/robot/send?access_token=abc123"))
                .isEqualTo("https://oapi.dingtalk.com/robot/***?access_token=***");
        assertThat(Redactor.address("https://hooks.slack.com/services/T0/B0/XyZ"))
                .isEqualTo("https://hooks.slack.com/services/T0/B0/***");
        assertThat(Redactor.address("https://hooks.example.com:8443/")).isEqualTo("https://hooks.example.com:8443/");
        assertThat(Redactor.address("https://bad host/x?k=v")).isEqualTo("https://***");
    }

    // ---- connection, credentials, help ----

    @Test
    @DisplayName("a database that cannot be reached exits 1 with a clear message, the password masked")
    void cannotConnect() {
        Result result = runExactly("alarms", "--jdbc",
                "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=5&user=ops&password=" + PASSWORD);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("alarms: cannot connect to jdbc:postgresql://127.0.0.1:1/nothing"
                + "?connectTimeout=5&user=ops&password=***: Connection to 127.0.0.1:1 refused.").hasLineCount(1);
    }

    @Test
    @DisplayName("a database without the backup-alarm tables exits 1 and says so")
    void noSchema() {
        Database empty = newDatabase();

        Result result = runExactly("alarms", "--jdbc", empty.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("alarms: the database failed: ").contains("backup-alarm tables are missing")
                .hasLineCount(1);
    }

    @Test
    @DisplayName("a JDBC URL of another database, or none, is a usage error")
    void badUrl() {
        Result other = runExactly("alarms", "--jdbc", "jdbc:mysql://db/x?password=" + PASSWORD);
        Result none = runExactly("alarms");

        assertThat(other.status()).isEqualTo(2);
        assertThat(other.err()).isEqualTo("alarms: --jdbc jdbc:mysql://db/x?password=***: not a JDBC URL of PostgreSQL"
                + " or H2 (expected jdbc:postgresql://HOST:PORT/DATABASE or jdbc:h2:...)\n");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required option: '--jdbc=URL'");
    }

    @Test
    @DisplayName("--credentials reads user and password from a private properties file")
    void credentialsFile(@TempDir Path dir) throws IOException {
        variables.clear();
        Path file = dir.resolve("db.properties");
        Files.writeString(file, (user() == null ? "" : "user=" + user() + "\n") + "password=" + PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Result result = run("alarms", "--credentials", file.toString());

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("CLIENT_DISCONNECTED");
    }

    @Test
    @DisplayName("a credentials file readable by every user, missing, or with an unknown key, exits 2 naming it")
    void credentialsFileRefused(@TempDir Path dir) throws IOException {
        Path open = dir.resolve("open.properties");
        Files.writeString(open, "password=" + PASSWORD + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "pasword=" + PASSWORD + "\n");
        Files.setPosixFilePermissions(typo, PosixFilePermissions.fromString("rw-------"));

        Result readable = run("alarms", "--credentials", open.toString());
        Result missing = run("alarms", "--credentials", dir.resolve("nope").toString());
        Result unknown = run("alarms", "--credentials", typo.toString());

        assertThat(readable.status()).isEqualTo(2);
        assertThat(readable.err()).isEqualTo("--credentials " + open + ": readable by every user (rw-r--r--);"
                + " it holds a password: make it private (chmod 600) and try again\n");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("--credentials " + dir.resolve("nope") + ": file not found\n");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown key 'pasword' (expected user and password)");
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"alarms", "dead-letters", "redrive", "silence", "silence add", "silence list",
        "silence expire", "ack", "test", "history"})
    @DisplayName("every operator command has --help, which shows the credentials' variables and no secret")
    void help(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        Result result = runExactly(args.toArray(String[]::new));

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("Usage: backup-alarm " + command);
        if (!command.equals("silence")) {
            assertThat(result.out()).contains("--jdbc=URL", "--credentials=FILE", StoreOptions.PASSWORD_VARIABLE,
                    "--json");
        }
    }
}
