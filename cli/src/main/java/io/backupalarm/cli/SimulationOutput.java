package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.spi.OutboundMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The lines {@code simulate} prints: one JSON object per notification inside each message sent
 * (a grouped message carries several), and a {@code messageId} per message.
 *
 * <p>A line's fields, in this order: {@code at} (when the message was sent), {@code notification},
 * {@code alarm} (not for a test), {@code instance} and {@code vault} (not for a test that named a
 * contact), {@code contact} (only for a test that named one), {@code account}, {@code channel},
 * {@code to} (as the configuration file writes it), {@code messageId}; then, for an alarm, {@code job} (when it has one) and
 * {@code occurrences}.
 *
 * <p>{@code messageId} is {@code m-1}, {@code m-2}, ... in the order messages are printed: by
 * sending instant, then channel, address and the message's idempotency key (a hash of what the
 * message is, the same on every run). Messages sent at one instant are held until the clock has
 * left that instant, so the numbering never depends on the order in which the engine happened to
 * send them: the same file gives the same ids on every run.
 *
 * <p>Not thread-safe: the simulation adds and prints on the one thread that drives its clock.
 */
final class SimulationOutput {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Comparator<Notification> PRINT_ORDER = Comparator.comparing(Notification::sendsAt)
            .thenComparing(n -> n.message().channel())
            .thenComparing(n -> n.message().address())
            .thenComparing(Notification::key);

    private final PrintWriter out;
    private final ConfiguredAddresses addresses;
    private final List<Notification> sent = new ArrayList<>();
    private long messages;

    SimulationOutput(PrintWriter out, ConfiguredAddresses addresses) {
        this.out = out;
        this.addresses = addresses;
    }

    /** A message the engine sent; printed later, by {@link #printSentBefore} or {@link #printSentUpTo}. */
    void add(Notification notification) {
        sent.add(notification);
    }

    /** Prints the messages sent before an instant (every message of those instants has been sent). */
    void printSentBefore(Instant instant) {
        print(instant, false);
    }

    /** Prints the messages sent up to and including an instant; the end of the replay. */
    void printSentUpTo(Instant instant) {
        print(instant, true);
    }

    private void print(Instant limit, boolean inclusive) {
        List<Notification> due = new ArrayList<>();
        for (Iterator<Notification> it = sent.iterator(); it.hasNext(); ) {
            Notification notification = it.next();
            Instant at = notification.sendsAt();
            if (at.isBefore(limit) || inclusive && at.equals(limit)) {
                due.add(notification);
                it.remove();
            }
        }
        due.sort(PRINT_ORDER);
        for (Notification notification : due) {
            String messageId = "m-" + ++messages;
            for (NotificationItem item : notification.items()) {
                out.println(line(notification, item, messageId,
                        addresses.asConfigured(notification.message().channel(), notification.message().address())));
            }
        }
    }

    /** One line: the fields in the order of the class comment. */
    static String line(Notification notification, NotificationItem item, String messageId, String to) {
        OutboundMessage message = notification.message();
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("at", notification.sendsAt().toString());
            json.writeStringField("notification", item.kind().name());
            if (item.alarm() != null) {
                json.writeStringField("alarm", item.alarm().name());
            }
            if (item.instance() != null) {
                json.writeStringField("instance", item.instance());
                if (item.vault() != null) {
                    json.writeStringField("vault", item.vault());
                }
            }
            if (item.contact() != null) {
                json.writeStringField("contact", item.contact());
            }
            if (notification.account() != null) {
                json.writeStringField("account", notification.account());
            }
            json.writeStringField("channel", message.channel());
            json.writeStringField("to", to);
            json.writeStringField("messageId", messageId);
            if (item.alarm() != null) {
                if (item.job() != null) {
                    json.writeStringField("job", item.job());
                }
                json.writeNumberField("occurrences", item.occurrences());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
