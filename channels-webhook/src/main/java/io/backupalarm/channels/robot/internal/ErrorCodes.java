package io.backupalarm.channels.robot.internal;

import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A robot's error codes and what each means for delivery: temporary (with the pause to wait) or
 * permanent. A code that is not listed as temporary is permanent, unless the provider's message
 * speaks of a rate limit: providers have used more than one code for throttling, and some codes
 * are given two meanings by different tables (DingTalk's 300001, Feishu's 9499), so the words
 * decide there.
 *
 * <p>Immutable after building and thread-safe.
 */
public final class ErrorCodes {

    /** Words of a rate limit in a provider's message, English and Chinese. */
    private static final Pattern RATE_LIMITED = Pattern.compile(
            "too fast|too many|frequen|rate.?limit|freq out of limit|exceed \\d+ times|限流|频率|太快|过于频繁");

    private record Rule(boolean temporary, String meaning, Duration retryAfter) {
    }

    private final Map<Long, Rule> rules = new HashMap<>();
    private final Duration rateLimitPause;

    /**
     * Creates an empty table.
     *
     * @param rateLimitPause the pause after a rate limit that a message, not a code, revealed
     */
    public ErrorCodes(Duration rateLimitPause) {
        this.rateLimitPause = rateLimitPause;
    }

    /**
     * Adds a code that may work later.
     *
     * @param code the code
     * @param meaning what it means, for reasons
     * @param retryAfter the pause to ask for, or {@code null}
     * @return this table
     */
    public ErrorCodes temporary(long code, String meaning, Duration retryAfter) {
        rules.put(code, new Rule(true, meaning, retryAfter));
        return this;
    }

    /**
     * Adds a code that will fail again as it is.
     *
     * @param code the code
     * @param meaning what it means, for reasons
     * @return this table
     */
    public ErrorCodes permanent(long code, String meaning) {
        rules.put(code, new Rule(false, meaning, null));
        return this;
    }

    /**
     * The result of a non-zero code.
     *
     * @param what what was sent, for the reason (never holds a credential)
     * @param code the code
     * @param message the provider's message, escaped before it is quoted
     * @return a temporary or permanent failure
     */
    public DeliveryResult classify(String what, long code, String message) {
        Rule rule = rules.get(code);
        boolean rateLimited = message != null && RATE_LIMITED.matcher(message.toLowerCase(Locale.ROOT)).find();
        String quoted = message == null || message.isEmpty() ? "" : ": '" + SafeText.printable(message) + "'";
        if (rule != null && rule.temporary()) {
            return DeliveryResult.temporaryFailure(what + ": refused with code " + code + " (" + rule.meaning()
                    + ")" + quoted + "; nothing was delivered, retried later", rule.retryAfter());
        }
        if (rateLimited) {
            return DeliveryResult.temporaryFailure(what + ": refused with code " + code
                    + (rule == null ? "" : " (" + rule.meaning() + ")") + quoted
                    + "; the message speaks of a rate limit, so it is retried later", rateLimitPause);
        }
        String meaning = rule == null ? "not a code this channel knows" : rule.meaning();
        return DeliveryResult.permanentFailure(what + ": refused with code " + code + " (" + meaning + ")" + quoted);
    }
}
