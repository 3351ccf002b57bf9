package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code dead-letters}: the notifications given up (a permanent failure, retries ran out, no
 * such channel on the node), oldest first, with the key that {@code redrive} takes.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "dead-letters",
        description = {"Lists the notifications given up, with the key 'redrive' takes.",
                "A notification is given up on a permanent failure, when its retries ran out, or when the node has"
                        + " no channel of its name; oldest first."})
public final class DeadLettersCommand extends OperatorCommand {

    DeadLettersCommand(Environment environment) {
        super(environment);
    }

    @Override
    int run(OperatorSession session) {
        List<Notification> dead = session.engine().deadLetters();
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartArray();
                for (Notification notification : dead) {
                    write(json, notification);
                }
                json.writeEndArray();
            }));
        } else if (dead.isEmpty()) {
            out().println("no dead letters");
        } else {
            Table table = new Table("KEY", "CHANNEL", "TO", "KIND", "INSTANCE", "ATTEMPTS", "GIVEN UP", "ERROR");
            for (Notification notification : dead) {
                table.row(notification.key(), notification.message().channel(), Redactor.address(notification.message().address()),
                        notification.message().kind(), instances(notification), notification.attempts(),
                        notification.finishedAt(), notification.lastError());
            }
            out().print(table.render());
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** The instances a message is about: one, or the first and how many more (a group). */
    private static String instances(Notification notification) {
        List<String> instances = notification.items().stream().map(NotificationItem::instance)
                .filter(i -> i != null).distinct().toList();
        if (instances.isEmpty()) {
            return null;
        }
        return instances.size() == 1 ? instances.get(0) : instances.get(0) + " +" + (instances.size() - 1);
    }

    /** One notification of the outbox as a JSON object. */
    static void write(JsonGenerator json, Notification notification) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", notification.key());
        json.writeStringField("status", notification.status().name());
        json.writeStringField("channel", notification.message().channel());
        json.writeStringField("to", Redactor.address(notification.message().address()));
        json.writeStringField("kind", notification.message().kind().name());
        JsonOutput.string(json, "account", notification.account());
        json.writeArrayFieldStart("items");
        for (NotificationItem item : notification.items()) {
            json.writeStartObject();
            json.writeStringField("kind", item.kind().name());
            JsonOutput.string(json, "alarm", item.alarm() == null ? null : item.alarm().name());
            JsonOutput.string(json, "instance", item.instance());
            JsonOutput.string(json, "vault", item.vault());
            JsonOutput.string(json, "job", item.job());
            JsonOutput.string(json, "contact", item.contact());
            JsonOutput.string(json, "at", item.at());
            json.writeEndObject();
        }
        json.writeEndArray();
        JsonOutput.string(json, "createdAt", notification.createdAt());
        json.writeNumberField("attempts", notification.attempts());
        JsonOutput.string(json, "lastError", notification.lastError());
        JsonOutput.string(json, "finishedAt", notification.finishedAt());
        JsonOutput.string(json, "nextAttemptAt", notification.nextAttemptAt());
        json.writeEndObject();
    }
}
