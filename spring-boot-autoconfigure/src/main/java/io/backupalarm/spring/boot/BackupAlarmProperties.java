package io.backupalarm.spring.boot;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.text.SafeText;
import io.backupalarm.verification.VerificationSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code backup-alarm.*} properties: alarm timing, delivery, verification, templates, the
 * store and every channel. Bound with relaxed binding ({@code group-wait}, {@code groupWait} and
 * {@code BACKUPALARM_ALARM_GROUPWAIT} are the same property); unknown properties under
 * {@code backup-alarm} and invalid values fail startup with the property's name. Durations take
 * Spring's forms ({@code 30s}, {@code 5m}, {@code PT1H}). A property left out keeps the library's
 * default.
 *
 * <p>The properties validate themselves ({@link Validator}) by building the library's settings
 * from them, so that every rule of {@link AlarmSettings}, {@link DeliverySettings},
 * {@link VerificationSettings} and {@link MessageTemplates} is checked at startup, each failure
 * naming its property.
 *
 * <p><b>Thread safety.</b> Mutable while Spring binds it, then only read; not thread-safe.
 */
@ConfigurationProperties(prefix = "backup-alarm", ignoreUnknownFields = false)
public class BackupAlarmProperties implements Validator {

    /** Whether to configure backup-alarm at all. */
    private boolean enabled = true;

    private final Alarm alarm = new Alarm();
    private final Delivery delivery = new Delivery();
    private final Verification verification = new Verification();
    private final Store store = new Store();

    /**
     * Templates replaced, by language (en, zh, any ISO 639 code) and then by the key
     * of the built-in templates_en.properties. Keys hold dots, so write them in brackets:
     * backup-alarm.templates.en.[FIRING.CLIENT_DISCONNECTED.email.subject].
     */
    private Map<String, Map<String, String>> templates = new LinkedHashMap<>();

    /**
     * Channel settings by channel name (email, sms, webhook, dingtalk,
     * wecom, feishu, slack or a host's own), each a map of the kebab-case keys
     * that channel's provider documents (smtp-host, gateway...). A channel is installed
     * only when it has settings here; a name no provider on the class path offers fails startup.
     */
    private Map<String, Map<String, String>> channels = new LinkedHashMap<>();

    /**
     * The administration API's settings (enabled, base-path), read and checked by
     * backup-alarm-spring-boot-web; held here only so that the check for unknown
     * backup-alarm.* properties lets them through.
     */
    private Map<String, String> web = new LinkedHashMap<>();

    /** @return whether backup-alarm is configured */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether backup-alarm is configured */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return alarm timing */
    public Alarm getAlarm() {
        return alarm;
    }

    /** @return delivery settings */
    public Delivery getDelivery() {
        return delivery;
    }

    /** @return verification settings */
    public Verification getVerification() {
        return verification;
    }

    /** @return store settings */
    public Store getStore() {
        return store;
    }

    /** @return templates by language, then by key */
    public Map<String, Map<String, String>> getTemplates() {
        return templates;
    }

    /** @param templates templates by language, then by key */
    public void setTemplates(Map<String, Map<String, String>> templates) {
        this.templates = templates;
    }

    /** @return the administration API's settings, as given */
    public Map<String, String> getWeb() {
        return web;
    }

    /** @param web the administration API's settings */
    public void setWeb(Map<String, String> web) {
        this.web = web;
    }

    /** @return channel settings by channel name */
    public Map<String, Map<String, String>> getChannels() {
        return channels;
    }

    /** @param channels channel settings by channel name */
    public void setChannels(Map<String, Map<String, String>> channels) {
        this.channels = channels;
    }

    /**
     * The alarm settings these properties describe.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the property of the first invalid value
     */
    public AlarmSettings alarmSettings() {
        return alarm.build(Problem.THROW);
    }

    /**
     * The delivery settings these properties describe.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the property of the first invalid value
     */
    public DeliverySettings deliverySettings() {
        return delivery.build(Problem.THROW);
    }

    /**
     * The verification settings these properties describe.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the property of the first invalid value
     */
    public VerificationSettings verificationSettings() {
        return verification.build(Problem.THROW);
    }

    /**
     * The built-in templates with those of {@code backup-alarm.templates} in their place.
     *
     * @return the templates
     * @throws IllegalArgumentException naming the property of the first invalid template
     */
    public MessageTemplates messageTemplates() {
        return messageTemplates(Problem.THROW);
    }

    private MessageTemplates messageTemplates(Problem problem) {
        MessageTemplates result = MessageTemplates.builtIn();
        for (Map.Entry<String, Map<String, String>> language : templates.entrySet()) {
            String tag = language.getKey();
            if (!tag.matches("[a-z]{2,3}")) {
                problem.report("templates", "backup-alarm.templates." + SafeText.printable(tag),
                        "must be a language code of two or three lower-case letters such as en or zh");
                continue;
            }
            Locale locale = Locale.forLanguageTag(tag);
            for (Map.Entry<String, String> template : language.getValue().entrySet()) {
                MessageTemplates[] next = {result};
                problem.apply("templates", "backup-alarm.templates." + tag + ".[" + SafeText.printable(template.getKey()) + "]",
                        () -> next[0] = next[0].with(locale, template.getKey(), template.getValue()));
                result = next[0];
            }
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> type) {
        return BackupAlarmProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        BackupAlarmProperties properties = (BackupAlarmProperties) target;
        Problem collect = new Problem(errors);
        properties.alarm.build(collect);
        properties.delivery.build(collect);
        properties.verification.build(collect);
        properties.messageTemplates(collect);
        properties.store.check(collect);
        for (Map.Entry<String, Map<String, String>> channel : properties.channels.entrySet()) {
            if (!channel.getKey().matches("[a-z][a-z0-9-]{0,31}")) {
                collect.report("channels", "backup-alarm.channels." + SafeText.printable(channel.getKey()),
                        "a channel name is 1 to 32 lower-case letters, digits and hyphens, starting with a letter");
            }
        }
    }

    /**
     * Where a problem goes: thrown at once, naming the property, or collected as a field error for
     * Spring's startup report.
     */
    static final class Problem {
        static final Problem THROW = new Problem(null);

        private final Errors errors;

        private Problem(Errors errors) {
            this.errors = errors;
        }

        void apply(String field, String property, Runnable setter) {
            try {
                setter.run();
            } catch (IllegalArgumentException e) {
                report(field, property, e.getMessage() == null ? "invalid value" : e.getMessage());
            }
        }

        void report(String field, String property, String why) {
            String message = property + ": " + SafeText.escape(why);
            if (errors == null) {
                throw new IllegalArgumentException(message);
            }
            if (field.contains(".")) {
                errors.rejectValue(field, "invalid", message);
            } else {
                errors.reject("invalid", message);
            }
        }

        <T> void set(String field, T value, Consumer<T> setter) {
            if (value != null) {
                String property = "backup-alarm." + dashed(field);
                apply(field, property, () -> setter.accept(value));
            }
        }

        private static String dashed(String field) {
            return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    }

    /** When alarms fire, repeat and resolve ({@link AlarmSettings}). Not thread-safe. */
    public static class Alarm {
        /** How long a client stays disconnected before its alarm fires (up to 365 days; 0 fires at once). */
        private Duration disconnectGracePeriod = AlarmSettings.DEFAULT_GRACE_PERIOD;
        /** How long a backup failure stays unresolved before its alarm fires (up to 365 days; 0 fires at once). */
        private Duration backupFailureGracePeriod = AlarmSettings.DEFAULT_GRACE_PERIOD;
        /** How often a firing alarm is announced again (1 minute to 365 days); unset: never. */
        private Duration repeatInterval;
        /** Whether a resolved alarm that was announced is announced as resolved. */
        private boolean notifyOnResolved = AlarmSettings.ofDefaults().notifyOnResolved();
        /** How long notifications for one recipient wait to be sent as one grouped message (0 to 1 hour; 0: never grouped). */
        private Duration groupWait = AlarmSettings.DEFAULT_GROUP_WAIT;
        /** Whether backup failures of a client that is disconnected are held back (inhibition). */
        private boolean inhibitBackupFailuresWhileDisconnected = AlarmSettings.ofDefaults().inhibitBackupFailuresWhileDisconnected();

        AlarmSettings build(Problem problem) {
            AlarmSettings.Builder builder = AlarmSettings.custom();
            problem.set("alarm.disconnectGracePeriod", disconnectGracePeriod, builder::disconnectGracePeriod);
            problem.set("alarm.backupFailureGracePeriod", backupFailureGracePeriod, builder::backupFailureGracePeriod);
            problem.set("alarm.repeatInterval", repeatInterval, builder::repeatInterval);
            problem.set("alarm.notifyOnResolved", notifyOnResolved, builder::notifyOnResolved);
            problem.set("alarm.groupWait", groupWait, builder::groupWait);
            problem.set("alarm.inhibitBackupFailuresWhileDisconnected", inhibitBackupFailuresWhileDisconnected,
                    builder::inhibitBackupFailuresWhileDisconnected);
            return builder.build();
        }

        /** @return the grace period of disconnections */
        public Duration getDisconnectGracePeriod() {
            return disconnectGracePeriod;
        }

        /** @param value the grace period of disconnections */
        public void setDisconnectGracePeriod(Duration value) {
            this.disconnectGracePeriod = value;
        }

        /** @return the grace period of backup failures */
        public Duration getBackupFailureGracePeriod() {
            return backupFailureGracePeriod;
        }

        /** @param value the grace period of backup failures */
        public void setBackupFailureGracePeriod(Duration value) {
            this.backupFailureGracePeriod = value;
        }

        /** @return the repeat interval, or {@code null} for none */
        public Duration getRepeatInterval() {
            return repeatInterval;
        }

        /** @param value the repeat interval, or {@code null} for none */
        public void setRepeatInterval(Duration value) {
            this.repeatInterval = value;
        }

        /** @return whether resolutions are announced */
        public boolean isNotifyOnResolved() {
            return notifyOnResolved;
        }

        /** @param value whether resolutions are announced */
        public void setNotifyOnResolved(boolean value) {
            this.notifyOnResolved = value;
        }

        /** @return the group wait */
        public Duration getGroupWait() {
            return groupWait;
        }

        /** @param value the group wait */
        public void setGroupWait(Duration value) {
            this.groupWait = value;
        }

        /** @return whether backup failures are inhibited while disconnected */
        public boolean isInhibitBackupFailuresWhileDisconnected() {
            return inhibitBackupFailuresWhileDisconnected;
        }

        /** @param value whether backup failures are inhibited while disconnected */
        public void setInhibitBackupFailuresWhileDisconnected(boolean value) {
            this.inhibitBackupFailuresWhileDisconnected = value;
        }
    }

    /** Retries, sender threads and the outbox ({@link DeliverySettings}). Not thread-safe. */
    public static class Delivery {
        private static final DeliverySettings DEFAULTS = DeliverySettings.ofDefaults();

        /** Attempts of one notification before it becomes a dead letter (first one included). */
        private Integer maxAttempts = DEFAULTS.maxAttempts();
        /** Wait before the first retry. */
        private Duration initialBackoff = DEFAULTS.initialBackoff();
        /** Factor the wait grows by from one retry to the next. */
        private Double backoffMultiplier = DEFAULTS.backoffMultiplier();
        /** Random part of each wait, 0 to 1. */
        private Double jitter = DEFAULTS.jitter();
        /** Longest wait between two attempts. */
        private Duration maxBackoff = DEFAULTS.maxBackoff();
        /** Sender threads per channel. */
        private Integer senderThreads = DEFAULTS.senderThreads();
        /** Notifications queued per channel in memory before the outbox is read again. */
        private Integer queueCapacity = DEFAULTS.queueCapacity();
        /** How long sent notifications are kept in the outbox. */
        private Duration sentRetention = DEFAULTS.sentRetention();
        /** How often the scheduler looks at the stores even when nothing is due. */
        private Duration sweepInterval = DEFAULTS.sweepInterval();
        /** Longest time one send may take before it counts as a temporary failure. */
        private Duration sendTimeout = DEFAULTS.sendTimeout();
        /** How long closing the engine waits for work under way before it interrupts it. */
        private Duration closeWait = DEFAULTS.closeWait();

        DeliverySettings build(Problem problem) {
            DeliverySettings.Builder builder = DeliverySettings.custom();
            problem.set("delivery.maxAttempts", maxAttempts, builder::maxAttempts);
            problem.set("delivery.initialBackoff", initialBackoff, builder::initialBackoff);
            problem.set("delivery.backoffMultiplier", backoffMultiplier, builder::backoffMultiplier);
            problem.set("delivery.jitter", jitter, builder::jitter);
            problem.set("delivery.maxBackoff", maxBackoff, builder::maxBackoff);
            problem.set("delivery.senderThreads", senderThreads, builder::senderThreads);
            problem.set("delivery.queueCapacity", queueCapacity, builder::queueCapacity);
            problem.set("delivery.sentRetention", sentRetention, builder::sentRetention);
            problem.set("delivery.sweepInterval", sweepInterval, builder::sweepInterval);
            problem.set("delivery.sendTimeout", sendTimeout, builder::sendTimeout);
            problem.set("delivery.closeWait", closeWait, builder::closeWait);
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                // Rules across properties (such as max-backoff against initial-backoff).
                problem.report("delivery", "backup-alarm.delivery", e.getMessage());
                return DEFAULTS;
            }
        }

        /** @return the attempts */
        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        /** @param value the attempts */
        public void setMaxAttempts(Integer value) {
            this.maxAttempts = value;
        }

        /** @return the first wait */
        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        /** @param value the first wait */
        public void setInitialBackoff(Duration value) {
            this.initialBackoff = value;
        }

        /** @return the factor */
        public Double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        /** @param value the factor */
        public void setBackoffMultiplier(Double value) {
            this.backoffMultiplier = value;
        }

        /** @return the jitter */
        public Double getJitter() {
            return jitter;
        }

        /** @param value the jitter */
        public void setJitter(Double value) {
            this.jitter = value;
        }

        /** @return the longest wait */
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        /** @param value the longest wait */
        public void setMaxBackoff(Duration value) {
            this.maxBackoff = value;
        }

        /** @return the sender threads per channel */
        public Integer getSenderThreads() {
            return senderThreads;
        }

        /** @param value the sender threads per channel */
        public void setSenderThreads(Integer value) {
            this.senderThreads = value;
        }

        /** @return the queue capacity */
        public Integer getQueueCapacity() {
            return queueCapacity;
        }

        /** @param value the queue capacity */
        public void setQueueCapacity(Integer value) {
            this.queueCapacity = value;
        }

        /** @return how long sent notifications are kept */
        public Duration getSentRetention() {
            return sentRetention;
        }

        /** @param value how long sent notifications are kept */
        public void setSentRetention(Duration value) {
            this.sentRetention = value;
        }

        /** @return the sweep interval */
        public Duration getSweepInterval() {
            return sweepInterval;
        }

        /** @param value the sweep interval */
        public void setSweepInterval(Duration value) {
            this.sweepInterval = value;
        }

        /** @return the send timeout */
        public Duration getSendTimeout() {
            return sendTimeout;
        }

        /** @param value the send timeout */
        public void setSendTimeout(Duration value) {
            this.sendTimeout = value;
        }

        /** @return how long closing waits for work under way */
        public Duration getCloseWait() {
            return closeWait;
        }

        /** @param value how long closing waits for work under way */
        public void setCloseWait(Duration value) {
            this.closeWait = value;
        }
    }

    /** Verification codes ({@link VerificationSettings}). Not thread-safe. */
    public static class Verification {
        private static final VerificationSettings DEFAULTS = VerificationSettings.ofDefaults();

        /** Digits of a code. */
        private Integer codeLength = DEFAULTS.codeLength();
        /** How long a code stays valid. */
        private Duration codeValidity = DEFAULTS.codeValidity();
        /** Wrong tries before a code is void. */
        private Integer maxWrongTries = DEFAULTS.maxWrongTries();
        /** Least time between two codes to the same address. */
        private Duration resendInterval = DEFAULTS.resendInterval();
        /** Attempts at sending one code (first one included). */
        private Integer sendAttempts = DEFAULTS.sendAttempts();
        /** First wait between two attempts at sending a code. */
        private Duration sendRetryWait = DEFAULTS.sendRetryWait();

        VerificationSettings build(Problem problem) {
            VerificationSettings.Builder builder = VerificationSettings.custom();
            problem.set("verification.codeLength", codeLength, builder::codeLength);
            problem.set("verification.codeValidity", codeValidity, builder::codeValidity);
            problem.set("verification.maxWrongTries", maxWrongTries, builder::maxWrongTries);
            problem.set("verification.resendInterval", resendInterval, builder::resendInterval);
            problem.set("verification.sendAttempts", sendAttempts, builder::sendAttempts);
            problem.set("verification.sendRetryWait", sendRetryWait, builder::sendRetryWait);
            return builder.build();
        }

        /** @return the digits of a code */
        public Integer getCodeLength() {
            return codeLength;
        }

        /** @param value the digits of a code */
        public void setCodeLength(Integer value) {
            this.codeLength = value;
        }

        /** @return how long a code is valid */
        public Duration getCodeValidity() {
            return codeValidity;
        }

        /** @param value how long a code is valid */
        public void setCodeValidity(Duration value) {
            this.codeValidity = value;
        }

        /** @return the wrong tries allowed */
        public Integer getMaxWrongTries() {
            return maxWrongTries;
        }

        /** @param value the wrong tries allowed */
        public void setMaxWrongTries(Integer value) {
            this.maxWrongTries = value;
        }

        /** @return the least time between two codes */
        public Duration getResendInterval() {
            return resendInterval;
        }

        /** @param value the least time between two codes */
        public void setResendInterval(Duration value) {
            this.resendInterval = value;
        }

        /** @return the attempts at sending a code */
        public Integer getSendAttempts() {
            return sendAttempts;
        }

        /** @param value the attempts at sending a code */
        public void setSendAttempts(Integer value) {
            this.sendAttempts = value;
        }

        /** @return the first wait between attempts */
        public Duration getSendRetryWait() {
            return sendRetryWait;
        }

        /** @param value the first wait between attempts */
        public void setSendRetryWait(Duration value) {
            this.sendRetryWait = value;
        }
    }

    /** Where the configuration, alarms, outbox, silences and codes are kept. Not thread-safe. */
    public static class Store {
        /** Which stores: auto (JDBC on the application's DataSource when there is one, else in memory), jdbc or memory. */
        private StoreType type = StoreType.AUTO;
        /** Whether the JDBC store creates and upgrades its tables at startup (history table ba_schema_history). */
        private boolean migrate = true;
        /** This node's id among the nodes on the database; default pid@host plus a random suffix. */
        private String nodeId;
        /** How long a node's claim on a notification lasts before another node may send it. */
        private Duration claimLease = Duration.ofMinutes(2);
        /** Whether report() and the administration join the caller's Spring transaction on the same DataSource (join) or always commit on their own (own). */
        private TransactionMode transactions = TransactionMode.JOIN;

        void check(Problem problem) {
            if (nodeId != null && (nodeId.isBlank() || nodeId.length() > 128)) {
                problem.report("store.nodeId", "backup-alarm.store.node-id", "must be 1 to 128 characters, not blank");
            }
            if (claimLease == null || claimLease.isZero() || claimLease.isNegative()) {
                problem.report("store.claimLease", "backup-alarm.store.claim-lease", "must be more than zero");
            }
        }

        /** @return which stores */
        public StoreType getType() {
            return type;
        }

        /** @param value which stores */
        public void setType(StoreType value) {
            this.type = value;
        }

        /** @return whether the JDBC store migrates its schema at startup */
        public boolean isMigrate() {
            return migrate;
        }

        /** @param value whether the JDBC store migrates its schema at startup */
        public void setMigrate(boolean value) {
            this.migrate = value;
        }

        /** @return this node's id, or {@code null} for the default */
        public String getNodeId() {
            return nodeId;
        }

        /** @param value this node's id */
        public void setNodeId(String value) {
            this.nodeId = value;
        }

        /** @return the claim lease */
        public Duration getClaimLease() {
            return claimLease;
        }

        /** @param value the claim lease */
        public void setClaimLease(Duration value) {
            this.claimLease = value;
        }

        /** @return how the stores treat the caller's transaction */
        public TransactionMode getTransactions() {
            return transactions;
        }

        /** @param value how the stores treat the caller's transaction */
        public void setTransactions(TransactionMode value) {
            this.transactions = value;
        }
    }

    /** Which stores the auto-configuration builds. */
    public enum StoreType {
        /** JDBC when the application has a single {@code DataSource}, in memory otherwise. */
        AUTO,
        /** JDBC on the application's {@code DataSource}; startup fails without one. */
        JDBC,
        /** In memory: nothing survives a restart. */
        MEMORY
    }

    /** Whether the JDBC store's work joins the caller's Spring transaction. */
    public enum TransactionMode {
        /**
         * Work called on a thread that runs a read-write Spring transaction on the same
         * {@code DataSource} runs on that transaction's connection and commits or rolls back with it.
         */
        JOIN,
        /** Work always runs in transactions of its own, committed before the call returns. */
        OWN
    }
}
