package io.backupalarm.channels.robot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The expected values were computed with Python's hmac, hashlib and base64 modules, following the
 * providers' published Python samples (see docs/channels/dingtalk.md and feishu.md), so that the
 * Java code is checked against an independent implementation.
 */
@DisplayName("Robot signatures")
final class HmacTest {

    @Test
    @DisplayName("DingTalk: urlencode(base64(HMAC-SHA256(key = secret, data = timestamp + LF + secret)))")
    void dingTalk() {
        String sign = Hmac.dingTalk(1577262236757L, "SECtestsecret0123456789abcdef");
        assertThat(sign).isEqualTo("7offofx7CyYUSX6gJk/e0oRcRyS8tF8x88D6E+pQeNA=");
        assertThat(URLEncoder.encode(sign, StandardCharsets.UTF_8))
                .isEqualTo("7offofx7CyYUSX6gJk%2Fe0oRcRyS8tF8x88D6E%2BpQeNA%3D");
    }

    @Test
    @DisplayName("Feishu: base64(HMAC-SHA256(key = timestamp + LF + secret, data = empty))")
    void feishu() {
        assertThat(Hmac.feishu(1599360473L, "demo-feishu-secret")).isEqualTo("I14G+BylJBIS1VqI4nUg1mKqMAjMGZlFJGT36IJRUr8=");
    }
}
