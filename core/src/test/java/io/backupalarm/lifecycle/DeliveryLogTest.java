package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ForwardingAlarmStore;
import io.backupalarm.testsupport.ForwardingOutbox;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestLog;
import io.backupalarm.text.LogContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the engine logs about deliveries, and the MDC keys around its work (docs/operations.md, "Logs"). */
final class DeliveryLogTest {

    private static final String ALICE_EMAIL = "alice@example.com";
    private static final String ALICE_MOBILE = "+8613900139000";
    private static final String TOKEN = "tok-SECRET-123";
    private static final String HOOK = "https://hooks.example.com/robot/send?access_token=" + TOKEN;

    /** A channel that keeps the MDC it sees while it sends, and answers from a script (delivered when empty). */
    private static final class MdcChannel implements Channel {
        final String name;
        final List<Map<String, String>> seen = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<DeliveryResult> script = new ArrayList<>();
        RuntimeException failure;

        MdcChannel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized DeliveryResult send(OutboundMessage message) {
            Map<String, String> copy = MDC.getCopyOfContextMap();
            seen.add(copy == null ? Map.of() : copy);
            keys.add(message.idempotencyKey());
            if (failure != null) {
                throw failure;
            }
            return script.isEmpty() ? DeliveryResult.delivered(name + "-receipt") : script.remove(0);
        }
    }

    /** Alice (email and SMS) and a webhook robot, told of i-web1. */
    static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .contact(Contact.verified("c-alice", "acct-1", "Alice", EmailAddress.of(ALICE_EMAIL),
                        MobileNumber.of(ALICE_MOBILE)))
                .contact(Contact.verified("c-hook", "acct-1", "Robot", null, null,
                        List.of(ContactAddress.verified(Channel.WEBHOOK, HOOK, null))))
                .vault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice", "c-hook"), List.of())))
                .instance(new Instance("i-web1", "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT))
                .build();
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    @DisplayName("each delivery outcome is one line: alarm, kind, channel, masked address, attempt; no address or token in full")
    void oneLinePerOutcome() {
        MdcChannel webhook = new MdcChannel(Channel.WEBHOOK);
        TestLog log = TestLog.mark();
        try (ManualEngine kit = ManualEngine.start(configuration(), b -> b.channel(webhook))) {
            kit.email().answer(DeliveryResult.temporaryFailure("busy"), DeliveryResult.permanentFailure("mailbox full"));
            kit.disconnect("i-web1").advance(Duration.ofHours(1)).advance(Duration.ofSeconds(10));
            assertThat(kit.engine().deadLetters()).hasSize(1);
        }
        String text = log.since();
        List<String> lines = text.lines().filter(l -> l.contains("Delivery outcome=")).toList();
        String common = "io\\.backupalarm\\.internal\\.Dispatcher - Delivery outcome=%s alarm=CLIENT_DISCONNECTED/i-web1 "
                + "kind=FIRING channel=%s to=%s attempt=%d notification=ba1-[0-9a-f]+%s";
        assertThat(lines).hasSize(4);
        assertThat(lines).anyMatch(matches("INFO " + common.formatted("sent", "sms", "\\+86139\\*\\*\\*\\*9000", 1, "")));
        assertThat(lines).anyMatch(matches("INFO " + common.formatted("sent", "webhook",
                "https://hooks\\.example\\.com/\\*\\*\\*", 1, "")));
        assertThat(lines).anyMatch(matches("INFO " + common.formatted("retry", "email", "a\\*\\*\\*@example\\.com", 1,
                " next=2026-01-01T01:00:10Z maxAttempts=\\d+ reason=busy")));
        assertThat(lines).anyMatch(matches("WARN " + common.formatted("dead", "email", "a\\*\\*\\*@example\\.com", 2,
                " reason=mailbox full")));
        assertThat(text).doesNotContain(ALICE_EMAIL, ALICE_MOBILE, TOKEN, "hooks.example.com/robot");
    }

    private static java.util.function.Predicate<String> matches(String regex) {
        Pattern pattern = Pattern.compile(".*" + regex + "$");
        return line -> pattern.matcher(line).matches();
    }

    @Test
    @DisplayName("each send sees the account, instance, alarm and notification in the MDC; afterwards the host's MDC is as it was")
    void mdcAroundSends() {
        MdcChannel webhook = new MdcChannel(Channel.WEBHOOK);
        List<Map<String, String>> saves = new ArrayList<>();
        ForwardingAlarmStore alarms = new ForwardingAlarmStore() {
            @Override
            public void save(OpenAlarm alarm) {
                Map<String, String> copy = MDC.getCopyOfContextMap();
                saves.add(copy == null ? Map.of() : copy);
                super.save(alarm);
            }
        };
        MDC.put("request", "r-1");
        MDC.put(LogContext.ACCOUNT, "host-account");
        try (ManualEngine kit = ManualEngine.start(configuration(), b -> b.channel(webhook).alarmStore(alarms))) {
            kit.disconnect("i-web1");
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request", "r-1", LogContext.ACCOUNT, "host-account"));
            kit.advance(Duration.ofHours(1));
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request", "r-1", LogContext.ACCOUNT, "host-account"));

            // While the event was handled: the alarm and its instance (the account is the host's: not known yet).
            assertThat(saves.get(0)).containsEntry(LogContext.ALARM, "CLIENT_DISCONNECTED/i-web1")
                    .containsEntry(LogContext.INSTANCE, "i-web1").containsEntry(LogContext.ACCOUNT, "host-account")
                    .containsEntry("request", "r-1").doesNotContainKey(LogContext.NOTIFICATION);
            // While it fell due and fired: its account too.
            assertThat(saves.get(1)).containsEntry(LogContext.ALARM, "CLIENT_DISCONNECTED/i-web1")
                    .containsEntry(LogContext.ACCOUNT, "acct-1");
            assertThat(webhook.seen).containsExactly(Map.of("request", "r-1", LogContext.ACCOUNT, "acct-1",
                    LogContext.INSTANCE, "i-web1", LogContext.ALARM, "CLIENT_DISCONNECTED/i-web1",
                    LogContext.NOTIFICATION, webhook.keys.get(0)));
        }
    }

    @Test
    @DisplayName("the MDC is put back when the work fails: a store that fails while an event is handled or an outcome is recorded")
    void mdcRestoredOnFailure() {
        Map<String, String> seenAtFailure = new HashMap<>();
        ForwardingAlarmStore alarms = new ForwardingAlarmStore() {
            @Override
            public void save(OpenAlarm alarm) {
                if (alarm.key().instance().equals("i-web1") && alarm.state() == AlarmState.PENDING && seenAtFailure.isEmpty()) {
                    seenAtFailure.putAll(MDC.getCopyOfContextMap());
                    throw new IllegalStateException("alarm store down");
                }
                super.save(alarm);
            }
        };
        ForwardingOutbox outbox = new ForwardingOutbox() {
            @Override
            public void update(Notification n) {
                if (n.status() == Notification.Status.SENT) {
                    throw new IllegalStateException("outbox down");
                }
                super.update(n);
            }
        };
        MDC.put("request", "r-2");
        try (ManualEngine kit = ManualEngine.start(configuration(), b -> b.alarmStore(alarms).outbox(outbox)
                .channel(new MdcChannel(Channel.WEBHOOK)))) {
            assertThatThrownBy(() -> kit.disconnect("i-web1")).hasMessageContaining("alarm store down");
            assertThat(seenAtFailure).containsEntry(LogContext.ALARM, "CLIENT_DISCONNECTED/i-web1");
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request", "r-2"));

            TestLog log = TestLog.mark();
            kit.disconnect("i-web1").advance(Duration.ofHours(1));
            assertThat(log.since()).contains("could not be recorded; it stays in the outbox");
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request", "r-2"));
        }
    }
}
