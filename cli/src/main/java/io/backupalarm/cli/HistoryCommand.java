package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryCursor;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code history alarms|deliveries [filters]}: a page of the shared alarm history (every
 * transition of every alarm) or delivery history (every attempt of every message), newest
 * first, with the cursor of the next, older page.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "history",
        description = {"Shows the alarm history or the delivery history, newest first, a page at a time.",
                "alarms: every transition of every alarm (opened, fired, held, acknowledged, resolved, ...);"
                        + " deliveries: every attempt of every message, with the provider's receipt or the error."})
public final class HistoryCommand extends OperatorCommand {

    /** Which history. */
    enum Which {
        /** The transitions of alarms. */
        ALARMS,
        /** The delivery attempts. */
        DELIVERIES
    }

    @Parameters(index = "0", paramLabel = "alarms|deliveries", description = "which history")
    private Which which;

    @Option(names = "--account", paramLabel = "ID", description = "only this account's")
    private String account;

    @Option(names = "--vault", paramLabel = "ID", description = "only this vault's")
    private String vault;

    @Option(names = "--instance", paramLabel = "ID", description = "only this instance's")
    private String instance;

    @Option(names = "--alarm", paramLabel = "TYPE", description = "only this alarm type: ${COMPLETION-CANDIDATES}")
    private AlarmType alarm;

    @Option(names = "--job", paramLabel = "JOB", description = "only this job's BACKUP_FAILED alarm (with --instance"
            + " and --alarm BACKUP_FAILED)")
    private String job;

    @Option(names = "--event", paramLabel = "EVENT", description = "alarms: only this event: ${COMPLETION-CANDIDATES}")
    private AlarmHistoryEntry.Event event;

    @Option(names = "--kind", paramLabel = "KIND", description = "deliveries: only this kind of message:"
            + " ${COMPLETION-CANDIDATES}")
    private OutboundMessage.Kind kind;

    @Option(names = {"--outcome", "--status"}, paramLabel = "OUTCOME", description = "deliveries: only attempts"
            + " that ended so: ${COMPLETION-CANDIDATES}")
    private DeliveryRecord.Outcome outcome;

    @Option(names = "--channel", paramLabel = "NAME", description = "deliveries: only this channel's")
    private String channel;

    @Option(names = "--address", paramLabel = "ADDR", description = "deliveries: only to this address, exactly as"
            + " configured (an e-mail address, an E.164 number, a URL)")
    private String address;

    @Option(names = "--key", paramLabel = "KEY", description = "deliveries: only the attempts of this message"
            + " (its idempotency key)")
    private String key;

    @Option(names = "--since", paramLabel = "TIME", description = "only from then on: an instant with an offset"
            + " (2026-01-01T18:00:00Z) or a duration ago (PT24H, P7D)")
    private String since;

    @Option(names = "--until", paramLabel = "TIME", description = "only before then: an instant with an offset or a"
            + " duration ago")
    private String until;

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries (1 to " + HistoryQuery.MAX_LIMIT
            + ", default " + HistoryQuery.DEFAULT_LIMIT + ")")
    private Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page: the cursor the previous page"
            + " printed")
    private String cursor;

    private final Environment environment;
    private Instant from;
    private Instant to;

    HistoryCommand(Environment environment) {
        super(environment);
        this.environment = environment;
    }

    @Override
    void check() {
        checkId("--account", account);
        checkId("--vault", vault);
        checkId("--instance", instance);
        if (which == Which.ALARMS) {
            onlyFor("deliveries", "--kind", kind);
            onlyFor("deliveries", "--outcome", outcome);
            onlyFor("deliveries", "--channel", channel);
            onlyFor("deliveries", "--address", address);
            onlyFor("deliveries", "--key", key);
        } else {
            onlyFor("alarms", "--event", event);
        }
        notBlank("--channel", channel);
        notBlank("--address", address);
        notBlank("--key", key);
        if (job != null) {
            if (job.isEmpty()) {
                throw invalid("--job must not be empty");
            }
            if (alarm != AlarmType.BACKUP_FAILED || instance == null) {
                throw invalid("--job " + id(job) + ": give it with --instance and --alarm BACKUP_FAILED (only a"
                        + " BACKUP_FAILED alarm has a job)");
            }
        }
        if (limit != null && (limit < 1 || limit > HistoryQuery.MAX_LIMIT)) {
            throw invalid("--limit " + limit + ": must be 1 to " + HistoryQuery.MAX_LIMIT);
        }
        if (cursor != null) {
            try {
                HistoryCursor.parse(cursor);
            } catch (IllegalArgumentException e) {
                throw invalid("--cursor '" + SafeText.printable(cursor) + "': not a cursor of this command (use the"
                        + " one a page printed after 'more:', or its nextCursor)");
            }
        }
        Instant now = environment.clock().instant();
        from = since == null ? null : Instants.instantOrAgo(name(), "--since", since, now);
        to = until == null ? null : Instants.instantOrAgo(name(), "--until", until, now);
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("--since " + from + " is not before --until " + to + ": nothing can match");
        }
    }

    @Override
    int run(OperatorSession session) {
        HistoryQuery query = query();
        if (which == Which.ALARMS) {
            HistoryPage<AlarmHistoryEntry> page = session.engine().alarmHistory(query);
            if (json) {
                out().print(JsonOutput.document(json -> page(json, page, HistoryCommand::write)));
            } else if (page.items().isEmpty()) {
                out().println("no alarm history matches");
            } else {
                Table table = new Table("AT", "EVENT", "ALARM", "INSTANCE", "JOB", "DETAIL");
                for (AlarmHistoryEntry entry : page.items()) {
                    table.row(entry.at(), entry.event(), entry.type(), entry.instance(), entry.job(), entry.detail());
                }
                out().print(table.render());
                more(page);
            }
        } else {
            HistoryPage<DeliveryRecord> page = session.engine().deliveryHistory(query);
            if (json) {
                out().print(JsonOutput.document(json -> page(json, page, HistoryCommand::write)));
            } else if (page.items().isEmpty()) {
                out().println("no delivery history matches");
            } else {
                Table table = new Table("AT", "OUTCOME", "ATTEMPT", "CHANNEL", "TO", "KIND", "ALARM", "INSTANCE",
                        "DETAIL");
                for (DeliveryRecord record : page.items()) {
                    table.row(record.at(), record.outcome(), record.attempt(), record.channel(),
                            Redactor.address(record.address()), record.kind(), record.type(), record.instance(),
                            detail(record));
                }
                out().print(table.render());
                more(page);
            }
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** The query of the options. */
    private HistoryQuery query() {
        HistoryQuery.Builder query = HistoryQuery.builder().account(account).vault(vault).from(from).until(to)
                .after(cursor);
        if (job != null) {
            query.alarm(new AlarmKey(alarm, instance, job));
        } else {
            query.instance(instance).type(alarm);
        }
        if (limit != null) {
            query.limit(limit);
        }
        return query.event(event).kind(kind).outcome(outcome).channel(channel).address(address).notificationKey(key)
                .build();
    }

    private void onlyFor(String history, String option, Object value) {
        if (value != null) {
            throw invalid(option + ": filters the " + (history.equals("alarms") ? "alarm" : "delivery")
                    + " history only (history " + history + ")");
        }
    }

    private void notBlank(String option, String value) {
        if (value != null && value.isBlank()) {
            throw invalid(option + " must not be blank");
        }
    }

    /** The hint to the next page, as the last line. */
    private void more(HistoryPage<?> page) {
        page.nextCursor().ifPresent(next -> out().println("more: --cursor " + next));
    }

    /** What a delivery attempt came to: the provider's receipt once delivered, else the error. */
    private static String detail(DeliveryRecord record) {
        if (record.outcome() == DeliveryRecord.Outcome.DELIVERED) {
            return record.receipt() == null ? null : "receipt " + record.receipt();
        }
        return record.error();
    }

    /** Writes one entry of a page. */
    @FunctionalInterface
    private interface Item<T> {
        void write(JsonGenerator json, T item) throws IOException;
    }

    private static <T> void page(JsonGenerator json, HistoryPage<T> page, Item<T> item) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("items");
        for (T entry : page.items()) {
            item.write(json, entry);
        }
        json.writeEndArray();
        JsonOutput.string(json, "nextCursor", page.nextCursor().orElse(null));
        json.writeEndObject();
    }

    private static void write(JsonGenerator json, AlarmHistoryEntry entry) throws IOException {
        json.writeStartObject();
        json.writeNumberField("sequence", entry.sequence());
        JsonOutput.string(json, "at", entry.at());
        json.writeStringField("event", entry.event().name());
        json.writeStringField("alarm", entry.type().name());
        json.writeStringField("instance", entry.instance());
        JsonOutput.string(json, "job", entry.job());
        JsonOutput.string(json, "vault", entry.vault());
        JsonOutput.string(json, "account", entry.account());
        JsonOutput.string(json, "openedAt", entry.openedAt());
        json.writeStringField("detail", entry.detail());
        json.writeStringField("node", entry.node());
        json.writeEndObject();
    }

    private static void write(JsonGenerator json, DeliveryRecord record) throws IOException {
        json.writeStartObject();
        json.writeNumberField("sequence", record.sequence());
        JsonOutput.string(json, "at", record.at());
        json.writeStringField("outcome", record.outcome().name());
        json.writeNumberField("attempt", record.attempt());
        json.writeStringField("channel", record.channel());
        json.writeStringField("to", Redactor.address(record.address()));
        json.writeStringField("kind", record.kind().name());
        JsonOutput.string(json, "alarm", record.type() == null ? null : record.type().name());
        JsonOutput.string(json, "instance", record.instance());
        JsonOutput.string(json, "job", record.job());
        JsonOutput.string(json, "vault", record.vault());
        JsonOutput.string(json, "account", record.account());
        json.writeNumberField("items", record.items());
        json.writeStringField("key", record.notificationKey());
        JsonOutput.string(json, "receipt", record.receipt());
        JsonOutput.string(json, "error", record.error());
        json.writeStringField("duration", record.duration().toString());
        json.writeStringField("node", record.node());
        json.writeEndObject();
    }
}
