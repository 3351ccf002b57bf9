package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The engine renders grouped and test messages with their HTML")
final class GroupedDeliveryTest {

    /** The engine's defaults: grouping for 30 seconds (the test kit's engine groups nothing unless asked). */
    private static final java.util.function.Consumer<io.backupalarm.lifecycle.AlarmEngine.Builder> GROUPED =
            builder -> builder.settings(io.backupalarm.lifecycle.AlarmSettings.ofDefaults());

    private static Configuration configuration(Locale locale) {
        Configuration.Builder builder = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null,
                        ZoneId.of("Asia/Shanghai"), locale))
                .contact(Contact.verified("c-alice", "acct-1", "Alice", EmailAddress.of("alice@example.com"),
                        MobileNumber.of("+8613900139000")))
                .vault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        for (int i = 1; i <= 5; i++) {
            builder.instance(new Instance("i-web" + i, "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
        return builder.build();
    }

    private static List<OutboundMessage> sent(TestChannel channel) {
        return channel.deliveries().stream().map(TestChannel.Call::message).toList();
    }

    @Test
    @DisplayName("five clients disconnecting within the group wait make one email with an HTML table and one SMS")
    void outage() {
        try (ManualEngine engine = ManualEngine.start(configuration(Locale.ENGLISH), GROUPED)) {
            for (int i = 1; i <= 5; i++) {
                engine.disconnect("i-web" + i).advance(Duration.ofSeconds(5));
            }
            // The first alarm fires at T0 + 1 h and opens the group; the others join it until T0 + 1 h 30 s.
            engine.advance(Duration.ofHours(1));
            assertThat(sent(engine.email())).isEmpty();
            engine.advance(Duration.ofSeconds(5));

            assertThat(sent(engine.email())).singleElement().satisfies(email -> {
                assertThat(email.kind()).isEqualTo(OutboundMessage.Kind.GROUPED);
                assertThat(email.subject()).isEqualTo("[Backup alarm] 5 notifications (disconnected: 5)");
                assertThat(email.text()).contains("- Alarm: Client disconnected on i-web1 (vault v-prod), "
                        + "since 2026-01-01 08:00 UTC+08:00, occurrences: 1", "i-web5", "Account: acct-1");
                assertThat(GroupedMessageTemplatesTest.rows(email.html())).isEqualTo(5);
                assertThat(email.data()).containsEntry(OutboundMessage.DataKeys.COUNT, "5");
            });
            assertThat(sent(engine.sms())).singleElement().satisfies(sms -> {
                assertThat(sms.kind()).isEqualTo(OutboundMessage.Kind.GROUPED);
                assertThat(sms.text()).isEqualTo("Backup alarm: 5 notifications (disconnected: 5) "
                        + "for clients i-web1, i-web2, i-web3, i-web4, i-web5.");
                assertThat(sms.html()).isNull();
            });
        }
    }

    @Test
    @DisplayName("a sent group stays in the in-memory outbox with its text and every notification, without its HTML")
    void sentGroupIsKeptWithoutHtml() {
        try (ManualEngine engine = ManualEngine.start(configuration(Locale.ENGLISH), GROUPED)) {
            for (int i = 1; i <= 5; i++) {
                engine.disconnect("i-web" + i).advance(Duration.ofSeconds(5));
            }
            engine.advance(Duration.ofHours(1)).advance(Duration.ofSeconds(5)); // the group's wait is over

            OutboundMessage email = sent(engine.email()).get(0);
            assertThat(email.html()).isNotNull();
            Notification kept = engine.engine().notification(email.idempotencyKey()).orElseThrow();
            assertThat(kept.status()).isEqualTo(Notification.Status.SENT);
            assertThat(kept.message().html()).isNull();
            assertThat(kept.message().text()).isEqualTo(email.text());
            assertThat(kept.message().subject()).isEqualTo(email.subject());
            assertThat(kept.items()).hasSize(5);
        }
    }

    @Test
    @DisplayName("a retried group is sent again with its HTML, under the same idempotency key, from an outbox without HTML")
    void retriedGroupKeepsItsHtml() {
        // The in-memory outbox keeps no HTML, as a database outbox with no column for it.
        try (ManualEngine engine = ManualEngine.start(configuration(Locale.SIMPLIFIED_CHINESE), GROUPED)) {
            engine.email().failTemporarily(1);
            engine.disconnect("i-web1").disconnect("i-web2").advance(Duration.ofHours(1)).advance(Duration.ofMinutes(1));

            List<TestChannel.Call> calls = engine.email().calls();
            assertThat(calls).hasSize(2);
            assertThat(calls.get(1).delivered()).isTrue();
            assertThat(calls.get(1).message().idempotencyKey()).isEqualTo(calls.get(0).message().idempotencyKey());
            assertThat(calls.get(1).message().html()).isEqualTo(calls.get(0).message().html())
                    .contains("<html lang=\"zh-CN\">", ">客户端<");
            assertThat(calls.get(1).message().subject()).isEqualTo("【备份告警】2 条通知（断开连接2个）");
        }
    }

    @Test
    @DisplayName("a test notification reaches every recipient of an instance at once, in its own message")
    void testNotification() {
        try (ManualEngine engine = ManualEngine.start(configuration(Locale.ENGLISH), GROUPED)) {
            engine.engine().sendTest(TestTarget.instance("i-web3"));
            engine.advance(Duration.ZERO);

            assertThat(sent(engine.email())).singleElement().satisfies(email -> {
                assertThat(email.kind()).isEqualTo(OutboundMessage.Kind.TEST);
                assertThat(email.subject()).isEqualTo("[Backup alarm] Test notification for backup client i-web3");
                assertThat(email.text()).startsWith("This is a test notification from backup alarm for backup client "
                        + "i-web3 (vault v-prod). It needs no action");
                assertThat(email.html()).isNull();
            });
            assertThat(sent(engine.sms())).singleElement().extracting(OutboundMessage::text)
                    .isEqualTo("Backup alarm test for client i-web3: alarms reach you at this number. No action needed.");
            assertThat(engine.sms().deliveries().get(0).message().channel()).isEqualTo(Channel.SMS);
        }
    }
}
