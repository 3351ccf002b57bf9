package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.OpenAlarm;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code alarms}: the open alarms of the store, by key: their state, since when, and whether they
 * are held back or acknowledged.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "alarms",
        description = {"Lists the open alarms: state, since when, held back or acknowledged."})
public final class AlarmsCommand extends OperatorCommand {

    AlarmsCommand(Environment environment) {
        super(environment);
    }

    @Override
    int run(OperatorSession session) {
        List<OpenAlarm> alarms = session.engine().openAlarms();
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartArray();
                for (OpenAlarm alarm : alarms) {
                    write(json, alarm);
                }
                json.writeEndArray();
            }));
        } else if (alarms.isEmpty()) {
            out().println("no open alarms");
        } else {
            Table table = new Table("ALARM", "INSTANCE", "JOB", "STATE", "SINCE", "EVENTS", "NOTE");
            for (OpenAlarm alarm : alarms) {
                table.row(alarm.key().type(), alarm.key().instance(), alarm.key().job(), alarm.state(),
                        alarm.openedAt(), alarm.occurrences(), note(alarm));
            }
            out().print(table.render());
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** Whether a firing alarm was never announced: something holds it back (a silence, a window, its client's disconnect). */
    static boolean heldBack(OpenAlarm alarm) {
        return alarm.state() == AlarmState.FIRING && !alarm.announced() && !alarm.acknowledged();
    }

    private static String note(OpenAlarm alarm) {
        if (alarm.acknowledged()) {
            String comment = alarm.acknowledgement().comment();
            return "acknowledged by " + alarm.acknowledgement().by() + " at " + Table.time(alarm.acknowledgement().at())
                    + (comment == null ? "" : ": " + comment);
        }
        if (alarm.state() == AlarmState.PENDING) {
            return "fires at " + Table.time(alarm.nextDue());
        }
        if (heldBack(alarm)) {
            return "held back" + (alarm.nextDue() == null ? "" : ", looked at again at " + Table.time(alarm.nextDue()));
        }
        return "announced at " + Table.time(alarm.announcedAt());
    }

    /** One alarm as a JSON object. */
    static void write(JsonGenerator json, OpenAlarm alarm) throws IOException {
        json.writeStartObject();
        json.writeStringField("alarm", alarm.key().type().name());
        json.writeStringField("instance", alarm.key().instance());
        JsonOutput.string(json, "job", alarm.key().job());
        json.writeStringField("state", alarm.state().name());
        JsonOutput.string(json, "since", alarm.openedAt());
        json.writeNumberField("occurrences", alarm.occurrences());
        JsonOutput.string(json, "message", alarm.message());
        JsonOutput.string(json, "vault", alarm.vault());
        JsonOutput.string(json, "account", alarm.account());
        JsonOutput.string(json, "firedAt", alarm.firedAt());
        JsonOutput.string(json, "announcedAt", alarm.announcedAt());
        json.writeBooleanField("heldBack", heldBack(alarm));
        JsonOutput.string(json, "nextDue", alarm.nextDue());
        json.writeNumberField("repeats", alarm.repeats());
        if (alarm.acknowledged()) {
            json.writeObjectFieldStart("acknowledged");
            json.writeStringField("by", alarm.acknowledgement().by());
            JsonOutput.string(json, "comment", alarm.acknowledgement().comment());
            JsonOutput.string(json, "at", alarm.acknowledgement().at());
            json.writeEndObject();
        } else {
            json.writeNullField("acknowledged");
        }
        json.writeEndObject();
    }
}
