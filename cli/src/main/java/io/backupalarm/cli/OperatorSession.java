package io.backupalarm.cli;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An operator command's view of the hosts' shared store: the {@link JdbcStore} on the database of
 * {@code --jdbc}, and an {@link AlarmEngine} on it through which the command acts, as a node
 * would.
 *
 * <p><b>The tool sends nothing and does no node's work.</b> The engine runs on manual time at the
 * instant the command started (so it runs no scheduler, sender or listener thread) and has no
 * channel. It sees the shared stores through two views that hide the nodes' work from it: the
 * outbox offers it nothing to send (so it never claims a notification, nor dead-letters one for
 * want of a channel), and the alarm store offers it no due alarm and no alarm for a silence's
 * expiry to release (so it never fires, repeats or announces an alarm with settings and templates
 * that may not be the nodes'). What the commands write (a silence, an acknowledgement, a test
 * notification in the outbox, a dead letter pending again) the nodes that run in real time act
 * on at their next look into the store. An alarm that an expired silence alone held back is made
 * due at once by {@link #releaseHeldBy}, and the nodes announce it.
 *
 * <p>What the engine records (an acknowledgement, a silence's release) goes into the shared
 * history, under the node {@link #NODE}, where the nodes' own entries are; the tool never purges
 * that history (the nodes' retention decides).
 *
 * <p>Not thread-safe: one command uses it on one thread.
 */
final class OperatorSession implements AutoCloseable {

    /**
     * The node the tool's actions are recorded under in the shared history:
     * {@code backup-alarm-cli@HOST}, at most 128 characters. Looked up once per run.
     */
    static final String NODE = node();

    private final JdbcStore store;
    private final AlarmEngine engine;
    private final Instant now;

    private OperatorSession(JdbcStore store, Instant now) {
        this.store = store;
        this.now = now;
        this.engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(new NoDueAlarms(store.alarms()))
                .outbox(new NothingToSend(store.outbox()))
                .silences(store.silences())
                .history(new KeepHistory(store.history()))
                .node(store.nodeId())
                .manualTime(new ManualClock(now))
                .build();
    }

    /**
     * Connects to the store.
     *
     * @param url the JDBC URL
     * @param credentials the user and password, either may be {@code null}
     * @param environment the clock of the run
     * @return the session
     * @throws io.backupalarm.store.jdbc.JdbcStoreException if the database cannot be reached
     */
    static OperatorSession open(String url, Credentials credentials, Environment environment) {
        Instant now = environment.clock().instant().truncatedTo(ChronoUnit.MICROS); // what the database keeps
        JdbcStore store = JdbcStore.builder(new UrlDataSource(url, credentials)).nodeId(NODE).build();
        return new OperatorSession(store, now);
    }

    private static String node() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            host = "localhost"; // a host without a resolvable name still records its actions
        }
        String name = "backup-alarm-cli@" + host;
        return name.length() <= 128 ? name : name.substring(0, 128);
    }

    /** @return the store */
    JdbcStore store() {
        return store;
    }

    /** @return the engine to act through; it sends nothing */
    AlarmEngine engine() {
        return engine;
    }

    /** @return the instant the command acts at */
    Instant now() {
        return now;
    }

    /**
     * After a silence was expired: makes every alarm it held back that fires, was never announced
     * nor acknowledged, due now, in the store, so that the nodes look at it again at their next
     * look and announce it (with their settings) unless something else still holds it back.
     *
     * @param silence the silence as expired
     * @return how many alarms were made due
     */
    int releaseHeldBy(Silence silence) {
        AlarmStore alarms = store.alarms();
        int released = 0;
        for (OpenAlarm held : alarms.awaitingAnnouncement(silence.account())) {
            if (!silence.matcher().matches(held.vault(), held.key().instance(), held.key().type())) {
                continue;
            }
            AlarmKey key = held.key();
            boolean changed = alarms.atomically(key, () -> {
                OpenAlarm alarm = alarms.find(key).orElse(null);
                if (alarm == null || alarm.state() != AlarmState.FIRING || alarm.announced() || alarm.acknowledged()
                        || alarm.account() == null || (alarm.nextDue() != null && !alarm.nextDue().isAfter(now))) {
                    return false;
                }
                alarms.save(alarm.dueAt(now));
                return true;
            });
            if (changed) {
                released++;
            }
        }
        return released;
    }

    @Override
    public void close() {
        engine.close();
    }

    /** A data source that opens a new connection for each request: a command needs a few, one at a time. */
    private static final class UrlDataSource implements DataSource {

        private final String url;
        private final Credentials credentials;
        private int loginTimeoutSeconds;

        UrlDataSource(String url, Credentials credentials) {
            this.url = url;
            this.credentials = credentials;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return getConnection(credentials.user(), credentials.password());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            return DriverManager.getConnection(url, properties);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // No driver log: it could quote the URL.
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeoutSeconds = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        @Override
        public String toString() {
            return "UrlDataSource[" + Redactor.url(url) + "]";
        }
    }

    /** The shared alarm store, with no alarm due and none awaiting a release: that is the nodes' work. */
    private static final class NoDueAlarms implements AlarmStore {

        private final AlarmStore store;

        NoDueAlarms(AlarmStore store) {
            this.store = store;
        }

        @Override
        public Optional<OpenAlarm> find(AlarmKey key) {
            return store.find(key);
        }

        @Override
        public void save(OpenAlarm alarm) {
            store.save(alarm);
        }

        @Override
        public boolean remove(AlarmKey key) {
            return store.remove(key);
        }

        @Override
        public List<OpenAlarm> dueUpTo(Instant instant, int limit) {
            return List.of();
        }

        @Override
        public Optional<Instant> nextDue() {
            return Optional.empty();
        }

        @Override
        public List<OpenAlarm> all() {
            return store.all();
        }

        @Override
        public int size() {
            return store.size();
        }

        @Override
        public Map<AlarmState, Long> countByState() {
            return store.countByState();
        }

        @Override
        public List<OpenAlarm> ofInstance(String instance) {
            return store.ofInstance(instance);
        }

        @Override
        public List<OpenAlarm> awaitingAnnouncement(String account) {
            return List.of();
        }

        @Override
        public <T> T atomically(AlarmKey key, Supplier<T> work) {
            return store.atomically(key, work);
        }

        @Override
        public int forEachDue(Instant instant, int limit, Consumer<OpenAlarm> work) {
            return 0;
        }
    }

    /** The shared outbox, with nothing to send: sending is the nodes' work. */
    private static final class NothingToSend implements OutboxStore {

        private final OutboxStore outbox;

        NothingToSend(OutboxStore outbox) {
            this.outbox = outbox;
        }

        @Override
        public boolean add(Notification notification) {
            return outbox.add(notification);
        }

        @Override
        public void update(Notification notification) {
            outbox.update(notification);
        }

        @Override
        public Optional<Notification> find(String key) {
            return outbox.find(key);
        }

        @Override
        public List<Notification> dueUpTo(Instant instant, int limit) {
            return List.of();
        }

        @Override
        public List<Notification> claimDue(Instant instant, int limit) {
            return List.of();
        }

        @Override
        public boolean holdClaim(String key, Instant at) {
            return false;
        }

        @Override
        public void releaseClaim(String key) {
            // It claims nothing, so it has nothing to release.
        }

        @Override
        public Optional<String> openGroup(String account, String channel, String address, Instant at) {
            return outbox.openGroup(account, channel, address, at);
        }

        @Override
        public boolean addToGroup(String groupKey, NotificationItem item) {
            return outbox.addToGroup(groupKey, item);
        }

        @Override
        public Optional<Instant> nextAttempt() {
            return Optional.empty();
        }

        @Override
        public List<Notification> withStatus(Notification.Status status) {
            return outbox.withStatus(status);
        }

        @Override
        public Backlog backlog() {
            return outbox.backlog();
        }

        @Override
        public int purgeSentBefore(Instant instant) {
            return 0;
        }
    }

    /** The shared history, which the tool reads and appends to but never purges: that is the nodes' work. */
    private static final class KeepHistory implements HistoryStore {

        private final HistoryStore history;

        KeepHistory(HistoryStore history) {
            this.history = history;
        }

        @Override
        public void appendAlarms(List<AlarmHistoryEntry> entries) {
            history.appendAlarms(entries);
        }

        @Override
        public void appendDeliveries(List<DeliveryRecord> records) {
            history.appendDeliveries(records);
        }

        @Override
        public HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query) {
            return history.alarms(query);
        }

        @Override
        public HistoryPage<DeliveryRecord> deliveries(HistoryQuery query) {
            return history.deliveries(query);
        }

        @Override
        public long purgeBefore(Instant instant) {
            return 0; // the nodes purge by their retention; the tool's default retention must not shorten it
        }
    }
}
