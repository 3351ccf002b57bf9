package io.backupalarm.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.channels.robot.SlackChannel;
import io.backupalarm.channels.robot.SlackChannelProvider;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The webhook and Slack providers: found by ServiceLoader, settings read by the shared rules")
final class ChannelProvidersTest {

    @Test
    @DisplayName("ServiceLoader finds a provider for webhook and one for slack")
    void serviceLoader() {
        Map<String, ChannelProvider> providers = ServiceLoader.load(ChannelProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof WebhookChannelProvider || p instanceof SlackChannelProvider)
                .collect(Collectors.toMap(ChannelProvider::channelName, p -> p));
        assertThat(providers).containsOnlyKeys("webhook", "slack");
        try (Channel webhook = providers.get("webhook").create(Map.of());
             Channel slack = providers.get("slack").create(Map.of())) {
            assertThat(webhook).isInstanceOf(WebhookChannel.class);
            assertThat(slack).isInstanceOf(SlackChannel.class);
        }
    }

    @Test
    @DisplayName("webhook settings: secrets from a directory, timeouts and origin override take effect")
    void webhookSettings(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("ops-hook"), FakeWebhookReceiver.SECRET + "\n");
        try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(Clock.systemUTC(), FakeWebhookReceiver.SECRET);
             Channel channel = new WebhookChannelProvider().create(Map.of("origin-override", receiver.origin(),
                     "secrets-directory", secrets.toString(), "request-timeout", "PT20S", "connect-timeout", "PT2S"))) {
            DeliveryResult result = channel.send(new OutboundMessage("ba1-p", "webhook", "https://hooks.example.com/a",
                    OutboundMessage.Kind.TEST, Locale.ENGLISH, "s", "t", Map.of(OutboundMessage.DataKeys.SECRET, "ops-hook")));
            assertThat(result).isEqualTo(DeliveryResult.delivered("rcv-1"));
        }
    }

    @Test
    @DisplayName("bad webhook settings are refused naming the channel and the key")
    void badWebhookSettings() {
        WebhookChannelProvider provider = new WebhookChannelProvider();
        assertThatThrownBy(() -> provider.create(Map.of("requestTimeout", "PT5S")))
                .hasMessage("webhook channel setting 'requestTimeout' is no longer accepted: use 'request-timeout'");
        assertThatThrownBy(() -> provider.create(Map.of("request-timeout", "30s")))
                .hasMessage("webhook channel setting 'request-timeout': '30s' is not an ISO-8601 duration: write 'PT30S'");
        assertThatThrownBy(() -> provider.create(Map.of("request-timeout", "PT6M")))
                .hasMessageStartingWith("webhook channel setting 'request-timeout': requestTimeout must be more than zero");
        assertThatThrownBy(() -> provider.create(Map.of("origin-override", "http://127.0.0.1:9/path")))
                .hasMessageStartingWith("webhook channel setting 'origin-override': originOverride 'http://127.0.0.1:9/path' "
                        + "must be scheme://host[:port]");
        assertThatThrownBy(() -> provider.create(Map.of("origin", "http://x")))
                .hasMessage("webhook channel setting 'origin' is unknown: did you mean 'origin-override'?");
        assertThatThrownBy(() -> provider.create(Map.of("secrets-directory", "/no/such/directory")))
                .hasMessage("webhook channel setting 'secrets-directory': '/no/such/directory' is not a directory");
    }

    @Test
    @DisplayName("bad Slack settings are refused naming the channel and the key")
    void badSlackSettings() {
        SlackChannelProvider provider = new SlackChannelProvider();
        assertThatThrownBy(() -> provider.create(Map.of("allowed-hosts", "hooks.slack.com, not a host")))
                .hasMessage("slack channel setting 'allowed-hosts': allowedHosts: 'not a host' is not a host name");
        assertThatThrownBy(() -> provider.create(Map.of("retry-unknown-outcome", "yes")))
                .hasMessageStartingWith("slack channel setting 'retry-unknown-outcome': must be one of false, true");
        try (Channel channel = provider.create(Map.of("allowed-hosts", "hooks.slack.com,hooks.slack-gov.com",
                "retry-unknown-outcome", "false", "request-timeout", "PT3S"))) {
            assertThat(channel.toString()).contains("allowedHosts=[hooks.slack-gov.com, hooks.slack.com]",
                    "retryUnknownOutcome=false", "requestTimeout=PT3S");
        }
    }
}
