package io.backupalarm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class MaskingTest {

    @Test
    @DisplayName("an email keeps the first character of its local part and its domain")
    void email() {
        assertThat(Masking.address("email", "alice@example.com")).isEqualTo("a***@example.com");
        assertThat(Masking.address("email", "a@example.com")).isEqualTo("a***@example.com");
        assertThat(Masking.address("email", "@example.com")).isEqualTo("***@example.com");
        assertThat(Masking.address("email", "\u00e9lise.dupont@example.fr")).isEqualTo("\u00e9***@example.fr");
    }

    @Test
    @DisplayName("a mobile keeps its country code, three digits and the last four")
    void mobile() {
        assertThat(Masking.address("sms", "+8613812348000")).isEqualTo("+86138****8000");
        assertThat(Masking.address("sms", "+12025550123")).isEqualTo("+1202****0123");
        assertThat(Masking.address("sms", "+4915112345678")).isEqualTo("+49151****5678");
        // too short to keep seven digits: the last two only
        assertThat(Masking.address("sms", "+85212345678")).isEqualTo("+852****78");
        assertThat(Masking.address("sms", "+861234")).isEqualTo("+86****");
    }

    @Test
    @DisplayName("a URL keeps its scheme and host, and hides user, path, query and fragment (where tokens live)")
    void url() {
        assertThat(Masking.address("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=tok-123"))
                .isEqualTo("https://oapi.dingtalk.com/***");
        assertThat(Masking.address("slack", "https://hooks.slack.com/services/T0/B0/secret"))
                .isEqualTo("https://hooks.slack.com/***");
        assertThat(Masking.address("webhook", "https://user:pw@hooks.example.com:8443"))
                .isEqualTo("https://hooks.example.com:8443/***");
        assertThat(Masking.address("webhook", "https://hooks.example.com/")).isEqualTo("https://hooks.example.com");
        assertThat(Masking.address("webhook", "https://hooks.example.com#frag")).isEqualTo("https://hooks.example.com/***");
        assertThat(Masking.address("webhook", "not a url://x y?token=t")).isEqualTo("n***://***");
    }

    @Test
    @DisplayName("anything else keeps its first character; control characters are escaped; null prints as null")
    void other() {
        assertThat(Masking.address("pager", "device-42")).isEqualTo("d***");
        assertThat(Masking.address("pager", "")).isEqualTo("***");
        assertThat(Masking.address("pager", "\nforged")).isEqualTo("\\u000a***");
        assertThat(Masking.address("pager", null)).isEqualTo("null");
    }

    @Test
    @DisplayName("a masked address is shorter than a long address, holds no line break, and never its tail")
    void neverTheWholeAddress() {
        qt().forAll(strings().allPossible().ofLengthBetween(12, 60)).checkAssert(address -> {
            for (String channel : new String[] {"email", "sms", "webhook", "pager"}) {
                String masked = Masking.address(channel, address);
                assertThat(masked).doesNotContain("\n", "\r");
                if (!address.contains("://") && address.indexOf('@') < 0) {
                    // Without a host or domain to keep, at most the first code point and the last four digits survive.
                    assertThat(masked).doesNotContain(address.substring(address.length() - 6));
                }
            }
        });
    }
}
