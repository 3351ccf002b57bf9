package io.backupalarm.history;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A query of the alarm history or the delivery history: filters (all of those given must match),
 * a time range, a page size and where to read on. Results come newest first, by
 * {@code (at, sequence)}.
 *
 * <pre>{@code
 * HistoryQuery query = HistoryQuery.builder()
 *         .instance("i-1").outcome(DeliveryRecord.Outcome.DEAD)
 *         .from(Instant.parse("2026-11-01T00:00:00Z")).limit(50).build();
 * HistoryPage<DeliveryRecord> page = engine.deliveryHistory(query);
 * // the next 50, older ones:
 * page.nextCursor().map(c -> engine.deliveryHistory(query.toBuilder().after(c).build()));
 * }</pre>
 *
 * <p>{@link #event()} filters alarm history only; {@link #kind()}, {@link #outcome()},
 * {@link #channel()}, {@link #address()} and {@link #notificationKey()} filter delivery history
 * only: a store refuses a query with a filter the other history has.
 *
 * <p>Immutable and thread-safe.
 */
public final class HistoryQuery {

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page size. */
    public static final int MAX_LIMIT = 1000;

    private final String account;
    private final String vault;
    private final String instance;
    private final AlarmType type;
    private final AlarmKey alarm;
    private final AlarmHistoryEntry.Event event;
    private final OutboundMessage.Kind kind;
    private final DeliveryRecord.Outcome outcome;
    private final String channel;
    private final String address;
    private final String notificationKey;
    private final Instant from;
    private final Instant until;
    private final int limit;
    private final HistoryCursor after;

    private HistoryQuery(Builder b) {
        this.account = b.account;
        this.vault = b.vault;
        this.instance = b.instance;
        this.type = b.type;
        this.alarm = b.alarm;
        this.event = b.event;
        this.kind = b.kind;
        this.outcome = b.outcome;
        this.channel = b.channel;
        this.address = b.address;
        this.notificationKey = b.notificationKey;
        this.from = b.from;
        this.until = b.until;
        this.limit = b.limit;
        this.after = b.after;
    }

    /**
     * A builder: no filter, the whole time range, {@link #DEFAULT_LIMIT} entries, the first page.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this query (to read the next page with {@link Builder#after}).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.account = account;
        b.vault = vault;
        b.instance = instance;
        b.type = type;
        b.alarm = alarm;
        b.event = event;
        b.kind = kind;
        b.outcome = outcome;
        b.channel = channel;
        b.address = address;
        b.notificationKey = notificationKey;
        b.from = from;
        b.until = until;
        b.limit = limit;
        b.after = after;
        return b;
    }

    /** @return the account filter */
    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    /** @return the vault filter */
    public Optional<String> vault() {
        return Optional.ofNullable(vault);
    }

    /** @return the instance filter (also set by an alarm key filter) */
    public Optional<String> instance() {
        return Optional.ofNullable(alarm != null ? alarm.instance() : instance);
    }

    /** @return the alarm type filter (also set by an alarm key filter) */
    public Optional<AlarmType> type() {
        return Optional.ofNullable(alarm != null ? alarm.type() : type);
    }

    /** @return the alarm key filter: type, instance and job (no job matches only entries without one) */
    public Optional<AlarmKey> alarm() {
        return Optional.ofNullable(alarm);
    }

    /** @return the event filter (alarm history) */
    public Optional<AlarmHistoryEntry.Event> event() {
        return Optional.ofNullable(event);
    }

    /** @return the message kind filter (delivery history) */
    public Optional<OutboundMessage.Kind> kind() {
        return Optional.ofNullable(kind);
    }

    /** @return the outcome filter (delivery history) */
    public Optional<DeliveryRecord.Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** @return the channel filter (delivery history) */
    public Optional<String> channel() {
        return Optional.ofNullable(channel);
    }

    /** @return the recipient address filter (delivery history) */
    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    /** @return the notification (idempotency key) filter (delivery history) */
    public Optional<String> notificationKey() {
        return Optional.ofNullable(notificationKey);
    }

    /** @return the earliest instant, inclusive */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /** @return the end of the time range, exclusive */
    public Optional<Instant> until() {
        return Optional.ofNullable(until);
    }

    /** @return the most entries a page holds */
    public int limit() {
        return limit;
    }

    /** @return where the previous page ended; empty for the first page */
    public Optional<HistoryCursor> after() {
        return Optional.ofNullable(after);
    }

    /**
     * Checks that this query filters nothing only delivery history has.
     *
     * @throws IllegalArgumentException naming the first such filter
     */
    public void requireForAlarms() {
        String field = kind != null ? "kind" : outcome != null ? "outcome" : channel != null ? "channel"
                : address != null ? "address" : notificationKey != null ? "notificationKey" : null;
        if (field != null) {
            throw new IllegalArgumentException("history query filter '" + field
                    + "' applies to delivery history only, not to alarm history");
        }
    }

    /**
     * Checks that this query filters nothing only alarm history has.
     *
     * @throws IllegalArgumentException naming the first such filter
     */
    public void requireForDeliveries() {
        if (event != null) {
            throw new IllegalArgumentException("history query filter 'event' applies to alarm history only, "
                    + "not to delivery history");
        }
    }

    /**
     * Whether an alarm history entry passes the filters, the time range and the cursor.
     *
     * @param e the entry
     * @return whether it belongs in a page of this query
     */
    public boolean matches(AlarmHistoryEntry e) {
        return common(e.at(), e.sequence(), e.account(), e.vault(), e.instance(), e.type(), e.job())
                && (event == null || event == e.event());
    }

    /**
     * Whether a delivery record passes the filters, the time range and the cursor.
     *
     * @param r the record
     * @return whether it belongs in a page of this query
     */
    public boolean matches(DeliveryRecord r) {
        return common(r.at(), r.sequence(), r.account(), r.vault(), r.instance(), r.type(), r.job())
                && (kind == null || kind == r.kind()) && (outcome == null || outcome == r.outcome())
                && (channel == null || channel.equals(r.channel())) && (address == null || address.equals(r.address()))
                && (notificationKey == null || notificationKey.equals(r.notificationKey()));
    }

    private boolean common(Instant at, long sequence, String eAccount, String eVault, String eInstance, AlarmType eType,
                           String eJob) {
        return (account == null || account.equals(eAccount)) && (vault == null || vault.equals(eVault))
                && instance().map(i -> i.equals(eInstance)).orElse(true)
                && type().map(t -> t == eType).orElse(true)
                && (alarm == null || Objects.equals(alarm.job(), eJob))
                && (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until))
                && (after == null || after.precedes(at, sequence));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryQuery q && Objects.equals(account, q.account) && Objects.equals(vault, q.vault)
                && Objects.equals(instance, q.instance) && type == q.type && Objects.equals(alarm, q.alarm)
                && event == q.event && kind == q.kind && outcome == q.outcome && Objects.equals(channel, q.channel)
                && Objects.equals(address, q.address) && Objects.equals(notificationKey, q.notificationKey)
                && Objects.equals(from, q.from) && Objects.equals(until, q.until) && limit == q.limit
                && Objects.equals(after, q.after);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, vault, instance, type, alarm, event, kind, outcome, channel, address,
                notificationKey, from, until, limit, after);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("HistoryQuery[");
        append(text, "account", account);
        append(text, "vault", vault);
        append(text, "instance", instance);
        append(text, "type", type);
        append(text, "alarm", alarm);
        append(text, "event", event);
        append(text, "kind", kind);
        append(text, "outcome", outcome);
        append(text, "channel", channel);
        append(text, "address", address);
        append(text, "notificationKey", notificationKey);
        append(text, "from", from);
        append(text, "until", until);
        append(text, "after", after);
        return text.append("limit=").append(limit).append(']').toString();
    }

    private static void append(StringBuilder text, String name, Object value) {
        if (value != null) {
            text.append(name).append('=').append(value).append(", ");
        }
    }

    /** Builds a {@link HistoryQuery}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private String account;
        private String vault;
        private String instance;
        private AlarmType type;
        private AlarmKey alarm;
        private AlarmHistoryEntry.Event event;
        private OutboundMessage.Kind kind;
        private DeliveryRecord.Outcome outcome;
        private String channel;
        private String address;
        private String notificationKey;
        private Instant from;
        private Instant until;
        private int limit = DEFAULT_LIMIT;
        private HistoryCursor after;

        private Builder() {
        }

        /**
         * Only entries of an account.
         *
         * @param id the account id, or {@code null} for any
         * @return this builder
         */
        public Builder account(String id) {
            this.account = text(id, "account");
            return this;
        }

        /**
         * Only entries of a vault.
         *
         * @param id the vault id, or {@code null} for any
         * @return this builder
         */
        public Builder vault(String id) {
            this.vault = text(id, "vault");
            return this;
        }

        /**
         * Only entries of an instance.
         *
         * @param id the instance id, or {@code null} for any
         * @return this builder
         * @throws IllegalArgumentException if an alarm key of another instance is set
         */
        public Builder instance(String id) {
            String value = text(id, "instance");
            if (value != null && alarm != null && !alarm.instance().equals(value)) {
                throw new IllegalArgumentException("history query instance '" + value
                        + "' contradicts the alarm key's instance '" + alarm.instance() + "'");
            }
            this.instance = value;
            return this;
        }

        /**
         * Only entries of an alarm type.
         *
         * @param alarmType the type, or {@code null} for any
         * @return this builder
         * @throws IllegalArgumentException if an alarm key of another type is set
         */
        public Builder type(AlarmType alarmType) {
            if (alarmType != null && alarm != null && alarm.type() != alarmType) {
                throw new IllegalArgumentException("history query type " + alarmType
                        + " contradicts the alarm key's type " + alarm.type());
            }
            this.type = alarmType;
            return this;
        }

        /**
         * Only entries of one alarm key (type, instance and job).
         *
         * @param key the key, or {@code null} for any
         * @return this builder
         * @throws IllegalArgumentException if an instance or type filter set before contradicts it
         */
        public Builder alarm(AlarmKey key) {
            if (key != null && instance != null && !instance.equals(key.instance())) {
                throw new IllegalArgumentException("history query alarm " + key
                        + " contradicts the instance filter '" + instance + "'");
            }
            if (key != null && type != null && type != key.type()) {
                throw new IllegalArgumentException("history query alarm " + key + " contradicts the type filter "
                        + type);
            }
            this.alarm = key;
            return this;
        }

        /**
         * Only alarm history entries of an event.
         *
         * @param alarmEvent the event, or {@code null} for any
         * @return this builder
         */
        public Builder event(AlarmHistoryEntry.Event alarmEvent) {
            this.event = alarmEvent;
            return this;
        }

        /**
         * Only delivery records of a message kind.
         *
         * @param messageKind the kind, or {@code null} for any
         * @return this builder
         */
        public Builder kind(OutboundMessage.Kind messageKind) {
            this.kind = messageKind;
            return this;
        }

        /**
         * Only delivery records with an outcome.
         *
         * @param attemptOutcome the outcome, or {@code null} for any
         * @return this builder
         */
        public Builder outcome(DeliveryRecord.Outcome attemptOutcome) {
            this.outcome = attemptOutcome;
            return this;
        }

        /**
         * Only delivery records of a channel.
         *
         * @param name the channel, or {@code null} for any
         * @return this builder
         */
        public Builder channel(String name) {
            this.channel = text(name, "channel");
            return this;
        }

        /**
         * Only delivery records to a recipient address (on any channel, unless {@link #channel} is set).
         *
         * @param to the address exactly as stored (an e-mail address, an E.164 number, a URL), or
         *        {@code null} for any
         * @return this builder
         */
        public Builder address(String to) {
            this.address = text(to, "address");
            return this;
        }

        /**
         * Only the delivery records of one message.
         *
         * @param key its idempotency key, or {@code null} for any
         * @return this builder
         */
        public Builder notificationKey(String key) {
            this.notificationKey = text(key, "notificationKey");
            return this;
        }

        /**
         * Only entries at or after an instant.
         *
         * @param instant the instant, or {@code null} for no lower bound
         * @return this builder
         * @throws IllegalArgumentException if not before {@link #until}
         */
        public Builder from(Instant instant) {
            checkRange(instant, until);
            this.from = instant;
            return this;
        }

        /**
         * Only entries before an instant.
         *
         * @param instant the instant, exclusive, or {@code null} for no upper bound
         * @return this builder
         * @throws IllegalArgumentException if not after {@link #from}
         */
        public Builder until(Instant instant) {
            checkRange(from, instant);
            this.until = instant;
            return this;
        }

        /**
         * The most entries a page holds.
         *
         * @param max 1 to {@link #MAX_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder limit(int max) {
            if (max < 1 || max > MAX_LIMIT) {
                throw new IllegalArgumentException("history query limit must be 1 to " + MAX_LIMIT + ", not " + max);
            }
            this.limit = max;
            return this;
        }

        /**
         * Reads on after a page: the entries older than its last one.
         *
         * @param cursor a page's {@link HistoryPage#nextCursor()}, or {@code null} for the first page
         * @return this builder
         * @throws IllegalArgumentException if it is not such a cursor
         */
        public Builder after(String cursor) {
            this.after = cursor == null ? null : HistoryCursor.parse(cursor);
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         */
        public HistoryQuery build() {
            return new HistoryQuery(this);
        }

        private static void checkRange(Instant start, Instant end) {
            if (start != null && end != null && !start.isBefore(end)) {
                throw new IllegalArgumentException("history query range is empty: from " + start
                        + " is not before until " + end);
            }
        }

        private static String text(String value, String field) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("history query " + field + " must not be blank (null means any)");
            }
            return value;
        }
    }
}
