package io.backupalarm.lifecycle;

import static io.backupalarm.testsupport.ManualEngine.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.quiet.TestNotification;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Grouping and test notifications: what falls due for one recipient within the group wait goes out
 * as one message; a test is its own message, at once. Also the storm: thousands of clients
 * disconnect within seconds, and each recipient gets one message per channel.
 */
final class GroupingTest {

    private ManualEngine kit = ManualEngine.start(Fixtures.configuration(),
            builder -> builder.settings(AlarmSettings.ofDefaults()));

    @AfterEach
    void close() {
        kit.close();
    }

    private Notification stored(TestChannel.Call call) {
        return kit.engine().notification(call.message().idempotencyKey()).orElseThrow();
    }

    @Nested
    @DisplayName("grouping")
    final class Grouping {

        @Test
        @DisplayName("alarms falling due within the group wait reach each recipient as one message, sent when the wait ends")
        void oneMessagePerRecipient() {
            kit.disconnect("i-db1").advance(Duration.ofSeconds(10)).disconnect("i-web1")
                    .backupFailed("i-db1", "daily", "disk full").advance(Duration.ofHours(2));
            // i-db1 (DEFAULT: owner) fires at 01:00:00 and its failure at 01:00:10 is inhibited;
            // i-web1 (alice, bob) fires at 01:00:10: every recipient has one message.
            assertThat(kit.told()).doesNotHaveDuplicates().hasSize(5);
            assertThat(kit.deliveries()).allSatisfy(call -> {
                Notification message = stored(call);
                assertThat(call.at()).isEqualTo(message.sendsAt());
                assertThat(message.items()).hasSize(1);
            });
            assertThat(kit.deliveries()).filteredOn(c -> c.message().address().startsWith("owner"))
                    .extracting(TestChannel.Call::at).containsOnly(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        }

        @Test
        @DisplayName("a group lists every notification with its own kind; what falls due at the sending instant opens the next group")
        void groupBoundaries() {
            kit.close();
            kit = ManualEngine.start(Fixtures.configuration(), builder -> builder.settings(AlarmSettings.custom()
                    .disconnectGracePeriod(Duration.ZERO).backupFailureGracePeriod(Duration.ZERO)
                    .inhibitBackupFailuresWhileDisconnected(false).notifyOnResolved(true).build()));
            kit.disconnect("i-db1").advance(Duration.ofSeconds(5)).backupFailed("i-db1", null, "x")
                    .advance(Duration.ofSeconds(5)).connect("i-db1").advance(Duration.ofSeconds(20))
                    .backupFailed("i-db1", "weekly", "y").advance(Duration.ofMinutes(5));
            List<Notification> toOwner = kit.email().deliveries().stream().map(GroupingTest.this::stored).toList();
            assertThat(toOwner).hasSize(2);
            assertThat(toOwner.get(0).sendsAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(toOwner.get(0).items()).extracting(i -> i.kind() + " " + i.alarm() + " " + i.at())
                    .containsExactly("FIRING CLIENT_DISCONNECTED " + T0, "FIRING BACKUP_FAILED " + T0.plusSeconds(5),
                            "RESOLVED CLIENT_DISCONNECTED " + T0.plusSeconds(10));
            assertThat(toOwner.get(0).message().kind()).isEqualTo(OutboundMessage.Kind.GROUPED);
            assertThat(toOwner.get(0).message().data()).containsEntry(OutboundMessage.DataKeys.COUNT, "3");
            assertThat(toOwner.get(1).items()).extracting(NotificationItem::job).containsExactly("weekly");
            assertThat(toOwner.get(1).sendsAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(kit.email().deliveries().get(0).message().text()).contains("i-db1");
        }

        @Test
        @DisplayName("a group wait of zero sends every notification alone, the instant it falls due")
        void zeroWait() {
            kit.close();
            kit = ManualEngine.start(Fixtures.configuration(),
                    builder -> builder.settings(AlarmSettings.custom().groupWait(Duration.ZERO).build()));
            kit.disconnect("i-db1").disconnect("i-web1").advance(Duration.ofHours(2));
            assertThat(kit.deliveries()).hasSize(5).allSatisfy(c -> {
                assertThat(c.at()).isEqualTo(T0.plus(Duration.ofHours(1)));
                assertThat(stored(c).collectsUntil()).isNull();
            });
        }

        @Test
        @DisplayName("a grouped message is retried as a whole, under one key")
        void retriedAsOne() {
            kit.close();
            kit = ManualEngine.start(Fixtures.configuration(), builder -> builder.settings(AlarmSettings.custom()
                    .inhibitBackupFailuresWhileDisconnected(false).build()));
            kit.email().failTemporarily(1);
            kit.disconnect("i-db1").backupFailed("i-db1", "daily", "x").advance(Duration.ofHours(2));
            assertThat(kit.email().calls()).hasSize(2).extracting(c -> c.message().idempotencyKey()).containsOnly(
                    kit.email().calls().get(0).message().idempotencyKey());
            assertThat(kit.email().calls()).allSatisfy(c ->
                    assertThat(c.message().data()).containsEntry(OutboundMessage.DataKeys.COUNT, "2"));
            assertThat(kit.email().deliveries()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("test notifications")
    final class Tests {

        @Test
        @DisplayName("a test reaches an instance's recipients at once, one message each, and its result can be read back")
        void toAnInstance() {
            TestNotification test = kit.engine().sendTest(TestTarget.instance("i-web1"));
            assertThat(test.messages()).extracting(m -> m.recipient().channel() + ":" + m.recipient().address())
                    .containsExactlyInAnyOrder("email:alice@example.com", "sms:+8613900139000", "email:bob@example.com");
            assertThat(kit.deliveries()).hasSize(3).allSatisfy(c -> {
                assertThat(c.at()).isEqualTo(T0);
                assertThat(c.message().kind()).isEqualTo(OutboundMessage.Kind.TEST);
                assertThat(c.message().text()).contains("i-web1");
            });
            assertThat(test.messages()).allSatisfy(m -> assertThat(kit.engine().notification(m.key()).orElseThrow()
                    .status()).isEqualTo(Notification.Status.SENT));
            TestNotification again = kit.engine().sendTest(TestTarget.instance("i-web1"));
            assertThat(again.messages()).extracting(TestNotification.Message::key)
                    .doesNotContainAnyElementsOf(test.messages().stream().map(TestNotification.Message::key).toList());
            assertThat(kit.deliveries()).hasSize(6);
        }

        @Test
        @DisplayName("a test to a contact reaches its verified addresses; one that reaches nobody sends nothing")
        void toAContact() {
            assertThat(kit.engine().sendTest(TestTarget.contact("c-bob")).messages())
                    .extracting(m -> m.recipient().address()).containsExactly("bob@example.com");
            assertThat(kit.deliveries()).singleElement().satisfies(c ->
                    assertThat(c.message().data()).containsEntry(OutboundMessage.DataKeys.CONTACT, "c-bob"));
            kit.admin().setInstancePolicy("i-db1", InstanceAlarmPolicy.DISABLED);
            TestNotification nobody = kit.engine().sendTest(TestTarget.instance("i-db1"));
            assertThat(nobody.reachesNobody()).isTrue();
            assertThat(kit.deliveries()).hasSize(1);
            assertThatThrownBy(() -> kit.engine().sendTest(TestTarget.contact("c-none")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("c-none");
            assertThatThrownBy(() -> kit.engine().sendTest(TestTarget.instance("i-none")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("i-none");
        }

        @Test
        @DisplayName("a test is never grouped nor held back")
        void neverGroupedNorHeld() {
            kit.disconnect("i-db1").advance(Duration.ofHours(1)); // the owner's group collects until 01:00:30
            kit.engine().createSilence(io.backupalarm.quiet.Silence.of("s-1", "acct-1",
                    io.backupalarm.config.AlarmMatcher.ANY, kit.clock().instant(), T0.plus(Duration.ofDays(1)), null, null));
            kit.engine().sendTest(TestTarget.instance("i-db1"));
            assertThat(kit.deliveries()).extracting(c -> c.message().kind()).containsOnly(OutboundMessage.Kind.TEST);
            kit.advance(Duration.ofMinutes(1));
            assertThat(kit.deliveries()).hasSize(4);
        }
    }

    @Nested
    @DisplayName("a storm")
    final class Storm {

        @Test
        @DisplayName("10,000 clients disconnect within 20 seconds: each recipient gets one message per channel")
        void tenThousandClients() {
            Configuration.Builder configuration = Configuration.builder()
                    .account(new Account("acct-1", EmailAddress.of("owner@example.com"),
                            MobileNumber.of("+8613800138000")))
                    .contact(Contact.verified("c-ops", "acct-1", "Ops", EmailAddress.of("ops@example.com"), null))
                    .vault(new Vault("v-1", "acct-1", VaultAlarmPolicy.DEFAULT))
                    .vault(new Vault("v-2", "acct-1", VaultAlarmPolicy.customized(List.of("c-ops"), List.of())));
            for (int i = 0; i < 10_000; i++) {
                configuration.instance(new Instance("i-" + i, i % 2 == 0 ? "v-1" : "v-2", InstanceAlarmPolicy.SAME_AS_VAULT));
            }
            kit.close();
            kit = ManualEngine.start(configuration.build(), builder -> builder.settings(AlarmSettings.ofDefaults()));
            for (int i = 0; i < 10_000; i++) {
                kit.clock().set(T0.plusMillis(i * 2L)); // 10,000 within 20 seconds
                kit.disconnect("i-" + i);
            }
            kit.advance(Duration.ofHours(2));
            Map<String, Integer> messages = kit.deliveries().stream().collect(Collectors.groupingBy(
                    c -> c.message().channel() + ":" + c.message().address(), TreeMap::new,
                    Collectors.summingInt(c -> 1)));
            Map<String, Integer> items = kit.deliveries().stream().collect(Collectors.groupingBy(
                    c -> c.message().channel() + ":" + c.message().address(), TreeMap::new,
                    Collectors.summingInt(c -> stored(c).items().size())));
            assertThat(messages).containsExactlyEntriesOf(new TreeMap<>(Map.of("email:owner@example.com", 1,
                    "sms:+8613800138000", 1, "email:ops@example.com", 1)));
            assertThat(items).containsExactlyEntriesOf(new TreeMap<>(Map.of("email:owner@example.com", 5_000,
                    "sms:+8613800138000", 5_000, "email:ops@example.com", 5_000)));
            assertThat(kit.sms().deliveries()).singleElement().satisfies(c -> assertThat(c.message().text())
                    .contains("5000"));
            Instant sent = kit.deliveries().get(0).at();
            assertThat(sent).isEqualTo(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        }
    }
}
