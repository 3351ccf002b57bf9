package io.backupalarm.cli;

import io.backupalarm.quiet.Silence;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code silence expire ID}: ends a silence now. The alarms it alone held back are announced by
 * the hosts' nodes at their next look into the store, with their settings.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "expire",
        description = {"Ends a silence now.",
                "The alarms it alone held back that still fire are announced by the hosts' nodes at their next"
                        + " look into the store."})
public final class SilenceExpireCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "the silence's id, as 'silence list' shows it")
    private String silenceId;

    SilenceExpireCommand(Environment environment) {
        super(environment);
    }

    @Override
    void check() {
        checkId("ID", silenceId);
    }

    @Override
    int run(OperatorSession session) {
        Instant now = session.now();
        Optional<Silence> before = session.store().silences().find(silenceId);
        if (before.isEmpty()) {
            throw invalid(id(silenceId) + ": no such silence; nothing was changed");
        }
        boolean alreadyEnded = before.get().endedBy(now);
        Silence expired = session.engine().expireSilence(silenceId);
        // Only a silence that was active held anything back.
        int released = before.get().activeAt(now) ? session.releaseHeldBy(expired) : 0;
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartObject();
                json.writeFieldName("silence");
                SilenceAddCommand.write(json, expired, now);
                json.writeBooleanField("expired", !alreadyEnded);
                json.writeNumberField("released", released);
                json.writeEndObject();
            }));
        } else if (alreadyEnded) {
            out().println("silence " + expired.id() + " had already ended at " + Table.time(expired.end())
                    + "; nothing was changed");
        } else {
            out().println("silence " + expired.id() + " expired at " + Table.time(now) + "; " + released
                    + " alarm(s) it held back are due: the hosts' nodes announce them at their next look, unless"
                    + " something else still holds them back");
        }
        out().flush();
        return ExitCodes.OK;
    }
}
