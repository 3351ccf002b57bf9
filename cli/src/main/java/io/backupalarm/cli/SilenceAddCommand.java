package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.Silence;
import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code silence add}: creates a silence in the hosts' store through the engine; every node holds
 * back the alarms it covers while it is active.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "add",
        description = {"Creates a silence.",
                "From --starts (default: now) until --until, or for --for, nothing is sent for the alarms of an"
                        + " account that --vault, --instance and --alarm cover (all of the account's alarms when"
                        + " none is given)."})
public final class SilenceAddCommand extends OperatorCommand {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Option(names = "--id", paramLabel = "ID", description = "the silence's id (default: s-<UTC time>-<random>)")
    private String silenceId;

    @Option(names = "--account", paramLabel = "ID",
            description = "the account (default: the account of --vault or --instance)")
    private String account;

    @Option(names = "--vault", paramLabel = "ID", description = "only the alarms of this vault's instances")
    private String vault;

    @Option(names = "--instance", paramLabel = "ID", description = "only the alarms of this instance")
    private String instance;

    @Option(names = "--alarm", paramLabel = "TYPE",
            description = "only alarms of this type: ${COMPLETION-CANDIDATES}")
    private AlarmType alarm;

    @Option(names = "--starts", paramLabel = "INSTANT", description = "when it begins (default: now), ISO-8601")
    private String starts;

    @Option(names = "--until", paramLabel = "INSTANT",
            description = "when it ends, ISO-8601 with an offset (2026-01-01T18:00:00Z)")
    private String until;

    @Option(names = "--for", paramLabel = "DURATION", description = "how long it lasts from its start, ISO-8601 (PT2H)")
    private String lasting;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "who creates it (1 to 64 characters)")
    private String by;

    @Option(names = "--comment", paramLabel = "TEXT", description = "why (at most 1,000 characters)")
    private String comment;

    SilenceAddCommand(Environment environment) {
        super(environment);
    }

    @Override
    void check() {
        checkId("--id", silenceId);
        checkId("--account", account);
        checkId("--vault", vault);
        checkId("--instance", instance);
        if ((until == null) == (lasting == null)) {
            throw invalid(until == null ? "give when it ends: --until INSTANT or --for DURATION"
                    : "give --until or --for, not both");
        }
        if (account == null && vault == null && instance == null) {
            throw invalid("give --account, --vault or --instance (a silence of a whole account needs --account)");
        }
        if (starts != null) {
            Instants.instant(name(), "--starts", starts);
        }
        if (until != null) {
            Instants.instant(name(), "--until", until);
        } else {
            Instants.duration(name(), "--for", lasting);
        }
    }

    @Override
    int run(OperatorSession session) {
        Instant now = session.now();
        Instant begins = starts == null ? now : Instants.instant(name(), "--starts", starts);
        Instant ends = until != null ? Instants.instant(name(), "--until", until)
                : begins.plus(Instants.duration(name(), "--for", lasting));
        if (!ends.isAfter(begins)) {
            throw invalid("it would end at " + ends + ", not after it starts at " + begins);
        }
        String owner = owner(session);
        String id = silenceId != null ? silenceId
                : "s-" + ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        Silence created = session.engine().createSilence(Silence.of(id, owner, new AlarmMatcher(vault, instance, alarm),
                begins, ends, by, comment));
        if (json) {
            out().print(JsonOutput.document(json -> write(json, created, now)));
        } else {
            out().println(SafeText.escape("silence " + created.id() + " created: " + SilenceListCommand.describe(created)
                    + ", from " + Table.time(created.starts()) + " to " + Table.time(created.ends())));
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** The account: given, or that of the vault or instance; they must agree. */
    private String owner(OperatorSession session) {
        return session.store().configuration().read(repos -> {
            String of = account;
            if (instance != null) {
                Instance found = repos.instances().find(instance)
                        .orElseThrow(() -> invalid("--instance " + id(instance) + ": no such instance; nothing was changed"));
                Vault itsVault = repos.vaults().find(found.vault())
                        .orElseThrow(() -> invalid("--instance " + id(instance) + ": its vault " + id(found.vault())
                                + " does not exist; nothing was changed"));
                if (vault != null && !vault.equals(itsVault.id())) {
                    throw invalid("--instance " + id(instance) + " belongs to vault " + id(itsVault.id()) + ", not "
                            + id(vault) + "; nothing was changed");
                }
                of = agree(of, itsVault.account(), "--instance " + id(instance));
            }
            if (vault != null) {
                Vault found = repos.vaults().find(vault)
                        .orElseThrow(() -> invalid("--vault " + id(vault) + ": no such vault; nothing was changed"));
                of = agree(of, found.account(), "--vault " + id(vault));
            }
            if (repos.accounts().find(of).isEmpty()) {
                throw invalid("--account " + id(of) + ": no such account; nothing was changed");
            }
            return of;
        });
    }

    private String agree(String known, String owner, String what) {
        if (known != null && !known.equals(owner)) {
            throw invalid(what + " belongs to account " + id(owner) + ", not " + id(known) + "; nothing was changed");
        }
        return owner;
    }

    /** A silence as a JSON object. */
    static void write(JsonGenerator json, Silence silence, Instant now) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", silence.id());
        json.writeStringField("account", silence.account());
        JsonOutput.string(json, "vault", silence.matcher().vault());
        JsonOutput.string(json, "instance", silence.matcher().instance());
        JsonOutput.string(json, "alarm", silence.matcher().alarm() == null ? null : silence.matcher().alarm().name());
        JsonOutput.string(json, "starts", silence.starts());
        JsonOutput.string(json, "ends", silence.ends());
        JsonOutput.string(json, "expiredAt", silence.expiredAt());
        JsonOutput.string(json, "createdBy", silence.createdBy());
        JsonOutput.string(json, "comment", silence.comment());
        json.writeBooleanField("active", silence.activeAt(now));
        json.writeEndObject();
    }
}
