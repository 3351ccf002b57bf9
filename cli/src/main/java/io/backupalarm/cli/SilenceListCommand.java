package io.backupalarm.cli;

import io.backupalarm.quiet.Silence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code silence list}: the silences that have not ended, active now or still to start, by start
 * then id.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "list", description = {"Lists the silences that have not ended: active now, or still to start."})
public final class SilenceListCommand extends OperatorCommand {

    @Option(names = "--account", paramLabel = "ID", description = "only this account's silences")
    private String account;

    SilenceListCommand(Environment environment) {
        super(environment);
    }

    @Override
    void check() {
        checkId("--account", account);
    }

    @Override
    int run(OperatorSession session) {
        Instant now = session.now();
        List<Silence> silences = session.engine().silences().stream()
                .filter(s -> account == null || s.account().equals(account)).toList();
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartArray();
                for (Silence silence : silences) {
                    SilenceAddCommand.write(json, silence, now);
                }
                json.writeEndArray();
            }));
        } else if (silences.isEmpty()) {
            out().println("no silences");
        } else {
            Table table = new Table("ID", "ACCOUNT", "COVERS", "STARTS", "ENDS", "STATE", "BY", "COMMENT");
            for (Silence silence : silences) {
                table.row(silence.id(), silence.account(), covers(silence), silence.starts(), silence.end(),
                        silence.activeAt(now) ? "active" : "starts later", silence.createdBy(), silence.comment());
            }
            out().print(table.render());
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** What a silence covers, for people: {@code account acct-1, instance i-web1, BACKUP_FAILED}. */
    static String describe(Silence silence) {
        return "account " + silence.account() + ", " + covers(silence);
    }

    private static String covers(Silence silence) {
        List<String> parts = new ArrayList<>();
        silence.matcher().vaultId().ifPresent(v -> parts.add("vault " + v));
        silence.matcher().instanceId().ifPresent(i -> parts.add("instance " + i));
        parts.add(silence.matcher().alarm() == null ? "any alarm" : silence.matcher().alarm().name());
        return String.join(", ", parts);
    }
}
