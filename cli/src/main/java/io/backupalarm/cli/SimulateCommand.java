package io.backupalarm.cli;

import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.delivery.Notification;
import io.backupalarm.json.Scenario;
import io.backupalarm.json.ScenarioStep;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simulate FILE}: replays a scenario on a virtual clock through the library's own engine
 * and outbox, and prints one JSON line per notification sent, in time order.
 *
 * <p>The clock starts at the first event and runs to {@code until}; everything due up to and
 * including it happens, and nothing due after it. The channels ({@code email}, {@code sms}, and
 * one for every channel a contact's further address names, such as {@code dingtalk} or a host's
 * own) accept every message, so each line is a notification the engine sent, stamped with the instant
 * its message was sent (see {@link SimulationOutput} for the lines and their {@code messageId}).
 * Operator actions go through the engine's API: a silence is created and expired, an alarm
 * acknowledged (one that is not firing changes nothing, and a note says so on stderr), a test
 * notification sent.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "simulate",
        description = {"Replays a scenario on a virtual clock through the alarm engine and prints every "
                + "notification that would go out, one JSON object per line, in time order.",
                "FILE is a scenario file: a config, optional settings, events in time order, and until."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a scenario file (JSON)")
    private String file;

    /** Creates the command; picocli does this for each run. */
    public SimulateCommand() {
    }

    /**
     * Replays the scenario.
     *
     * @return {@link ExitCodes#OK}
     * @throws InvalidInputException if the file is missing, unreadable, invalid, or not a scenario
     */
    @Override
    public Integer call() {
        Scenario scenario = Inputs.read(file).scenario().orElseThrow(() -> new InvalidInputException(List.of(
                SafeText.escape(file) + ": $: a configuration file, not a scenario (simulate needs \"config\" and \"events\")")));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (scenario.steps().isEmpty()) {
            return ExitCodes.OK;
        }
        Instant until = scenario.until().orElseThrow();
        ManualClock clock = new ManualClock(scenario.start().orElseThrow());
        ConfigurationStore store = ConfigurationStore.inMemory(scenario.configuration());
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        SimulationOutput output = new SimulationOutput(out, ConfiguredAddresses.of(Path.of(file)));
        AlarmListener recorder = new AlarmListener() {
            @Override
            public void onDelivered(Notification notification) {
                output.add(notification);
            }
        };
        AlarmEngine.Builder builder = AlarmEngine.builder().configuration(store).settings(scenario.settings())
                .manualTime(clock).listener(recorder);
        channelNames(scenario.configuration()).forEach(name -> builder.channel(accepting(name)));
        try (AlarmEngine engine = builder.build()) {
            ManualTime time = ManualTime.of(engine);
            List<ScenarioStep> steps = scenario.steps();
            for (int i = 0; i < steps.size(); i++) {
                ScenarioStep step = steps.get(i);
                time.advanceTo(step.at());
                // What was sent before this instant is complete: print it, numbered, before more comes.
                output.printSentBefore(step.at());
                apply(engine, admin, step, "$.events[" + i + "]", err);
            }
            time.advanceTo(until);
            output.printSentUpTo(until);
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /** Applies one step at the clock's instant, as a host or an operator would through the API. */
    private void apply(AlarmEngine engine, ConfigurationAdmin admin, ScenarioStep step, String location,
                       PrintWriter err) {
        if (step instanceof ScenarioStep.ReportEvent report) {
            engine.report(report.event());
        } else if (step instanceof ScenarioStep.SetInstancePolicy change) {
            admin.setInstancePolicy(change.instance(), change.policy());
        } else if (step instanceof ScenarioStep.SetVaultPolicy change) {
            admin.setVaultPolicy(change.vault(), change.policy());
        } else if (step instanceof ScenarioStep.CreateSilence create) {
            engine.createSilence(create.silence());
        } else if (step instanceof ScenarioStep.ExpireSilence expire) {
            engine.expireSilence(expire.id());
        } else if (step instanceof ScenarioStep.Acknowledge ack) {
            if (engine.acknowledge(ack.key(), ack.by(), ack.comment()) == AcknowledgeResult.NOT_FIRING) {
                err.println(SafeText.escape(file + ": " + location + ": note: no " + ack.key().type() + " alarm of instance "
                        + ack.key().instance() + (ack.key().job() == null ? "" : " job " + ack.key().job())
                        + " is firing at " + ack.at() + "; the acknowledgement changes nothing"));
            }
        } else if (step instanceof ScenarioStep.SendTest test) {
            engine.sendTest(test.target());
        }
    }

    /**
     * The channels the replay installs: {@code email}, {@code sms}, and every channel a contact's
     * further address names, installed in a host or not (the events change policies, never
     * contacts, so the configuration names them all).
     */
    static Set<String> channelNames(Configuration configuration) {
        Set<String> names = new TreeSet<>(List.of(Channel.EMAIL, Channel.SMS));
        for (Contact contact : configuration.contacts()) {
            contact.addresses().forEach(address -> names.add(address.channel()));
        }
        return names;
    }

    /** A channel that accepts everything: the simulation shows decisions, not a provider's moods. */
    private static Channel accepting(String name) {
        return new Channel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DeliveryResult send(OutboundMessage message) {
                return DeliveryResult.delivered("");
            }
        };
    }
}
