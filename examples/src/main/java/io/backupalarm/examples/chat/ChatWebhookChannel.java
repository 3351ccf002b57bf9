package io.backupalarm.examples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A channel that posts alarms to rooms of a chat tool through its incoming webhook: the whole
 * {@link Channel} contract in one class. Installed in the engine under the name
 * {@value #NAME}, it is reached by policies like email and SMS: a contact holds a further address
 * on it ({@code ContactAddress.verified("chat", "#ops", null)}), a policy names the contact, and
 * each message goes through the outbox, with its retries and dead letters.
 *
 * <p>An address is a room name, with or without a leading {@code #} ({@code #ops},
 * {@code backups}, {@code ops-oncall}); the room is posted without it. Each message is one
 * {@code POST} of {@code {"room": ..., "text": ..., "idempotencyKey": ...}} with the token as
 * a bearer credential and the key in an {@code Idempotency-Key} header, so the chat tool can drop
 * a message the engine hands over twice. Answers become results:
 * <ul>
 *   <li>2xx: {@link DeliveryResult.Delivered}, with the answer's {@code id} as the receipt;</li>
 *   <li>408, 429 and 5xx, a refused or timed-out connection: {@link DeliveryResult.TemporaryFailure},
 *       honouring {@code Retry-After} seconds;</li>
 *   <li>any other status (an unknown room, a bad token), or an address that is not a room name:
 *       {@link DeliveryResult.PermanentFailure}, with the chat tool's {@code error} in the
 *       reason and never the token.</li>
 * </ul>
 * {@link #send} never throws.
 *
 * <p>Thread-safe: it holds immutable settings and a thread-safe {@link HttpClient}.
 */
public final class ChatWebhookChannel implements Channel {

    /** The channel's name. */
    public static final String NAME = "chat";

    private static final Pattern ROOM = Pattern.compile("#?[a-z0-9][a-z0-9._-]{0,79}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final String token;
    private final Duration timeout;
    private final HttpClient client;

    private ChatWebhookChannel(URI webhook, String token, Duration timeout) {
        this.webhook = webhook;
        this.token = token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A channel posting to a webhook URL.
     *
     * @param webhook the chat tool's incoming-webhook URL (https outside tests)
     * @param token the bearer token the chat tool issued
     * @param timeout how long to wait for a connection, and then for the answer
     * @return the channel
     * @throws IllegalArgumentException if the URL is not absolute http(s), the token is blank, or
     *         the timeout is not positive
     */
    public static ChatWebhookChannel create(URI webhook, String token, Duration timeout) {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(timeout, "timeout");
        if (!webhook.isAbsolute() || !("https".equals(webhook.getScheme()) || "http".equals(webhook.getScheme()))) {
            throw new IllegalArgumentException("webhook must be an absolute http or https URL: " + webhook);
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new ChatWebhookChannel(webhook, token, timeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        String address = message.address();
        if (!ROOM.matcher(address).matches()) {
            return DeliveryResult.permanentFailure("chat room '" + printable(address)
                    + "' is not a room name ('#' if you like, then lower-case letters, digits, '.', '_', '-')");
        }
        String room = address.startsWith("#") ? address.substring(1) : address;
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", message.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(room, message)))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return DeliveryResult.temporaryFailure("chat webhook unreachable: " + e.getClass().getSimpleName());
        } catch (HttpTimeoutException e) {
            // Sent, but no answer: the chat tool may have posted it. A retry carries the same
            // Idempotency-Key, so a chat tool that drops repeats posts it once.
            return DeliveryResult.temporaryFailure("chat webhook did not answer within " + timeout
                    + "; outcome unknown, a retry sends the same Idempotency-Key");
        } catch (IOException e) {
            return DeliveryResult.temporaryFailure("chat webhook request to room " + room + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.temporaryFailure("interrupted while posting to room " + room);
        }
        return result(room, response);
    }

    private static byte[] body(String room, OutboundMessage message) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("room", room);
        json.put("text", message.subject().isEmpty() ? message.text() : message.subject() + "\n\n" + message.text());
        json.put("kind", message.kind().name());
        json.put("idempotencyKey", message.idempotencyKey());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            // A map of strings always serialises; this would be a bug in Jackson.
            throw new IllegalStateException(e);
        }
    }

    private static DeliveryResult result(String room, HttpResponse<String> response) {
        int status = response.statusCode();
        Optional<JsonNode> answer = parse(response.body());
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(answer.map(json -> json.path("id").asText("")).orElse(""));
        }
        String reason = "chat webhook answered HTTP " + status + " for room " + room
                + answer.map(json -> json.path("error").asText(null)).map(error -> ": " + printable(error)).orElse("");
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryResult.temporaryFailure(reason, retryAfter(response).orElse(null));
        }
        return DeliveryResult.permanentFailure(reason);
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return body == null || body.isBlank() ? Optional.empty() : Optional.of(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.matches("[0-9]{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)));
    }

    /** Shows control characters as escapes, so that a reason stays one line. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    @Override
    public String toString() {
        return "ChatWebhookChannel[" + webhook + "]";
    }
}
