package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ManualEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random timelines of events and policy changes for two instances, replayed through the real
 * engine and through a small reference model of the lifecycle rules (docs/lifecycle.md); both must
 * send exactly the same notifications.
 *
 * <p>A timeline is a generated list of steps, so a failing one shrinks to fewer and simpler steps. The seed of a failing run is printed; {@code -DQT_SEED=<seed>} replays it.
 */
final class LifecycleModelProperties {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> INSTANCES = List.of("i-1", "i-2");
    private static final int SHRINK_CYCLES = 3_000;

    /** One step of a timeline: how many minutes after the previous step, and what happens. */
    record Step(int minutesLater, String action, String instance, String job, int policy) {
    }

    record Scenario(int disconnectGrace, int failureGrace, int repeat, boolean notifyOnResolved, List<Step> steps) {
    }

    @Test
    @DisplayName("for any timeline of events and policy changes, the engine sends what the model says, when it says")
    void theEngineSendsWhatTheModelSays() {
        // Each example runs a whole engine: shrinking is bounded so that a failure is reported in minutes.
        qt().withExamples(300).withShrinkCycles(SHRINK_CYCLES)
                .forAll(scenarios().assuming(scenario -> !reopensWithinOneInstant(scenario)))
                .checkAssert(LifecycleModelProperties::engineMatchesModel);
    }

    /**
     * Whether an alarm with a zero grace period fires, closes and opens again within one instant.
     * Left out: the engine tells an occurrence by its alarm key and opening instant, so the second
     * occurrence's notifications get the idempotency keys of the first, and the outbox drops them.
     */
    static boolean reopensWithinOneInstant(Scenario scenario) {
        Map<String, Instant> openedAt = new HashMap<>();
        Map<String, Instant> lastOpenedAt = new HashMap<>();
        Instant now = T0;
        for (Step step : scenario.steps()) {
            now = now.plus(Duration.ofMinutes(step.minutesLater()));
            boolean disconnect = step.action().endsWith("CONNECT");
            String key = disconnect + " " + step.instance() + " " + (disconnect ? null : step.job());
            int grace = disconnect ? scenario.disconnectGrace() : scenario.failureGrace();
            if (step.action().equals("DISCONNECT") || step.action().equals("FAIL")) {
                if (!openedAt.containsKey(key)) {
                    if (grace == 0 && now.equals(lastOpenedAt.get(key))) {
                        return true;
                    }
                    openedAt.put(key, now);
                    lastOpenedAt.put(key, now);
                }
            } else if (step.action().equals("CONNECT") || step.action().equals("SUCCEED")) {
                openedAt.remove(key);
            }
        }
        return false;
    }

    private static void engineMatchesModel(Scenario scenario) {
        AlarmSettings.Builder settings = AlarmSettings.custom()
                .disconnectGracePeriod(Duration.ofMinutes(scenario.disconnectGrace()))
                .backupFailureGracePeriod(Duration.ofMinutes(scenario.failureGrace()))
                .notifyOnResolved(scenario.notifyOnResolved())
                // The lifecycle alone: every notification its own message, sent when it falls due, and no
                // alarm held back (QuietModelProperties covers grouping and quiet).
                .groupWait(Duration.ZERO)
                .inhibitBackupFailuresWhileDisconnected(false);
        if (scenario.repeat() > 0) {
            settings.repeatInterval(Duration.ofMinutes(scenario.repeat()));
        }
        Model model = new Model(scenario);
        List<String> actual = new ArrayList<>();
        try (ManualEngine kit = ManualEngine.startAt(T0, configuration(), builder -> builder.settings(settings.build()))) {
            Instant now = T0;
            for (Step step : scenario.steps()) {
                now = now.plus(Duration.ofMinutes(step.minutesLater()));
                boolean catchUp = !step.action().startsWith("SET_");
                if (catchUp) {
                    kit.clock().set(now); // an event must make the engine catch up by itself
                } else {
                    kit.time().advanceTo(now); // a configuration change does not drive the engine
                }
                model.advanceTo(now, catchUp);
                apply(kit, step, now);
                model.apply(step, now);
            }
            Instant end = now.plus(Duration.ofHours(4));
            kit.time().advanceTo(end);
            model.advanceTo(end, false);
            // When the engine decided (not when the channel saw it: a late event delivers overdue work late).
            kit.deliveries().forEach(s -> actual.add(describe(
                    kit.engine().notification(s.message().idempotencyKey()).orElseThrow().createdAt(), s.message())));
        }
        actual.sort(null);
        model.expected.sort(null);
        assertThat(actual).isEqualTo(model.expected);
    }

    static Gen<Scenario> scenarios() {
        Gen<Step> step = integers().between(0, 50).zip(
                arbitrary().pick("DISCONNECT", "CONNECT", "FAIL", "SUCCEED", "SET_VAULT", "SET_INSTANCE"),
                arbitrary().pick(INSTANCES),
                arbitrary().pick("daily", "-"),
                integers().between(0, 3),
                (m, a, i, j, p) -> new Step(m, a, i, "-".equals(j) ? null : j, p));
        // A step may shrink away anywhere in the timeline, not only at its end (one in a hundred is left out).
        Gen<List<Step>> steps = lists().of(step.toOptionals(1)).ofSizeBetween(1, 25)
                .map(list -> list.stream().flatMap(Optional::stream).toList());
        return arbitrary().pick(0, 30, 60).zip(arbitrary().pick(0, 45, 60), arbitrary().pick(0, 25, 60),
                booleans().all(), steps, Scenario::new);
    }

    // ---- the real engine ----

    private static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), MobileNumber.of("+8613800138000")))
                .contact(Contact.verified("c-a", "acct-1", "A", EmailAddress.of("a@example.com"), MobileNumber.of("+8613900139000")))
                .contact(Contact.verified("c-b", "acct-1", "B", EmailAddress.of("b@example.com"), null))
                .group(new ContactGroup("g", "acct-1", "G", Set.of("c-a", "c-b")))
                .vault(new Vault("v-1", "acct-1", VaultAlarmPolicy.DEFAULT))
                .instance(new Instance("i-1", "v-1", InstanceAlarmPolicy.SAME_AS_VAULT))
                .instance(new Instance("i-2", "v-1", InstanceAlarmPolicy.SAME_AS_VAULT))
                .build();
    }

    private static final List<VaultAlarmPolicy> VAULT_POLICIES = List.of(VaultAlarmPolicy.DISABLED,
            VaultAlarmPolicy.DEFAULT, VaultAlarmPolicy.customized(List.of("c-a"), List.of()),
            VaultAlarmPolicy.customized(List.of(), List.of("g")));
    private static final List<InstanceAlarmPolicy> INSTANCE_POLICIES = List.of(InstanceAlarmPolicy.SAME_AS_VAULT,
            InstanceAlarmPolicy.DISABLED, InstanceAlarmPolicy.DEFAULT,
            InstanceAlarmPolicy.customized(List.of("c-b"), List.of()));

    private static void apply(ManualEngine kit, Step step, Instant at) {
        switch (step.action()) {
            case "DISCONNECT" -> kit.report(new AlarmEvent.ClientDisconnected(step.instance(), at));
            case "CONNECT" -> kit.report(new AlarmEvent.ClientConnected(step.instance(), at));
            case "FAIL" -> kit.report(new AlarmEvent.BackupFailed(step.instance(), step.job(), "error", at));
            case "SUCCEED" -> kit.report(new AlarmEvent.BackupSucceeded(step.instance(), step.job(), at));
            case "SET_VAULT" -> kit.admin().setVaultPolicy("v-1", VAULT_POLICIES.get(step.policy()));
            case "SET_INSTANCE" -> kit.admin().setInstancePolicy(step.instance(), INSTANCE_POLICIES.get(step.policy()));
            default -> throw new IllegalArgumentException(step.action());
        }
    }

    private static String describe(Instant at, OutboundMessage message) {
        return at + " " + message.kind() + " " + message.data().get("alarm") + " " + message.data().get("instance")
                + " " + message.data().getOrDefault("job", "-") + " " + message.channel() + ":" + message.address();
    }

    // ---- the reference model ----

    /** The rules written as plainly as possible, independently of the engine's code. */
    private static final class Model {
        final Scenario scenario;
        final List<String> expected = new ArrayList<>();
        final Map<String, ModelAlarm> open = new HashMap<>();
        int vaultPolicy = 1; // DEFAULT
        final Map<String, Integer> instancePolicy = new HashMap<>(Map.of("i-1", 0, "i-2", 0));

        Model(Scenario scenario) {
            this.scenario = scenario;
        }

        static final class ModelAlarm {
            final String type;
            final String instance;
            final String job;
            Instant due;          // pending: fires at; firing: next repeat or null
            boolean firing;

            ModelAlarm(String type, String instance, String job, Instant due) {
                this.type = type;
                this.instance = instance;
                this.job = job;
                this.due = due;
            }
        }

        /**
         * Handles everything due up to {@code until}. With {@code catchUp} the engine met that work
         * late (the clock jumped): repeat slots that had already passed are skipped.
         */
        void advanceTo(Instant until, boolean catchUp) {
            while (true) {
                ModelAlarm next = null;
                for (ModelAlarm alarm : open.values()) {
                    if (alarm.due != null && !alarm.due.isAfter(until) && (next == null || alarm.due.isBefore(next.due))) {
                        next = alarm;
                    }
                }
                if (next == null) {
                    return;
                }
                Instant at = next.due;
                if (!next.firing) {
                    next.firing = true;
                    emit(at, "FIRING", next);
                } else {
                    emit(at, "REPEAT", next);
                }
                if (scenario.repeat() > 0) {
                    Instant slot = at.plus(Duration.ofMinutes(scenario.repeat()));
                    while (catchUp && !slot.isAfter(until)) {
                        slot = slot.plus(Duration.ofMinutes(scenario.repeat()));
                    }
                    next.due = slot;
                } else {
                    next.due = null;
                }
            }
        }

        void apply(Step step, Instant at) {
            switch (step.action()) {
                case "DISCONNECT" -> open("CLIENT_DISCONNECTED", step.instance(), null, at, scenario.disconnectGrace());
                case "FAIL" -> open("BACKUP_FAILED", step.instance(), step.job(), at, scenario.failureGrace());
                case "CONNECT" -> close("CLIENT_DISCONNECTED", step.instance(), null, at);
                case "SUCCEED" -> close("BACKUP_FAILED", step.instance(), step.job(), at);
                case "SET_VAULT" -> vaultPolicy = step.policy();
                case "SET_INSTANCE" -> instancePolicy.put(step.instance(), step.policy());
                default -> throw new IllegalArgumentException(step.action());
            }
            advanceTo(at, true);
        }

        void open(String type, String instance, String job, Instant at, int graceMinutes) {
            open.putIfAbsent(type + instance + job, new ModelAlarm(type, instance, job, at.plus(Duration.ofMinutes(graceMinutes))));
        }

        void close(String type, String instance, String job, Instant at) {
            ModelAlarm alarm = open.remove(type + instance + job);
            if (alarm != null && alarm.firing && scenario.notifyOnResolved()) {
                emit(at, "RESOLVED", alarm);
            }
        }

        /** Recipients are resolved for each notification when it falls due. */
        void emit(Instant at, String kind, ModelAlarm alarm) {
            for (String recipient : new TreeSet<>(recipients(alarm.instance))) {
                expected.add(at + " " + kind + " " + alarm.type + " " + alarm.instance + " "
                        + (alarm.job == null ? "-" : alarm.job) + " " + recipient);
            }
        }

        Set<String> recipients(String instance) {
            Set<String> owner = Set.of("email:owner@example.com", "sms:+8613800138000");
            Set<String> a = Set.of("email:a@example.com", "sms:+8613900139000");
            Set<String> b = Set.of("email:b@example.com");
            int own = instancePolicy.get(instance);
            if (own == 0) {
                return switch (vaultPolicy) {
                    case 0 -> Set.of();
                    case 1 -> owner;
                    case 2 -> a;
                    default -> union(a, b);
                };
            }
            return switch (own) {
                case 1 -> Set.of();
                case 2 -> owner;
                default -> b;
            };
        }

        static Set<String> union(Set<String> x, Set<String> y) {
            Set<String> all = new TreeSet<>(x);
            all.addAll(y);
            return all;
        }
    }
}
