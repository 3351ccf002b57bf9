package io.backupalarm.cli;

import io.backupalarm.delivery.Notification;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code redrive KEY... | --all}: makes dead letters pending again, with a fresh count of attempts
 * and the same idempotency key; the hosts' nodes send them at their next look into the outbox.
 * Every key is checked first: one that is not a dead letter changes nothing at all.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "redrive",
        description = {"Makes dead letters pending again; the hosts' nodes send them.",
                "Fresh attempts, same key; the nodes send them at their next look into the outbox. Every KEY is"
                        + " checked first: if one is not a dead letter, nothing is changed."})
public final class RedriveCommand extends OperatorCommand {

    @Parameters(paramLabel = "KEY", arity = "0..*", description = "the key of a dead letter, as 'dead-letters' lists it")
    private List<String> keys = new ArrayList<>();

    @Option(names = "--all", description = "every dead letter")
    private boolean all;

    RedriveCommand(Environment environment) {
        super(environment);
    }

    @Override
    void check() {
        if (all == !keys.isEmpty()) {
            throw invalid(all ? "give KEY or --all, not both" : "give the KEY of a dead letter, or --all");
        }
    }

    @Override
    int run(OperatorSession session) {
        List<String> wanted = all
                ? session.engine().deadLetters().stream().map(Notification::key).toList()
                : List.copyOf(new LinkedHashSet<>(keys));
        List<String> problems = new ArrayList<>();
        for (String key : wanted) {
            Optional<Notification> found = session.engine().notification(key);
            if (found.isEmpty()) {
                problems.add(name() + ": " + id(key) + ": no notification has this key");
            } else if (found.get().status() != Notification.Status.DEAD) {
                problems.add(name() + ": " + id(key) + ": not a dead letter (it is " + found.get().status() + ")");
            }
        }
        if (!problems.isEmpty()) {
            problems.add(name() + ": nothing was changed");
            throw new InvalidInputException(problems);
        }
        List<String> redriven = new ArrayList<>();
        for (String key : wanted) {
            if (session.engine().redrive(key)) {
                redriven.add(key);
            }
        }
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("redriven");
                for (String key : redriven) {
                    json.writeString(key);
                }
                json.writeEndArray();
                JsonOutput.string(json, "at", session.now());
                json.writeEndObject();
            }));
        } else if (redriven.isEmpty()) {
            out().println("no dead letters");
        } else {
            for (String key : redriven) {
                out().println("pending again: " + key);
            }
            out().println(redriven.size() + " notification(s) pending again; the hosts' nodes send them at their next"
                    + " look into the outbox");
        }
        out().flush();
        return ExitCodes.OK;
    }
}
