package io.backupalarm.channels.sms;

import io.backupalarm.spi.OutboundMessage;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One text to one mobile number, as {@link SmsChannel} hands it to an {@link SmsGateway}.
 *
 * <p>The channel has already normalised the number and shortened the text; a gateway sends
 * what it gets. Immutable and thread-safe.
 *
 * @param idempotencyKey the message's idempotency key, the same on every attempt
 *        ({@link OutboundMessage#idempotencyKey()}); a gateway passes it to its provider where
 *        it can (Alibaba {@code OutId}, the webhook's {@code Idempotency-Key} header)
 * @param to the number in E.164 form, {@code +} followed by at most 15 digits
 * @param text the whole text of the message
 * @param kind what the message is about; gateways that send provider templates pick the
 *        template by kind
 * @param locale the language of the text
 * @param data the facts the text was rendered from, by {@link OutboundMessage.DataKeys key}
 */
public record SmsRequest(
        String idempotencyKey,
        String to,
        String text,
        OutboundMessage.Kind kind,
        Locale locale,
        Map<String, String> data) {

    /** Validates every field and copies the data. */
    public SmsRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (idempotencyKey.isEmpty()) {
            throw new IllegalArgumentException("idempotencyKey must not be empty");
        }
        Objects.requireNonNull(to, "to");
        if (!to.matches("\\+[1-9][0-9]{1,14}")) {
            throw new IllegalArgumentException("to must be an E.164 number: '" + to + "'");
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(locale, "locale");
        data = Map.copyOf(data);
    }

    /**
     * The length of {@link #text()} in segments.
     *
     * @return the measured length
     */
    public SmsSegments.Length length() {
        return SmsSegments.measure(text);
    }
}
