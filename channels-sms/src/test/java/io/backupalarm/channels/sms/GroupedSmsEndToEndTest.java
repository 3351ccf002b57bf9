package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.SmsSegmentCounter;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("End to end: a recipient's phone during an outage, and a test notification")
final class GroupedSmsEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String MOBILE = "+8613900139000";
    private static final int CLIENTS = 60;

    private final ManualClock clock = new ManualClock(T0);
    private final ConfigurationStore store = ConfigurationStore.inMemory();
    private AutoCloseable server;

    private void configure(Locale locale) {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null, null, locale));
        admin.importContact(Contact.verified("c-alice", "acct-1", "Alice", null, MobileNumber.of(MOBILE)));
        admin.createVault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        for (int i = 1; i <= CLIENTS; i++) {
            admin.createInstance(new Instance(client(i), "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
    }

    private static String client(int i) {
        return String.format("i-0123456789abcdef%03d", i);
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private FakeWebhookReceiver webhook() throws Exception {
        FakeWebhookReceiver receiver = new FakeWebhookReceiver(clock);
        server = receiver;
        return receiver;
    }

    private Channel webhookChannel(FakeWebhookReceiver receiver) {
        return SmsChannel.of(SmsGateways.webhook(WebhookSmsSettings.custom()
                .url(receiver.url()).secret(FakeWebhookReceiver.SECRET)
                .transport(HttpTransport.custom().clock(clock).build()).build()));
    }

    /** Every client disconnects within ten seconds; the alarms fire an hour later, within one group wait. */
    private void outage(Channel channel, Runnable nothingYet) {
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(channel).build()) {
            for (int i = 1; i <= CLIENTS; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(client(i), clock.instant()));
                ManualTime.of(engine).advanceTo(clock.instant().plusMillis(150));
            }
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plusSeconds(29));
            nothingYet.run();
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        }
    }

    @Test
    @DisplayName("sixty clients disconnecting together make one signed text naming the count and the first clients")
    void oneTextNamesTheCountAndTheFirstClients() throws Exception {
        configure(Locale.ENGLISH);
        FakeWebhookReceiver receiver = webhook();
        outage(webhookChannel(receiver), () -> assertThat(receiver.acceptedBodies()).isEmpty());

        // The receiver accepts only requests whose HMAC signature and timestamp it could check.
        assertThat(receiver.acceptedBodies()).hasSize(1);
        JsonNode sms = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(sms.get("to").asText()).isEqualTo(MOBILE);
        assertThat(sms.get("kind").asText()).isEqualTo("GROUPED");
        assertThat(sms.get("data").get(OutboundMessage.DataKeys.COUNT).asText()).isEqualTo("60");
        String text = sms.get("text").asText();
        assertThat(text).startsWith("Backup alarm: 60 notifications (disconnected: 60) for clients "
                + client(1) + ", " + client(2) + ", " + client(3) + ", ");
        // 62 septets before the first id, 21 per id, 2 per separator, 13 for " and nn more.": 16 ids take
        // 441 septets of the 459 in three parts; a 17th would take 464.
        assertThat(text).endsWith(", " + client(16) + " and 44 more.").hasSize(441);
        assertThat(sms.get("encoding").asText()).isEqualTo("GSM7");
        assertThat(sms.get("segments").asInt()).isEqualTo(3);
        assertThat(SmsSegmentCounter.segments(text)).isEqualTo(3);
    }

    @Test
    @DisplayName("a Chinese account's grouped text is in Chinese and fits three UCS-2 segments")
    void chineseText() throws Exception {
        configure(Locale.SIMPLIFIED_CHINESE);
        FakeWebhookReceiver receiver = webhook();
        outage(webhookChannel(receiver), () -> { });

        assertThat(receiver.acceptedBodies()).hasSize(1);
        JsonNode sms = MAPPER.readTree(receiver.acceptedBodies().get(0));
        String text = sms.get("text").asText();
        assertThat(text).startsWith("【备份告警】60条通知（断开连接60个）：客户端" + client(1) + "、" + client(2) + "、")
                .matches(".*及另外\\d+个。");
        assertThat(sms.get("encoding").asText()).isEqualTo("UCS2");
        assertThat(sms.get("segments").asInt()).isLessThanOrEqualTo(3);
    }

    @Test
    @DisplayName("through Alibaba Cloud, the grouped template gets the count and the first clients that fit a variable")
    void aliyunGroupedTemplate() throws Exception {
        configure(Locale.SIMPLIFIED_CHINESE);
        FakeAliyun aliyun = new FakeAliyun();
        server = aliyun;
        Channel channel = SmsChannel.of(SmsGateways.aliyun(AliyunSmsSettings.custom()
                .accessKeyId(FakeAliyun.KEY_ID).accessKeySecret(FakeAliyun.SECRET).signName("BackupAlarm")
                .templateCode(OutboundMessage.Kind.FIRING, "SMS_1")
                .templateCode(OutboundMessage.Kind.GROUPED, "SMS_6")
                .endpoint(aliyun.endpoint()).transport(HttpTransport.custom().clock(clock).build()).build()));
        outage(channel, () -> assertThat(aliyun.server.received()).isEmpty());

        // FakeAliyun answers OK only to a request whose signature it recomputed.
        LoopbackServer.Received request = aliyun.server.only();
        assertThat(aliyun.acceptedCount(MOBILE, request.form().get("OutId"))).isEqualTo(1);
        assertThat(request.form()).containsEntry("TemplateCode", "SMS_6");
        JsonNode params = MAPPER.readTree(request.form().get("TemplateParam"));
        assertThat(params.get("count").asText()).isEqualTo("60");
        assertThat(params.get("instances").asText()).isEqualTo(client(1));
    }

    @Test
    @DisplayName("a test notification arrives at once as its own text")
    void testNotification() throws Exception {
        configure(Locale.ENGLISH);
        FakeWebhookReceiver receiver = webhook();
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock)
                .channel(webhookChannel(receiver)).build()) {
            engine.sendTest(TestTarget.contact("c-alice"));
            ManualTime.of(engine).advanceTo(clock.instant());
        }
        assertThat(receiver.acceptedBodies()).hasSize(1);
        JsonNode sms = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(sms.get("kind").asText()).isEqualTo("TEST");
        assertThat(sms.get("text").asText())
                .isEqualTo("Backup alarm test: alarms reach you at this number. No action needed.");
        assertThat(sms.get("data")).isNotNull();
        assertThat(MAPPER.convertValue(sms.get("data"), Map.class)).containsEntry("contact", "c-alice");
    }
}
