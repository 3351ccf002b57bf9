package io.backupalarm.channels.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.channels.webhook.internal.SlackBlocks;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Slack Block Kit body")
final class SlackBlocksTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    @DisplayName("is the sample in docs/channels/slack.md, field for field and in that order")
    void documentedSample() throws Exception {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(DataKeys.ALARM, "BACKUP_FAILED");
        data.put(DataKeys.INSTANCE, "i-web1");
        data.put(DataKeys.VAULT, "v-prod");
        data.put(DataKeys.ACCOUNT, "acct-1");
        data.put(DataKeys.JOB, "nightly");
        data.put(DataKeys.MESSAGE, "disk full");
        data.put(DataKeys.SINCE, "2026-01-01 00:00 UTC");
        data.put(DataKeys.OCCURRENCES, "1");
        String subject = "[Backup alarm] Backup failed on i-web1 (job nightly)";
        String text = "Backups of client i-web1 (vault v-prod) have been failing since 2026-01-01 00:00 UTC.\n"
                + "Job: nightly\nError: disk full\nOccurrences: 1\n\nAccount: acct-1";
        String json = SlackBlocks.json(new OutboundMessage("ba1-6f1c0d1e9a4b7c2d3e8f90a1b2c3d4e5f6a7b8c9", "slack",
                "https://hooks.slack.com/services/T/B/x", OutboundMessage.Kind.FIRING, Locale.ENGLISH, subject, text, data));
        String escapedText = text.replace("\n", "\\n");
        assertThat(json).isEqualTo("{\"text\":\"" + subject + "\\n\\n" + escapedText + "\",\"blocks\":["
                + "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + subject + "\",\"emoji\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + escapedText + "\"}},"
                + "{\"type\":\"section\",\"fields\":["
                + "{\"type\":\"mrkdwn\",\"text\":\"*Alarm*\\nBACKUP_FAILED\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Backup client*\\ni-web1\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Vault*\\nv-prod\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Job*\\nnightly\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Since*\\n2026-01-01 00:00 UTC\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Occurrences*\\n1\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Account*\\nacct-1\"}]},"
                + "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":"
                + "\"backup-alarm ba1-6f1c0d1e9a4b7c2d3e8f90a1b2c3d4e5f6a7b8c9\"}]}]}");
    }

    @Test
    @DisplayName("any text of any length stays within every limit, never splits an entity or a surrogate pair, and loses nothing below the limits")
    void limitsHold() {
        qt().withExamples(40).forAll(strings().allPossible().ofLengthBetween(0, 200), integers().between(1, 14_000))
                .checkAssert((raw, repeat) -> {
                    String unit = wellFormed(raw);
                    String text = unit.isEmpty() ? "x" : unit.repeat(Math.max(1, repeat / Math.max(1, unit.length())));
                    JsonNode body;
                    try {
                        body = MAPPER.readTree(SlackBlocks.json(new OutboundMessage("k", "slack", "https://h/x",
                                OutboundMessage.Kind.FIRING, Locale.ENGLISH, text.replaceAll("[\\r\\n]", " "), text,
                                Map.of(DataKeys.MESSAGE, text, DataKeys.INSTANCE, text))));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    assertThat(body.get("text").asText().length()).isLessThanOrEqualTo(SlackBlocks.MAX_TEXT);
                    int sectionChars = 0;
                    for (JsonNode block : body.get("blocks")) {
                        if (block.get("type").asText().equals("header")) {
                            // plain_text: shown as it is, nothing to escape
                            String header = block.get("text").get("text").asText();
                            assertThat(header.length()).isLessThanOrEqualTo(SlackBlocks.MAX_HEADER_TEXT);
                            assertThat(Character.isHighSurrogate(header.charAt(header.length() - 1))).isFalse();
                        } else if (block.has("fields")) {
                            assertThat(block.get("fields").size()).isLessThanOrEqualTo(SlackBlocks.MAX_FIELDS);
                            block.get("fields").forEach(f -> assertWhole(f.get("text").asText(), SlackBlocks.MAX_FIELD_TEXT));
                        } else if (block.get("type").asText().equals("section")) {
                            String section = block.get("text").get("text").asText();
                            assertThat(section).isNotBlank();
                            assertWhole(section, SlackBlocks.MAX_SECTION_TEXT);
                            sectionChars += section.length();
                        }
                    }
                    assertThat(sectionChars).isLessThanOrEqualTo(SlackBlocks.MAX_TEXT_SECTIONS * SlackBlocks.MAX_SECTION_TEXT);
                    String escaped = SlackBlocks.escape(text).strip();
                    if (escaped.length() <= SlackBlocks.MAX_SECTION_TEXT && !escaped.isEmpty()) {
                        assertThat(body.get("blocks").get(1).get("text").get("text").asText()).isEqualTo(escaped);
                    }
                });
    }

    /** The text with every lone surrogate (not text, and nothing to keep whole) replaced by U+FFFD. */
    private static String wellFormed(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(
                c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c));
        return out.toString();
    }

    private static void assertWhole(String text, int max) {
        assertThat(text.length()).isLessThanOrEqualTo(max);
        if (!text.isEmpty()) {
            assertThat(Character.isHighSurrogate(text.charAt(text.length() - 1))).isFalse();
        }
        // Every &, < and > is part of a whole entity: none was cut in two.
        assertThat(text.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&", "<", ">");
    }
}
