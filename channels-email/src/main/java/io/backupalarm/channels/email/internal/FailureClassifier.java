package io.backupalarm.channels.email.internal;

import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.text.SafeText;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sorts a failed SMTP exchange into a temporary or a permanent failure for the delivery engine.
 *
 * <ul>
 *   <li>a 4xx reply (greylisting, a full mailbox, a busy server) is temporary;</li>
 *   <li>a 5xx reply (recipient refused, sender refused, authentication rejected) is permanent;</li>
 *   <li>a server that requires STARTTLS but does not offer it is permanent (a configuration
 *       problem);</li>
 *   <li>anything without a reply (refused or lost connection, timeout, TLS failure) is
 *       temporary.</li>
 * </ul>
 *
 * The reason quotes the server's reply escaped by {@link SafeText#escape(String)}, so a reply
 * of several lines (or one with a stray CR or LF) stays on one line. Stateless and thread-safe.
 */
public final class FailureClassifier {

    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)(?:[ -]|$)");
    private static final Pattern RESPONSE_CODE = Pattern.compile("response: ([2-5]\\d\\d)");
    private static final int MAX_REASON = 600;

    private FailureClassifier() {
    }

    /**
     * A classified failure.
     *
     * @param result the result to hand to the engine
     * @param connectionLevel {@code true} when no SMTP reply was involved (the connection was
     *        refused, lost or timed out), so that a reused connection may be replaced and the
     *        message tried once more
     */
    public record Failure(DeliveryResult result, boolean connectionLevel) {
    }

    /**
     * Classifies an exception thrown while connecting or sending.
     *
     * @param error the exception
     * @param server the server as {@code host:port}, for the reason
     * @return the classified failure
     */
    public static Failure classify(Throwable error, String server) {
        List<Throwable> chain = chain(error);
        for (Throwable t : chain) {
            if (t instanceof SMTPAddressFailedException address) {
                String reason = "SMTP server " + server + " refused recipient " + address.getAddress().getAddress()
                        + ": " + reply(address.getReturnCode(), address.getMessage());
                return byCode(address.getReturnCode(), reason);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SMTPSenderFailedException sender && sender.getReturnCode() > 0) {
                return byCode(sender.getReturnCode(), "SMTP server " + server + " refused the sender: "
                        + reply(sender.getReturnCode(), sender.getMessage()));
            }
            if (t instanceof SMTPSendFailedException send && send.getReturnCode() > 0) {
                return byCode(send.getReturnCode(), "SMTP server " + server + " refused the message"
                        + (send.getCommand() == null ? "" : " at " + firstWord(send.getCommand())) + ": "
                        + reply(send.getReturnCode(), send.getMessage()));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof AuthenticationFailedException auth) {
                int code = code(auth.getMessage());
                String reason = "SMTP server " + server + " rejected authentication: "
                        + oneLine(auth.getMessage() == null ? "no reply" : firstLine(auth.getMessage()));
                // Without a reply code, assume the credentials were refused: retrying will not help.
                return code >= 400 && code < 500 ? temporary(reason) : permanent(reason);
            }
        }
        String messages = messages(chain);
        if (messages.contains("STARTTLS is required")) {
            return permanent("SMTP server " + server + " does not offer STARTTLS, which the settings require: " + messages);
        }
        for (Throwable t : chain) {
            int code = code(t.getMessage());
            if (code >= 400) {
                return byCode(code, "SMTP server " + server + " answered: " + messages);
            }
        }
        return new Failure(clip(DeliveryResult.temporaryFailure("could not talk to SMTP server " + server + ": " + messages)), true);
    }

    private static Failure byCode(int code, String reason) {
        return code >= 500 ? permanent(reason) : temporary(reason);
    }

    private static Failure temporary(String reason) {
        return new Failure(clip(DeliveryResult.temporaryFailure(reason)), false);
    }

    private static Failure permanent(String reason) {
        return new Failure(clip(DeliveryResult.permanentFailure(reason)), false);
    }

    private static DeliveryResult clip(DeliveryResult result) {
        if (result instanceof DeliveryResult.TemporaryFailure t && t.reason().length() > MAX_REASON) {
            return DeliveryResult.temporaryFailure(cut(t.reason()), t.retryAfter().orElse(null));
        }
        if (result instanceof DeliveryResult.PermanentFailure p && p.reason().length() > MAX_REASON) {
            return DeliveryResult.permanentFailure(cut(p.reason()));
        }
        return result;
    }

    private static String cut(String reason) {
        int end = Character.isHighSurrogate(reason.charAt(MAX_REASON - 1)) ? MAX_REASON - 1 : MAX_REASON;
        return reason.substring(0, end) + "...";
    }

    private static String reply(int code, String message) {
        String text = oneLine(message == null ? "" : message);
        return code(text) == code ? text : (code + " " + text).strip();
    }

    private static int code(String message) {
        if (message == null) {
            return -1;
        }
        Matcher leading = LEADING_CODE.matcher(message);
        if (leading.find()) {
            return Integer.parseInt(leading.group(1));
        }
        Matcher response = RESPONSE_CODE.matcher(message);
        return response.find() ? Integer.parseInt(response.group(1)) : -1;
    }

    private static String firstWord(String command) {
        String trimmed = command.strip();
        if (trimmed.equals(".")) {
            return "end of data";
        }
        int space = trimmed.indexOf(' ');
        String word = space < 0 ? trimmed : trimmed.substring(0, space);
        return word.length() > 12 ? word.substring(0, 12) : word;
    }

    private static String messages(List<Throwable> chain) {
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain) {
            String message = t.getMessage();
            String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message).strip());
            if (!parts.contains(text)) {
                parts.add(text);
            }
        }
        return oneLine(String.join("; caused by ", parts));
    }

    private static String firstLine(String message) {
        // Jakarta Mail appends "nested exception is: ..." to messages; the chain is listed anyway.
        int nested = message.indexOf(";\n  nested exception is:");
        return nested < 0 ? message : message.substring(0, nested);
    }

    /** Server text for a reason: surrounding white space dropped, control characters escaped. */
    private static String oneLine(String text) {
        return SafeText.escape(text.strip());
    }

    private static List<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        List<Throwable> pending = new ArrayList<>();
        pending.add(error);
        while (!pending.isEmpty() && chain.size() < 20) {
            Throwable t = pending.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            chain.add(t);
            if (t instanceof MessagingException m) {
                pending.add(m.getNextException());
            }
            pending.add(t.getCause());
        }
        return chain;
    }
}
