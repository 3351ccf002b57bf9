package io.backupalarm.channels.email;

import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Settings and messages shared by the tests. */
final class TestMessages {

    static final String FROM = "alarms@backup.example";

    private TestMessages() {
    }

    /** Settings for a plain-text server on loopback. */
    static EmailSettings.Builder plain(int port) {
        return EmailSettings.custom()
                .host("127.0.0.1")
                .port(port)
                .security(SmtpSecurity.NONE)
                .from(FROM)
                .ehloName("client.test")
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5));
    }

    /** A firing alarm with English text. */
    static OutboundMessage firing(String address) {
        return message(address, OutboundMessage.Kind.FIRING, "Backup failed: job nightly",
                "Backup job nightly of client i-web1 failed.\n\nMessage: disk full");
    }

    /** A message of the given kind, subject and text, with a fresh key. */
    static OutboundMessage message(String address, OutboundMessage.Kind kind, String subject, String text) {
        return new OutboundMessage("key-" + UUID.randomUUID(), "email", address, kind, Locale.ENGLISH, subject, text,
                Map.of(OutboundMessage.DataKeys.INSTANCE, "i-web1"));
    }
}
