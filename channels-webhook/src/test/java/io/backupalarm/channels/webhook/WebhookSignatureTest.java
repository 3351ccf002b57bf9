package io.backupalarm.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Standard Webhooks signature")
final class WebhookSignatureTest {

    // The example the specification's own libraries test their signing against
    // (libraries/go/webhook_test.go TestWebhookSign, libraries/javascript/src/webhook.test.ts
    // "sign function works", libraries/java TestScenario.validSigned in standard-webhooks/standard-webhooks).
    private static final String PUBLISHED_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String PUBLISHED_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long PUBLISHED_TIMESTAMP = 1614265330L;
    private static final String PUBLISHED_BODY = "{\"test\": 2432232314}";
    private static final String PUBLISHED_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    @DisplayName("signs the published example exactly as the specification's libraries do")
    void publishedExample() {
        List<byte[]> keys = WebhookSignature.keys(PUBLISHED_SECRET);
        byte[] body = PUBLISHED_BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.sign(keys.get(0), PUBLISHED_ID, PUBLISHED_TIMESTAMP, body))
                .isEqualTo(PUBLISHED_SIGNATURE);
        assertThat(WebhookSignature.header(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP, body)).isEqualTo(PUBLISHED_SIGNATURE);
        assertThat(WebhookSignature.verify(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP, body, PUBLISHED_SIGNATURE)).isTrue();
        // The libraries accept the secret without its prefix too.
        assertThat(WebhookSignature.keys(PUBLISHED_SECRET.substring(6)).get(0)).isEqualTo(keys.get(0));
    }

    @Test
    @DisplayName("a rotation signs with every secret, space-separated, in the order given")
    void rotation() {
        byte[] body = PUBLISHED_BODY.getBytes(StandardCharsets.UTF_8);
        List<byte[]> keys = WebhookSignature.keys(FakeWebhookReceiver.SECRET + "  " + PUBLISHED_SECRET);
        String header = WebhookSignature.header(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP, body);
        assertThat(header.split(" ")).hasSize(2);
        assertThat(header).endsWith(" " + PUBLISHED_SIGNATURE).startsWith("v1,");
        // A receiver that knows only one of them accepts the request.
        assertThat(WebhookSignature.verify(WebhookSignature.keys(PUBLISHED_SECRET), PUBLISHED_ID, PUBLISHED_TIMESTAMP,
                body, header)).isTrue();
        assertThat(WebhookSignature.verify(WebhookSignature.keys(FakeWebhookReceiver.OLD_SECRET), PUBLISHED_ID,
                PUBLISHED_TIMESTAMP, body, header)).isFalse();
    }

    @Test
    @DisplayName("any change to the id, the timestamp or a byte of the body breaks the signature")
    void tamperingBreaksIt() {
        List<byte[]> keys = WebhookSignature.keys(PUBLISHED_SECRET);
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 40), integers().between(0, 39))
                .checkAssert((text, flip) -> {
                    byte[] body = ("{\"t\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
                    String header = WebhookSignature.header(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP, body);
                    assertThat(WebhookSignature.verify(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP, body, header)).isTrue();
                    byte[] changed = body.clone();
                    changed[flip % changed.length] ^= 0x01;
                    assertThat(WebhookSignature.verify(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP, changed, header)).isFalse();
                    assertThat(WebhookSignature.verify(keys, PUBLISHED_ID, PUBLISHED_TIMESTAMP + 1, body, header)).isFalse();
                    assertThat(WebhookSignature.verify(keys, PUBLISHED_ID + "x", PUBLISHED_TIMESTAMP, body, header)).isFalse();
                });
    }

    @Test
    @DisplayName("a secret that is not whsec_ and base64 of 24 to 64 bytes is refused without showing it")
    void badSecrets() {
        String shortSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> WebhookSignature.keys(shortSecret))
                .hasMessage("the secret holds 16 bytes; a secret holds 24 to 64")
                .hasMessageNotContaining(shortSecret.substring(6));
        assertThatThrownBy(() -> WebhookSignature.keys(PUBLISHED_SECRET + " whsec_not*base64!"))
                .hasMessage("secret 2 of 2 is not whsec_ followed by base64")
                .hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> WebhookSignature.keys("whsec_" + Base64.getEncoder().encodeToString(new byte[65])))
                .hasMessageContaining("65 bytes");
    }
}
