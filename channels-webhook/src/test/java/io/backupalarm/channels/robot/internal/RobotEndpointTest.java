package io.backupalarm.channels.robot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.channels.webhook.internal.Endpoints;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A robot's URL, the allow-list and the origin override")
final class RobotEndpointTest {

    private static final Set<String> DING = Set.of("oapi.dingtalk.com");

    @Test
    @DisplayName("an override keeps the path and query and appends the signature")
    void override() {
        RobotEndpoint endpoint = RobotEndpoint.of("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc",
                DING, URI.create("http://127.0.0.1:8080"));
        assertThat(endpoint.target("timestamp=1&sign=x"))
                .isEqualTo(URI.create("http://127.0.0.1:8080/robot/send?access_token=abc&timestamp=1&sign=x"));
        assertThat(RobotEndpoint.of("dingtalk", "https://OAPI.dingtalk.com/robot/send?access_token=abc", DING, null)
                .target("")).isEqualTo(URI.create("https://OAPI.dingtalk.com/robot/send?access_token=abc"));
    }

    @Test
    @DisplayName("the redacted form hides query values and a Feishu hook id")
    void redacted() {
        assertThat(RobotEndpoint.of("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=633a31f6&debug=1",
                Set.of("qyapi.weixin.qq.com"), null).redacted())
                .isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=***");
        assertThat(RobotEndpoint.of("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/2f1a9d3c-8b7e",
                Set.of("open.feishu.cn"), null).redacted()).isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/***");
    }

    @Test
    @DisplayName("other hosts, other schemes, other ports, user information and fragments are refused without showing the token")
    void refused() {
        for (String address : new String[] {"https://oapi.dingtalk.com.evil.example/robot/send?access_token=tok9",
                "http://oapi.dingtalk.com/robot/send?access_token=tok9", "https://oapi.dingtalk.com:444/x?access_token=tok9",
                "https://u:p@oapi.dingtalk.com/robot/send?access_token=tok9", "https://oapi.dingtalk.com/r?access_token=tok9#f",
                "not a url tok9", "mailto:tok9@example.com"}) {
            assertThatThrownBy(() -> RobotEndpoint.of("dingtalk", address, DING, null))
                    .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("tok9");
        }
    }

    @Test
    @DisplayName("an origin override is scheme://host[:port] and nothing more")
    void origins() {
        assertThat(Endpoints.origin("originOverride", "https://egress.internal:8443/")).isNotNull();
        for (String bad : new String[] {"ftp://h", "http://h/path", "http://h?q=1", "h:80", "http://u@h"}) {
            assertThatThrownBy(() -> Endpoints.origin("originOverride", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("originOverride");
        }
    }
}
