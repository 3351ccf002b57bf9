package io.backupalarm.cli;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.text.SafeText;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ack INSTANCE --alarm TYPE [--job JOB] --by NAME [--comment TEXT]}: acknowledges a firing
 * alarm through the engine; no more {@code REPEAT} goes out for this occurrence, {@code RESOLVED}
 * still does.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "ack",
        description = {"Acknowledges a firing alarm: no more REPEAT for it.",
                "No more REPEAT goes out for this occurrence (one never announced is never announced); RESOLVED"
                        + " still does. An alarm that is not firing is invalid input."})
public final class AckCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "the instance (backup client) id")
    private String instance;

    @Option(names = "--alarm", required = true, paramLabel = "TYPE", description = "${COMPLETION-CANDIDATES}")
    private AlarmType alarm;

    @Option(names = "--job", paramLabel = "JOB", description = "the backup job of a BACKUP_FAILED alarm"
            + " (without it: the failure alarm without job)")
    private String job;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "who (1 to 64 characters)")
    private String by;

    @Option(names = "--comment", paramLabel = "TEXT", description = "what they say (at most 1,000 characters)")
    private String comment;

    AckCommand(Environment environment) {
        super(environment);
    }

    @Override
    void check() {
        checkId("INSTANCE", instance);
        if (job != null && alarm == AlarmType.CLIENT_DISCONNECTED) {
            throw invalid("--job " + id(job) + ": a CLIENT_DISCONNECTED alarm has no job (only a BACKUP_FAILED alarm has"
                    + " one)");
        }
        if (job != null && job.isEmpty()) {
            throw invalid("--job must not be empty");
        }
    }

    @Override
    int run(OperatorSession session) {
        if (session.store().configuration().read(repos -> repos.instances().find(instance)).isEmpty()) {
            throw invalid(id(instance) + ": no such instance; nothing was changed");
        }
        AlarmKey key = new AlarmKey(alarm, instance, job);
        AcknowledgeResult result = session.engine().acknowledge(key, by, comment);
        Optional<OpenAlarm> now = session.store().alarms().find(key);
        if (result == AcknowledgeResult.NOT_FIRING) {
            throw invalid("no " + describe(key) + " is firing ("
                    + now.filter(a -> a.state() == AlarmState.PENDING)
                            .map(a -> "it is pending and fires at " + Table.time(a.nextDue()))
                            .orElse("none is open")
                    + "); nothing was changed");
        }
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartObject();
                json.writeStringField("result", result.name());
                json.writeFieldName("alarm");
                if (now.isPresent()) {
                    AlarmsCommand.write(json, now.get());
                } else {
                    json.writeNull(); // resolved by a node meanwhile
                }
                json.writeEndObject();
            }));
        } else if (result == AcknowledgeResult.ALREADY_ACKNOWLEDGED) {
            out().println(SafeText.escape(describe(key) + " was already acknowledged"
                    + now.filter(OpenAlarm::acknowledged).map(a -> " by " + a.acknowledgement().by() + " at "
                            + Table.time(a.acknowledgement().at())).orElse("") + "; nothing was changed"));
        } else {
            out().println(SafeText.escape(describe(key) + " acknowledged by " + by
                    + "; no more REPEAT for it, RESOLVED still goes out"));
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static String describe(AlarmKey key) {
        return key.type() + " alarm of instance " + key.instance() + (key.job() == null ? "" : " job " + key.job());
    }
}
