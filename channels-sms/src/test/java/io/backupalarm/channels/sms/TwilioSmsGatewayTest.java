package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Twilio gateway")
final class TwilioSmsGatewayTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);

    private FakeTwilio twilio;

    @BeforeEach
    void start() throws Exception {
        twilio = new FakeTwilio();
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    private TwilioSmsSettings.Builder settings() {
        return TwilioSmsSettings.custom().accountSid(FakeTwilio.ACCOUNT).authToken(FakeTwilio.TOKEN)
                .from("+15017122661").baseUrl(twilio.server.baseUrl())
                .transport(HttpTransport.custom().clock(CLOCK).build());
    }

    private static SmsRequest request(String to) {
        return new SmsRequest("key-1", to, "Backup failed: job nightly on i-web1 (disk full) €5 ~",
                OutboundMessage.Kind.FIRING, Locale.ENGLISH, Map.of());
    }

    private static String reason(DeliveryResult result) {
        return result instanceof DeliveryResult.PermanentFailure p ? p.reason()
                : ((DeliveryResult.TemporaryFailure) result).reason();
    }

    @Test
    @DisplayName("posts To, From and Body as a form with basic auth to the account's Messages.json")
    void postsTheFullRequest() {
        DeliveryResult result = SmsGateways.twilio(settings().build()).send(request("+14155552671"));

        assertThat(result).isEqualTo(DeliveryResult.delivered(String.format("SM%032d", 1)));
        LoopbackServer.Received request = twilio.server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (FakeTwilio.ACCOUNT + ":" + FakeTwilio.TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "To", "+14155552671",
                "From", "+15017122661",
                "Body", "Backup failed: job nightly on i-web1 (disk full) €5 ~"));
    }

    @Test
    @DisplayName("sends MessagingServiceSid instead of From, and the key in the StatusCallback")
    void messagingServiceAndCallback() {
        TwilioSmsSettings viaService = TwilioSmsSettings.custom().accountSid(FakeTwilio.ACCOUNT)
                .authToken(FakeTwilio.TOKEN).messagingServiceSid("MG0123456789abcdef0123456789abcdef")
                .statusCallback("https://host.example/sms-status?tenant=7").baseUrl(twilio.server.baseUrl()).build();
        assertThat(SmsGateways.twilio(viaService).send(request("+14155552671")))
                .isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(twilio.server.only().form())
                .containsEntry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef")
                .containsEntry("StatusCallback", "https://host.example/sms-status?tenant=7&idempotencyKey=key-1")
                .doesNotContainKey("From");
    }

    @Test
    @DisplayName("an invalid number (21211) is permanent with Twilio's code and message")
    void invalidNumber() {
        DeliveryResult result = SmsGateways.twilio(settings().build()).send(request(FakeTwilio.REFUSED_NUMBER));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("HTTP 400", "code 21211",
                "The 'To' number +8613900001111 is not a valid phone number.");
    }

    @Test
    @DisplayName("bad credentials (20003) are permanent and the reason shows no token")
    void badCredentials() {
        String wrong = "wrong-token-value";
        DeliveryResult result = SmsGateways.twilio(settings().authToken(wrong).build()).send(request("+14155552671"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("HTTP 401", "code 20003").doesNotContain(wrong, FakeTwilio.TOKEN);
    }

    @Test
    @DisplayName("429 (20429) is temporary and honours Retry-After in seconds")
    void tooManyRequests() {
        twilio.answerWith(new LoopbackServer.Answer(429, Map.of("Retry-After", "3", "Content-Type", "application/json"),
                "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"));
        DeliveryResult result = SmsGateways.twilio(settings().build()).send(request("+14155552671"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) result).retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(reason(result)).contains("code 20429", "safe to retry");
    }

    @Test
    @DisplayName("429 with Retry-After as an HTTP date waits until that date by the gateway's clock")
    void retryAfterDate() {
        twilio.answerWith(new LoopbackServer.Answer(429, Map.of("Retry-After", "Fri, 27 Nov 2026 10:16:00 GMT"),
                "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"));
        DeliveryResult result = SmsGateways.twilio(settings().build()).send(request("+14155552671"));
        assertThat(((DeliveryResult.TemporaryFailure) result).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("a 5xx answer without a body is temporary")
    void serverError() {
        twilio.answerWith(new LoopbackServer.Answer(503, Map.of(), ""));
        DeliveryResult result = SmsGateways.twilio(settings().build()).send(request("+14155552671"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(reason(result)).contains("HTTP 503");
    }

    @Test
    @DisplayName("no answer in time is temporary by default, saying a retry may send twice")
    void timeout() {
        twilio.server.hang();
        DeliveryResult result = SmsGateways.twilio(settings().transport(HttpTransport.custom().clock(CLOCK)
                .requestTimeout(Duration.ofMillis(300)).build()).build())
                .send(request("+14155552671"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(reason(result)).contains("outcome is unknown", "not idempotent");
    }

    @Test
    @DisplayName("settings never show the token")
    void settingsHideTheToken() {
        assertThat(settings().build().toString()).doesNotContain(FakeTwilio.TOKEN);
    }
}
