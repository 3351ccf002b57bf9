package io.backupalarm.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.channels.webhook.internal.WebhookPayload;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The webhook body, schema version 1, for each kind of message")
final class WebhookPayloadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode body(OutboundMessage.Kind kind, Map<String, String> data) throws Exception {
        OutboundMessage message = new OutboundMessage("ba1-k", "webhook", "https://hooks.example.com/a", kind,
                Locale.SIMPLIFIED_CHINESE, "主题", "正文", data);
        return MAPPER.readTree(WebhookPayload.json(message, WebhookPayload.id(message.idempotencyKey())));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @DisplayName("a verification code carries the code and its validity in minutes as a number")
    void verificationCode() throws Exception {
        JsonNode body = body(OutboundMessage.Kind.VERIFICATION_CODE,
                Map.of(DataKeys.CODE, "493021", DataKeys.CODE_VALID_MINUTES, "10", DataKeys.SECRET, "ops-hook"));
        assertThat(names(body)).containsExactly("version", "type", "kind", "id", "idempotencyKey", "locale", "data",
                "subject", "text");
        assertThat(body.get("type").asText()).isEqualTo("backup_alarm.verification_code");
        assertThat(body.get("locale").asText()).isEqualTo("zh-CN");
        assertThat(body.get("data").get("code").asText()).isEqualTo("493021");
        assertThat(body.get("data").get("codeValidMinutes").isInt()).isTrue();
        assertThat(body.get("data").has("secret")).isFalse();
        assertThat(body.get("text").asText()).isEqualTo("正文");
    }

    @Test
    @DisplayName("a test names the contact and, when it has them, the instance and vault")
    void test() throws Exception {
        JsonNode body = body(OutboundMessage.Kind.TEST, Map.of(DataKeys.CONTACT, "c-ops", DataKeys.OCCURRENCES, "1",
                DataKeys.SINCE, "2026-03-01 08:00 UTC"));
        assertThat(body.get("type").asText()).isEqualTo("backup_alarm.test");
        assertThat(names(body.get("data"))).containsExactly("since", "occurrences", "contact");
    }

    @Test
    @DisplayName("a grouped message carries the count as a number and the instances as a list")
    void grouped() throws Exception {
        JsonNode body = body(OutboundMessage.Kind.GROUPED, Map.of(DataKeys.ACCOUNT, "acct-1", DataKeys.COUNT, "3",
                DataKeys.INSTANCES, "i-1,i-2,i-3"));
        assertThat(body.get("type").asText()).isEqualTo("backup_alarm.grouped");
        assertThat(body.get("data").get("count").asInt()).isEqualTo(3);
        assertThat(body.get("data").get("instances")).hasSize(3);
        assertThat(body.get("data").get("instances").get(2).asText()).isEqualTo("i-3");
    }

    @Test
    @DisplayName("a number the data promised but that is not one is kept as text, not dropped")
    void badNumber() throws Exception {
        JsonNode body = body(OutboundMessage.Kind.FIRING, Map.of(DataKeys.OCCURRENCES, "many"));
        assertThat(body.get("data").get("occurrences").asText()).isEqualTo("many");
    }
}
