package io.backupalarm.json;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.json.ConfigurationReader.ParsedMatcher;
import io.backupalarm.json.ConfigurationReader.ParsedPolicy;
import io.backupalarm.lifecycle.Acknowledgement;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walks the tree of a scenario file, reporting every problem at its JSON location, and builds the
 * {@link Scenario} when there is none. Not thread-safe; one per read.
 */
final class ScenarioReader {

    static final String CONFIG = "config";
    private static final Set<String> TOP_FIELDS = ordered(CONFIG, "settings", "events", "until");
    private static final Set<String> SETTINGS_FIELDS = ordered("disconnectGracePeriod", "backupFailureGracePeriod",
            "repeatInterval", "notifyOnResolved", "groupWait", "inhibitBackupFailuresWhileDisconnected");
    /** The longest comment of a silence or an acknowledgement. */
    private static final int MAX_COMMENT = Acknowledgement.MAX_COMMENT;
    /** The fields each event type has, in the order of the documentation. */
    private static final Map<String, Set<String>> EVENT_FIELDS = new LinkedHashMap<>();

    static {
        EVENT_FIELDS.put("CLIENT_DISCONNECTED", ordered("at", "type", "instance"));
        EVENT_FIELDS.put("CLIENT_CONNECTED", ordered("at", "type", "instance"));
        EVENT_FIELDS.put("BACKUP_FAILED", ordered("at", "type", "instance", "job", "message"));
        EVENT_FIELDS.put("BACKUP_SUCCEEDED", ordered("at", "type", "instance", "job"));
        EVENT_FIELDS.put("SET_INSTANCE_POLICY", ordered("at", "type", "instance", "alarmPolicy"));
        EVENT_FIELDS.put("SET_VAULT_POLICY", ordered("at", "type", "vault", "alarmPolicy"));
        EVENT_FIELDS.put("SILENCE", ordered("at", "type", "id", "account", "vault", "instance", "alarm", "starts", "ends",
                "by", "comment"));
        EVENT_FIELDS.put("EXPIRE_SILENCE", ordered("at", "type", "id"));
        EVENT_FIELDS.put("ACKNOWLEDGE", ordered("at", "type", "alarm", "instance", "job", "by", "comment"));
        EVENT_FIELDS.put("TEST_NOTIFICATION", ordered("at", "type", "instance", "contact"));
    }

    /** The most repeats a replay may send (see {@link #checkRepeats}). */
    static final long MAX_REPEATS = 100_000;

    private final Problems problems;
    private final ConfigurationReader configurationReader;
    /** The id of every silence the events created so far, and where. */
    private final Map<String, String> silenceIds = new HashMap<>();

    ScenarioReader(Problems problems) {
        this.problems = problems;
        this.configurationReader = new ConfigurationReader(problems);
    }

    /** Reads a scenario object; {@code null} if any problem was found (all reported). */
    Scenario read(Cursor root) {
        if (!root.isObject("a scenario", TOP_FIELDS)) {
            return null;
        }
        Configuration configuration = null;
        Cursor config = root.field(CONFIG);
        if (config == null) {
            root.problemAt(CONFIG, "missing required field '" + CONFIG + "'");
        } else {
            configuration = configurationReader.read(config);
        }
        AlarmSettings settings = settings(root.field("settings"));
        List<ScenarioStep> steps = new ArrayList<>();
        List<String> stepPaths = new ArrayList<>();
        Instant last = null;
        String lastPath = null;
        List<Cursor> events = root.optionalArray("events");
        for (Cursor event : events == null ? List.<Cursor>of() : events) {
            Instant at = event(event, steps, stepPaths);
            if (at != null) {
                if (last != null && at.isBefore(last)) {
                    event.problemAt("at", "event at " + at + " is earlier than the event before it ("
                            + lastPath + " at " + last + "); events must be in time order");
                } else {
                    last = at;
                    lastPath = event.path();
                }
            }
        }
        Instant until = instant(root, "until");
        if (until != null && last != null && until.isBefore(last)) {
            root.problemAt("until", "until " + until + " is earlier than the last event (" + lastPath
                    + " at " + last + ")");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        checkPolicyChanges(configuration, steps, stepPaths);
        Optional<Instant> end = until != null ? Optional.of(until) : Optional.ofNullable(last);
        checkRepeats(root, settings, steps, end);
        if (!problems.isEmpty()) {
            return null;
        }
        return new Scenario(configuration, settings, steps, end);
    }

    /**
     * Reports a replay that could send more than {@link #MAX_REPEATS} repeats: the alarms the
     * events can open (one per instance disconnected, one per instance and job failed) times the
     * repeat intervals from the first event to the end. Without the bound, a short interval over
     * a long replay would print for hours.
     */
    private void checkRepeats(Cursor root, AlarmSettings settings, List<ScenarioStep> steps, Optional<Instant> end) {
        Duration interval = settings.repeatInterval().orElse(null);
        if (interval == null || steps.isEmpty() || end.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        for (ScenarioStep step : steps) {
            if (step instanceof ScenarioStep.ReportEvent report
                    && report.event() instanceof AlarmEvent.ClientDisconnected disconnected) {
                keys.add("disconnected " + disconnected.instance());
            } else if (step instanceof ScenarioStep.ReportEvent report
                    && report.event() instanceof AlarmEvent.BackupFailed failed) {
                keys.add("failed " + failed.instance() + " " + failed.job());
            }
        }
        Instant start = steps.get(0).at();
        long intervals = Duration.between(start, end.get()).dividedBy(interval);
        long repeats = keys.size() * intervals; // at most 2e6 keys (the token limit) times 4.3e9 minutes
        if (repeats > MAX_REPEATS) {
            String message = "the replay could send up to " + repeats + " repeats: " + keys.size()
                    + " alarm(s) the events open, each repeated every " + interval + " from " + start + " to "
                    + end.get() + "; at most " + MAX_REPEATS + " (shorten until or lengthen repeatInterval)";
            if (root.has("until")) {
                root.problemAt("until", message);
            } else {
                problems.add(root.pathOf("settings") + ".repeatInterval", message);
            }
        }
    }

    private AlarmSettings settings(Cursor c) {
        AlarmSettings.Builder builder = AlarmSettings.custom();
        if (c == null || !c.isObject("settings", SETTINGS_FIELDS)) {
            return builder.build();
        }
        setting(c, "disconnectGracePeriod", builder::disconnectGracePeriod);
        setting(c, "backupFailureGracePeriod", builder::backupFailureGracePeriod);
        setting(c, "repeatInterval", builder::repeatInterval);
        Boolean notify = c.optionalBoolean("notifyOnResolved");
        if (notify != null) {
            builder.notifyOnResolved(notify);
        }
        setting(c, "groupWait", builder::groupWait);
        Boolean inhibit = c.optionalBoolean("inhibitBackupFailuresWhileDisconnected");
        if (inhibit != null) {
            builder.inhibitBackupFailuresWhileDisconnected(inhibit);
        }
        return builder.build();
    }

    /** Reads a duration setting and hands it to core, whose bounds it reports at the field. */
    private static void setting(Cursor c, String field, Consumer<Duration> setter) {
        String text = c.optionalString(field);
        if (text == null) {
            return;
        }
        try {
            setter.accept(Duration.parse(text));
        } catch (DateTimeParseException e) {
            c.problemAt(field, field + " '" + Rules.printable(text) + "' is not an ISO-8601 duration (such as PT1H or PT0S)");
        } catch (IllegalArgumentException e) {
            c.problemAt(field, e.getMessage());
        }
    }

    private static Instant instant(Cursor c, String field) {
        String text = c.optionalString(field);
        if (text == null) {
            return null;
        }
        String problem = Rules.instantProblem(field, text);
        if (problem != null) {
            c.problemAt(field, problem);
            return null;
        }
        return Instant.parse(text);
    }

    /** Reads one event; returns its instant if readable (for the time-order check). */
    private Instant event(Cursor c, List<ScenarioStep> steps, List<String> stepPaths) {
        if (!c.node().isObject()) {
            c.problem("an event must be an object, not " + Cursor.describe(c.node()));
            return null;
        }
        int before = problems.count();
        String type = c.requiredString("type");
        Set<String> fields = type == null ? null : EVENT_FIELDS.get(type);
        if (type != null && fields == null) {
            c.problemAt("type", "unknown event type '" + Rules.printable(type) + "' (expected one of "
                    + String.join(", ", EVENT_FIELDS.keySet()) + ")");
        }
        Instant at;
        if (!c.has("at")) {
            c.problemAt("at", "missing required field 'at'");
            at = null;
        } else {
            at = instant(c, "at");
        }
        if (fields == null) {
            return at;
        }
        c.isObject("a " + type + " event", fields);
        ScenarioStep step = null;
        switch (type) {
            case "SET_VAULT_POLICY" -> {
                String vault = c.requiredString("vault");
                if (vault != null && !configurationReader.hasVault(vault)) {
                    c.problemAt("vault", "vault " + Rules.printable(vault) + " does not exist"
                            + configurationReader.didYouMeanVault(vault));
                    vault = null;
                }
                ParsedPolicy policy = policy(c, true, vault == null ? null : configurationReader.accountOfVault(vault));
                if (problems.count() == before) {
                    step = new ScenarioStep.SetVaultPolicy(at, vault, (VaultAlarmPolicy) policy.policy());
                }
            }
            case "SET_INSTANCE_POLICY" -> {
                String instance = instanceOf(c);
                ParsedPolicy policy = policy(c, false,
                        instance == null ? null : configurationReader.accountOfInstance(instance));
                if (problems.count() == before) {
                    step = new ScenarioStep.SetInstancePolicy(at, instance, (InstanceAlarmPolicy) policy.policy());
                }
            }
            case "SILENCE" -> step = silence(c, at, before);
            case "EXPIRE_SILENCE" -> {
                String id = silenceId(c);
                if (id != null && !silenceIds.containsKey(id)) {
                    c.problemAt("id", "silence " + id + " is not created before this event (no SILENCE event"
                            + " with that id comes earlier)" + Suggestions.didYouMean(id, silenceIds.keySet()));
                }
                if (problems.count() == before) {
                    step = new ScenarioStep.ExpireSilence(at, id);
                }
            }
            case "ACKNOWLEDGE" -> step = acknowledge(c, at, before);
            case "TEST_NOTIFICATION" -> step = test(c, at, before);
            default -> {
                String instance = instanceOf(c);
                String job = fields.contains("job") ? c.optionalString("job") : null;
                if (job != null && Rules.nameProblem(job) != null) {
                    c.problemAt("job", "job " + Rules.nameProblem(job));
                }
                String message = fields.contains("message") ? c.optionalString("message") : null;
                if (message != null && message.length() > 4000) {
                    c.problemAt("message", "message must be at most 4000 characters, not " + message.length());
                } else if (message != null && message.indexOf('\0') >= 0) {
                    c.problemAt("message", "message must not contain NUL characters");
                }
                if (problems.count() == before) {
                    try {
                        step = new ScenarioStep.ReportEvent(switch (type) {
                            case "CLIENT_DISCONNECTED" -> new AlarmEvent.ClientDisconnected(instance, at);
                            case "CLIENT_CONNECTED" -> new AlarmEvent.ClientConnected(instance, at);
                            case "BACKUP_FAILED" -> new AlarmEvent.BackupFailed(instance, job, message, at);
                            default -> new AlarmEvent.BackupSucceeded(instance, job, at);
                        });
                    } catch (IllegalArgumentException | NullPointerException e) {
                        c.problem(String.valueOf(e.getMessage()));
                    }
                }
            }
        }
        if (step != null) {
            steps.add(step);
            stepPaths.add(c.path());
        }
        return at;
    }

    private ScenarioStep silence(Cursor c, Instant at, int before) {
        String id = silenceId(c);
        if (id != null) {
            String first = silenceIds.putIfAbsent(id, c.path());
            if (first != null) {
                c.problemAt("id", "silence id " + id + " is used twice (also at " + first + ")");
            }
        }
        String what = "silence " + (id == null ? "" : id + " ");
        String account = c.requiredString("account");
        String knownAccount = null;
        if (account != null && !Rules.isId(account)) {
            c.problemAt("account", what + "account " + Rules.invalidId(account));
        } else if (account != null && !configurationReader.hasAccount(account)) {
            c.problemAt("account", "account " + account + " does not exist"
                    + configurationReader.didYouMeanAccount(account));
        } else {
            knownAccount = account;
        }
        ParsedMatcher matcher = configurationReader.matcher(c, what);
        configurationReader.checkMatcher(matcher, knownAccount);
        Instant starts = c.has("starts") ? instant(c, "starts") : at;
        Instant ends = null;
        if (!c.has("ends")) {
            c.problemAt("ends", "missing required field 'ends'");
        } else {
            ends = instant(c, "ends");
        }
        if (ends != null && starts != null && !ends.isAfter(starts)) {
            c.problemAt("ends", what + "ends at " + ends + ", not after it starts at " + starts
                    + (c.has("starts") ? "" : " (starts: the event's at)") + "; a silence must end after it starts");
        } else if (ends != null && at != null && !ends.isAfter(at)) {
            c.problemAt("ends", what + "ends at " + ends + ", not after the event's at " + at
                    + "; a silence must end after it is created");
        }
        String by = c.optionalString("by");
        if (by != null && Rules.nameProblem(by) != null) {
            c.problemAt("by", "by " + Rules.nameProblem(by));
        }
        String comment = comment(c);
        if (problems.count() != before) {
            return null;
        }
        try {
            return new ScenarioStep.CreateSilence(at, Silence.of(id, account, matcher.matcher(), starts, ends, by, comment));
        } catch (IllegalArgumentException | NullPointerException e) {
            // Every field was checked above; this reports a rule only the record knows.
            c.problem(String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** The {@code id} of a SILENCE or EXPIRE_SILENCE event; {@code null} if missing or invalid (reported). */
    private static String silenceId(Cursor c) {
        String id = c.requiredString("id");
        if (id != null && !Rules.isId(id)) {
            c.problemAt("id", "silence id " + Rules.invalidId(id));
            return null;
        }
        return id;
    }

    private ScenarioStep acknowledge(Cursor c, Instant at, int before) {
        String name = c.requiredString("alarm");
        AlarmType type = null;
        if (name != null) {
            type = ConfigurationReader.alarmType(name);
            if (type == null) {
                c.problemAt("alarm", "alarm '" + Rules.printable(name) + "' is not an alarm type (expected "
                        + ConfigurationReader.alarmTypes() + ")");
            }
        }
        String instance = instanceOf(c);
        String job = c.optionalString("job");
        if (job != null && type == AlarmType.CLIENT_DISCONNECTED) {
            c.problemAt("job", "a CLIENT_DISCONNECTED alarm has no job (job '" + Rules.printable(job)
                    + "' names a backup job: only a BACKUP_FAILED alarm has one)");
        } else if (job != null && Rules.nameProblem(job) != null) {
            c.problemAt("job", "job " + Rules.nameProblem(job));
        }
        String by = c.requiredString("by");
        if (by != null && Rules.nameProblem(by) != null) {
            c.problemAt("by", "by " + Rules.nameProblem(by));
        }
        String comment = comment(c);
        if (problems.count() != before) {
            return null;
        }
        return new ScenarioStep.Acknowledge(at, new AlarmKey(type, instance, job), by, comment);
    }

    private ScenarioStep test(Cursor c, Instant at, int before) {
        boolean instance = c.has("instance");
        boolean contact = c.has("contact");
        if (instance && contact) {
            c.problem("a TEST_NOTIFICATION names an instance or a contact, not both");
            return null;
        }
        if (!instance && !contact) {
            c.problem("a TEST_NOTIFICATION needs an instance or a contact (both are absent)");
            return null;
        }
        TestTarget target = null;
        if (instance) {
            String id = instanceOf(c);
            target = id == null ? null : TestTarget.instance(id);
        } else {
            String id = c.requiredString("contact");
            if (id != null && !Rules.isId(id)) {
                c.problemAt("contact", "contact " + Rules.invalidId(id));
            } else if (id != null && !configurationReader.hasContact(id)) {
                c.problemAt("contact", "contact " + id + " does not exist" + configurationReader.didYouMeanContact(id));
            } else if (id != null) {
                target = TestTarget.contact(id);
            }
        }
        return problems.count() == before && target != null ? new ScenarioStep.SendTest(at, target) : null;
    }

    /** An optional comment of at most {@link #MAX_COMMENT} characters. */
    private static String comment(Cursor c) {
        String comment = c.optionalString("comment");
        if (comment != null && comment.length() > MAX_COMMENT) {
            c.problemAt("comment", "comment must be at most " + MAX_COMMENT + " characters, not " + comment.length());
        }
        return comment;
    }

    private String instanceOf(Cursor c) {
        String instance = c.requiredString("instance");
        if (instance != null && !configurationReader.hasInstance(instance)) {
            c.problemAt("instance", "instance " + Rules.printable(instance) + " does not exist"
                    + configurationReader.didYouMeanInstance(instance));
            return null;
        }
        return instance;
    }

    private ParsedPolicy policy(Cursor event, boolean vaultLevel, String account) {
        Cursor policy = event.field("alarmPolicy");
        if (policy == null) {
            event.problemAt("alarmPolicy", "missing required field 'alarmPolicy'");
            return null;
        }
        ParsedPolicy parsed = configurationReader.policy(policy, vaultLevel);
        configurationReader.checkTargets(parsed, account);
        return parsed;
    }

    /**
     * Applies every policy change to the configuration in turn, as the replay will: a safety net
     * that reports (at the event) any rule core checks and the reader did not.
     */
    private void checkPolicyChanges(Configuration configuration, List<ScenarioStep> steps, List<String> stepPaths) {
        Configuration current = configuration;
        for (int i = 0; i < steps.size(); i++) {
            String path = stepPaths.get(i);
            try {
                if (steps.get(i) instanceof ScenarioStep.SetInstancePolicy set) {
                    current = set.applyTo(current);
                } else if (steps.get(i) instanceof ScenarioStep.SetVaultPolicy set) {
                    current = set.applyTo(current);
                }
            } catch (ValidationException e) {
                for (ValidationException.Problem p : e.problems()) {
                    int at = p.path().indexOf(".alarmPolicy");
                    problems.add(at < 0 ? path : path + p.path().substring(at), p.message());
                }
            } catch (NotFoundException e) {
                problems.add(path, e.getMessage());
            }
        }
    }

    private static Set<String> ordered(String... names) {
        return new LinkedHashSet<>(Arrays.asList(names));
    }
}
