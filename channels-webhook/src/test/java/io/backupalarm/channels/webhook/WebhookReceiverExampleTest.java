package io.backupalarm.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The receiver example in the documentation accepts what the channel sends, and nothing else")
final class WebhookReceiverExampleTest {

    @Test
    @DisplayName("a request sent during a rotation verifies with the new secret; a changed body or an old timestamp does not")
    void verifies() throws Exception {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");
        try (LoopbackServer server = new LoopbackServer(request -> LoopbackServer.Answer.json(200, "{}"));
             WebhookChannel channel = WebhookChannel.of(WebhookSettings.custom().originOverride(server.baseUrl())
                     .clock(new ManualClock(now)).secrets(SecretResolver.of(Map.of("ops-hook",
                             FakeWebhookReceiver.OLD_SECRET + " " + FakeWebhookReceiver.SECRET))).build())) {
            channel.send(new OutboundMessage("ba1-e", "webhook", "https://hooks.example.com/a", OutboundMessage.Kind.TEST,
                    Locale.ENGLISH, "s", "t", Map.of(OutboundMessage.DataKeys.SECRET, "ops-hook")));
            LoopbackServer.Received request = server.only();
            String id = request.header("webhook-id");
            String timestamp = request.header("webhook-timestamp");
            String signatures = request.header("webhook-signature");
            byte[] body = request.body();
            assertThat(WebhookReceiverExample.verified(FakeWebhookReceiver.SECRET, id, timestamp, signatures, body, now))
                    .isTrue();
            byte[] changed = body.clone();
            changed[changed.length - 2] ^= 0x01;
            assertThat(WebhookReceiverExample.verified(FakeWebhookReceiver.SECRET, id, timestamp, signatures, changed, now))
                    .isFalse();
            assertThat(WebhookReceiverExample.verified(FakeWebhookReceiver.SECRET, id, timestamp, signatures, body,
                    now.plusSeconds(301))).isFalse();
        }
    }
}
