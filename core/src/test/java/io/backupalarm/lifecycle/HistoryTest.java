package io.backupalarm.lifecycle;

import static io.backupalarm.testsupport.ManualEngine.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.delivery.Notification;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.AlarmHistoryEntry.Event;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.DeliveryRecord.Outcome;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.verification.VerificationService;
import io.backupalarm.verification.VerificationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the engine records in its history: the transitions of alarms and every delivery attempt. */
final class HistoryTest {

    private static final AlarmKey DB_DISCONNECTED = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-db1", null);
    private static final AlarmKey WEB_FAILED = new AlarmKey(AlarmType.BACKUP_FAILED, "i-web1", "daily");
    private static final String OWNER = Fixtures.OWNER_EMAIL;

    private final List<ManualEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(ManualEngine::close);
    }

    private ManualEngine engine(AlarmSettings settings) {
        ManualEngine kit = ManualEngine.start(Fixtures.configuration(),
                builder -> builder.settings(settings).node("node-a"));
        engines.add(kit);
        return kit;
    }

    private static Instant at(Duration after) {
        return T0.plus(after);
    }

    /** The history of a query in the order it happened: "EVENT detail @ minutes". */
    private static List<String> timeline(AlarmEngine engine, HistoryQuery query) {
        List<String> lines = new ArrayList<>();
        for (AlarmHistoryEntry e : engine.alarmHistory(query).items()) {
            lines.add(0, e.event() + " " + e.detail() + " @" + Duration.between(T0, e.at()).toMinutes());
        }
        return lines;
    }

    @Test
    @DisplayName("a timeline (opened, counted, fired, held by a silence, released, repeated, acknowledged, resolved) is recorded exactly, after the alarm closed")
    void alarmTimeline() {
        ManualEngine kit = engine(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofHours(1))
                .build());
        kit.engine().createSilence(Silence.of("s-1", "acct-1", new AlarmMatcher(null, "i-db1", null), T0,
                at(Duration.ofHours(3)), "Alice", "planned work"));
        kit.disconnect("i-db1").advance(Duration.ofMinutes(30)).disconnect("i-db1");
        kit.advance(Duration.ofMinutes(240));
        kit.engine().acknowledge(DB_DISCONNECTED, "alice", "on it");
        kit.advance(Duration.ofMinutes(90)).connect("i-db1");
        kit.backupFailed("i-web1", "daily", "disk full").advance(Duration.ofMinutes(10))
                .backupSucceeded("i-web1", "daily");

        assertThat(kit.engine().openAlarms()).isEmpty();
        assertThat(timeline(kit.engine(), HistoryQuery.builder().alarm(DB_DISCONNECTED).build())).containsExactly(
                "OPENED event CLIENT_DISCONNECTED @0",
                "COUNTED event CLIENT_DISCONNECTED (occurrence 2) @30",
                "FIRED grace period ended @60",
                "HELD silence s-1 @60",
                "RELEASED hold ended; 2 recipient(s) @180",
                "REPEATED repeat 1; 2 recipient(s) @240",
                "ACKNOWLEDGED operator alice: on it @270",
                "RESOLVED event CLIENT_CONNECTED @360");
        assertThat(timeline(kit.engine(), HistoryQuery.builder().alarm(WEB_FAILED).build())).containsExactly(
                "OPENED event BACKUP_FAILED: disk full @360",
                "CANCELLED event BACKUP_SUCCEEDED @370");
        List<AlarmHistoryEntry> all = kit.engine().alarmHistory(HistoryQuery.builder().build()).items();
        assertThat(all).hasSize(10).allSatisfy(e -> {
            assertThat(e.node()).isEqualTo("node-a");
            assertThat(e.account()).isEqualTo("acct-1");
            assertThat(e.vault()).isEqualTo("v-prod");
        });
        assertThat(all).filteredOn(e -> e.instance().equals("i-db1")).extracting(AlarmHistoryEntry::openedAt)
                .containsOnly(T0);
        assertThat(kit.engine().alarmHistory(HistoryQuery.builder().account("acct-1").event(Event.HELD).build())
                .items()).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo(DB_DISCONNECTED));
    }

    @Test
    @DisplayName("a backup failure held back by its client's disconnect says so, and is released when the client connects")
    void inhibited() {
        ManualEngine kit = engine(AlarmSettings.custom().groupWait(Duration.ZERO)
                .inhibitBackupFailuresWhileDisconnected(true).build());
        kit.disconnect("i-web1").backupFailed("i-web1", "daily", "no client").advance(Duration.ofHours(2))
                .connect("i-web1");
        assertThat(timeline(kit.engine(), HistoryQuery.builder().alarm(WEB_FAILED).build())).containsExactly(
                "OPENED event BACKUP_FAILED: no client @0",
                "FIRED grace period ended @60",
                "HELD inhibited: client disconnected @60",
                "RELEASED hold ended; 3 recipient(s) @120");
    }

    @Test
    @DisplayName("a delivery that fails twice, then succeeds, has three attempts with their outcomes, errors and receipt")
    void retriedDelivery() {
        ManualEngine kit = engine(AlarmSettings.custom().groupWait(Duration.ZERO).build());
        kit.email().failTemporarily(2);
        kit.disconnect("i-db1").advance(Duration.ofHours(1)).advance(Duration.ofMinutes(1));

        List<DeliveryRecord> attempts = kit.engine().deliveryHistory(HistoryQuery.builder().address(OWNER).build())
                .items();
        assertThat(attempts).extracting(DeliveryRecord::attempt, DeliveryRecord::outcome, DeliveryRecord::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, Outcome.DELIVERED, null),
                        org.assertj.core.groups.Tuple.tuple(2, Outcome.FAILED, "temporary failure 2"),
                        org.assertj.core.groups.Tuple.tuple(1, Outcome.FAILED, "temporary failure 1"));
        assertThat(attempts).extracting(DeliveryRecord::at).containsExactly(at(Duration.ofSeconds(3630)),
                at(Duration.ofSeconds(3610)), at(Duration.ofSeconds(3600)));
        Notification sent = kit.engine().notification(attempts.get(0).notificationKey()).orElseThrow();
        assertThat(attempts.get(0).receipt()).isNotNull().isEqualTo(sent.receipt());
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(OutboundMessage.Kind.FIRING);
            assertThat(r.channel()).isEqualTo(Channel.EMAIL);
            assertThat(r.account()).isEqualTo("acct-1");
            assertThat(r.instance()).isEqualTo("i-db1");
            assertThat(r.type()).isEqualTo(AlarmType.CLIENT_DISCONNECTED);
            assertThat(r.node()).isEqualTo("node-a");
            assertThat(r.duration().isNegative()).isFalse();
            assertThat(r.notificationKey()).isEqualTo(sent.key());
        });
        assertThat(kit.engine().deliveryHistory(HistoryQuery.builder().channel(Channel.SMS).build()).items())
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED));
    }

    @Test
    @DisplayName("a dead letter is recorded as DEAD with its reason")
    void deadLetter() {
        ManualEngine kit = engine(AlarmSettings.custom().groupWait(Duration.ZERO).build());
        kit.email().answer(DeliveryResult.permanentFailure("mailbox unknown"));
        kit.disconnect("i-db1").advance(Duration.ofHours(1));
        assertThat(kit.engine().deadLetters()).hasSize(1);
        assertThat(kit.engine().deliveryHistory(HistoryQuery.builder().outcome(Outcome.DEAD).build()).items())
                .singleElement().satisfies(r -> {
                    assertThat(r.address()).isEqualTo(OWNER);
                    assertThat(r.error()).isEqualTo("mailbox unknown");
                    assertThat(r.attempt()).isEqualTo(1);
                    assertThat(r.receipt()).isNull();
                });
    }

    @Test
    @DisplayName("a test notification is recorded as a delivery of kind TEST")
    void testNotification() {
        ManualEngine kit = engine(AlarmSettings.custom().groupWait(Duration.ZERO).build());
        kit.engine().sendTest(new TestTarget.Instance("i-db1"));
        assertThat(kit.engine().deliveryHistory(HistoryQuery.builder().kind(OutboundMessage.Kind.TEST).build())
                .items()).hasSize(2).allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
                    assertThat(r.instance()).isEqualTo("i-db1");
                    assertThat(r.type()).isNull();
                });
        assertThat(kit.engine().alarmHistory(HistoryQuery.builder().build()).items()).isEmpty();
    }

    @Test
    @DisplayName("a verification send is recorded, each attempt, without the code, even when the provider echoes it")
    void verificationSend() {
        ManualClock clock = new ManualClock(T0);
        ConfigurationStore configuration = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        admin.createAccount(new Account("acct", EmailAddress.of("owner@example.com"), null));
        admin.createContact(Contact.unverified("alice", "acct", "Alice", EmailAddress.of("alice@example.com"), null));
        List<OutboundMessage> sent = new ArrayList<>();
        Channel echoing = new Channel() {
            @Override
            public String name() {
                return Channel.EMAIL;
            }

            @Override
            public synchronized DeliveryResult send(OutboundMessage message) {
                sent.add(message);
                String code = message.data().get(OutboundMessage.DataKeys.CODE);
                return sent.size() == 1 ? DeliveryResult.temporaryFailure("relay refused 'Your code is " + code + "'")
                        : DeliveryResult.delivered("queued as " + message.idempotencyKey());
            }
        };
        HistoryStore history = HistoryStore.inMemory();
        VerificationService service = VerificationService.builder().configuration(configuration).clock(clock)
                .settings(VerificationSettings.custom().sendAttempts(3).sendRetryWait(Duration.ZERO).build())
                .channel(echoing).history(history).node("node-v").build();
        assertThat(service.start("alice", Channel.EMAIL).delivered()).isTrue();
        String code = sent.get(1).data().get(OutboundMessage.DataKeys.CODE);
        assertThat(code).isNotBlank();

        List<DeliveryRecord> records = history.deliveries(HistoryQuery.builder().build()).items();
        assertThat(records).extracting(DeliveryRecord::attempt, DeliveryRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Outcome.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple(1, Outcome.FAILED));
        assertThat(records.get(1).error()).isEqualTo("relay refused 'Your code is [code]'");
        assertThat(records.get(0).receipt()).isEqualTo("queued as " + sent.get(1).idempotencyKey());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(OutboundMessage.Kind.VERIFICATION_CODE);
            assertThat(r.address()).isEqualTo("alice@example.com");
            assertThat(r.account()).isEqualTo("acct");
            assertThat(r.node()).isEqualTo("node-v");
            assertThat(r.toString()).doesNotContain(code);
        });
        assertThat(records.get(0).notificationKey()).isEqualTo(records.get(1).notificationKey())
                .isEqualTo(sent.get(1).idempotencyKey());
    }

    @Test
    @DisplayName("history is kept for its retention, then purged by time range; HistoryStore.none() keeps nothing")
    void retention() {
        ManualEngine kit = ManualEngine.start(Fixtures.configuration(), builder -> builder
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).build()).historyRetention(Duration.ofDays(2)));
        engines.add(kit);
        kit.disconnect("i-db1").advance(Duration.ofDays(1));
        kit.connect("i-db1");
        assertThat(kit.engine().purgeHistory()).isZero();
        kit.clock().set(at(Duration.ofDays(2).plusMinutes(61)));
        // OPENED at 0 and FIRED at 60 minutes, and the two deliveries at 60 minutes, are older than two days now
        assertThat(kit.engine().purgeHistory()).isEqualTo(4);
        assertThat(timeline(kit.engine(), HistoryQuery.builder().build()))
                .containsExactly("RESOLVED event CLIENT_CONNECTED @1440");

        ManualEngine off = ManualEngine.start(Fixtures.configuration(), builder -> builder
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).build()).history(HistoryStore.none()));
        engines.add(off);
        off.disconnect("i-db1").advance(Duration.ofHours(2));
        assertThat(off.deliveries()).hasSize(2);
        assertThat(off.engine().alarmHistory(HistoryQuery.builder().build()).items()).isEmpty();
        assertThat(off.engine().deliveryHistory(HistoryQuery.builder().build()).items()).isEmpty();
    }

    @Test
    @DisplayName("a retention out of range, a blank node, a filter of the other history and a forged cursor are refused")
    void badInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> AlarmEngine.builder().historyRetention(Duration.ofHours(23)))
                .withMessageContaining("historyRetention");
        assertThatIllegalArgumentException().isThrownBy(() -> AlarmEngine.builder().historyRetention(Duration.ofDays(3651)))
                .withMessageContaining("historyRetention");
        assertThatIllegalArgumentException().isThrownBy(() -> AlarmEngine.builder().node(" "))
                .withMessageContaining("node");
        ManualEngine kit = engine(AlarmSettings.ofDefaults());
        assertThatIllegalArgumentException().isThrownBy(() -> kit.engine().alarmHistory(
                HistoryQuery.builder().outcome(Outcome.DEAD).build())).withMessageContaining("outcome");
        assertThatIllegalArgumentException().isThrownBy(() -> HistoryQuery.builder().after("not-a-cursor"))
                .withMessageContaining("cursor");
        assertThatIllegalArgumentException().isThrownBy(() -> HistoryQuery.builder().limit(0))
                .withMessageContaining("limit");
        assertThatIllegalArgumentException().isThrownBy(() -> HistoryQuery.builder().from(T0).until(T0))
                .withMessageContaining("range");
        assertThatIllegalArgumentException().isThrownBy(() -> HistoryQuery.builder().instance("i-1")
                .alarm(DB_DISCONNECTED)).withMessageContaining("instance");
    }
}
