package io.backupalarm.channels.sms;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays Twilio's Messages API on loopback: checks the path, the basic auth and the form, and
 * answers with Twilio's documented bodies (201 with a sid, 400 code 21211, 401 code 20003, 429
 * code 20429 with Retry-After). Thread-safe.
 */
final class FakeTwilio implements AutoCloseable {

    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "twilio-token-do-not-leak";
    static final String REFUSED_NUMBER = "+8613900001111";

    final LoopbackServer server;
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger sids = new AtomicInteger();
    private volatile LoopbackServer.Answer scripted;

    FakeTwilio() throws IOException {
        server = new LoopbackServer(this::answer);
    }

    void answerWith(LoopbackServer.Answer answer) {
        scripted = answer;
    }

    /** Accepted messages to a number whose StatusCallback carries the key. */
    int acceptedCount(String to, String key) {
        return accepted.getOrDefault(to + "|" + key, 0);
    }

    private LoopbackServer.Answer answer(LoopbackServer.Received request) {
        if (!"POST".equals(request.method())
                || !("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json").equals(request.path())) {
            return LoopbackServer.Answer.json(404, "{\"code\":20404,\"message\":\"The requested resource was not found\","
                    + "\"status\":404}");
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.header("Authorization"))) {
            return LoopbackServer.Answer.json(401, "{\"code\":20003,\"message\":\"Authenticate\","
                    + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
        }
        if (scripted != null) {
            return scripted;
        }
        Map<String, String> form = request.form();
        if (form.containsKey("From") == form.containsKey("MessagingServiceSid") || !form.containsKey("Body")) {
            return LoopbackServer.Answer.json(400, "{\"code\":21603,\"message\":\"A 'From' or 'MessagingServiceSid' "
                    + "parameter is required\",\"status\":400}");
        }
        String to = form.get("To");
        if (REFUSED_NUMBER.equals(to)) {
            return LoopbackServer.Answer.json(400, "{\"code\":21211,\"message\":\"The 'To' number " + to
                    + " is not a valid phone number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\","
                    + "\"status\":400}");
        }
        String callback = form.getOrDefault("StatusCallback", "");
        String query = callback.contains("?") ? URI.create(callback).getQuery() : "";
        String key = query.startsWith("idempotencyKey=") ? query.substring("idempotencyKey=".length()) : "";
        accepted.merge(to + "|" + key, 1, Integer::sum);
        String sid = String.format("SM%032d", sids.incrementAndGet());
        return LoopbackServer.Answer.json(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"" + to + "\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
