package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The webhook signature. The expected value was computed outside Java:
 * {@code python3 -c "import hmac,hashlib; print(hmac.new(b'whsec-test-0123456789',
 * b'1700000000.' + b'{\"to\":\"+8613800138000\",\"text\":\"Backup failed\"}',
 * hashlib.sha256).hexdigest())"}.
 */
@DisplayName("The webhook signature")
final class WebhookSignatureTest {

    private static final String SECRET = "whsec-test-0123456789";
    private static final byte[] BODY = "{\"to\":\"+8613800138000\",\"text\":\"Backup failed\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1=926fed0199857c9de4587ebe71b18ea588b42b3a614b2fd9f354c35bdbe8b8ea";

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    @Test
    @DisplayName("is v1= and the hex HMAC-SHA256 of timestamp, full stop and body (independently computed)")
    void knownVector() {
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    @DisplayName("verifies a genuine request within the tolerance")
    void verifiesGenuine() {
        assertThat(WebhookSignature.verify(SECRET, "1700000000", EXPECTED, BODY, at(1_700_000_100L),
                WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
    }

    @Test
    @DisplayName("refuses a changed body, a wrong secret, a stale timestamp and missing headers")
    void refusesForgeries() {
        Clock now = at(1_700_000_000L);
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
        byte[] changed = "{\"to\":\"+8613800138001\",\"text\":\"Backup failed\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, "1700000000", EXPECTED, changed, now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123", "1700000000", EXPECTED, BODY, now, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1700000000", EXPECTED, BODY, at(1_700_000_301L), tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1700000001", EXPECTED, BODY, now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, EXPECTED, BODY, now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1700000000", null, BODY, now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "-5", EXPECTED, BODY, now, tolerance)).isFalse();
    }
}
