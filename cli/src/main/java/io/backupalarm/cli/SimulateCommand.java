package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.delivery.Notification;
import io.backupalarm.json.Scenario;
import io.backupalarm.json.ScenarioStep;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simulate FILE}: replays a scenario on a virtual clock through the library's own engine
 * and outbox, and prints one JSON line per notification delivered, in time order.
 *
 * <p>The clock starts at the first event and runs to {@code until}; everything due up to and
 * including it happens. Both channels ({@code email}, {@code sms}) accept every message, so each
 * line is a notification the engine decided to send, stamped with the instant it decided.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "simulate",
        description = {"Replays a scenario on a virtual clock through the alarm engine and prints every "
                + "notification that would go out, one JSON object per line, in time order.",
                "FILE is a scenario file: a config, optional settings, events in time order, and until."})
public final class SimulateCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();

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
                file + ": $: a configuration file, not a scenario (simulate needs \"config\" and \"events\")")));
        PrintWriter out = spec.commandLine().getOut();
        if (scenario.steps().isEmpty()) {
            return ExitCodes.OK;
        }
        ManualClock clock = new ManualClock(scenario.start().orElseThrow());
        ConfigurationStore store = ConfigurationStore.inMemory(scenario.configuration());
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        AlarmListener printer = new AlarmListener() {
            @Override
            public void onDelivered(Notification notification) {
                out.println(line(notification));
            }
        };
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).settings(scenario.settings()).manualTime(clock)
                .channel(accepting(Channel.EMAIL)).channel(accepting(Channel.SMS)).listener(printer).build()) {
            ManualTime time = ManualTime.of(engine);
            for (ScenarioStep step : scenario.steps()) {
                time.advanceTo(step.at());
                if (step instanceof ScenarioStep.ReportEvent report) {
                    engine.report(report.event());
                } else if (step instanceof ScenarioStep.SetInstancePolicy change) {
                    admin.setInstancePolicy(change.instance(), change.policy());
                } else if (step instanceof ScenarioStep.SetVaultPolicy change) {
                    admin.setVaultPolicy(change.vault(), change.policy());
                }
            }
            Instant until = scenario.until().orElseThrow();
            time.advanceTo(until);
        }
        out.flush();
        return ExitCodes.OK;
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

    /** One output line: the fields of cli.md in its order, then {@code job} and {@code occurrences}. */
    static String line(Notification notification) {
        OutboundMessage message = notification.message();
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("at", notification.createdAt().toString());
            json.writeStringField("notification", message.kind().name());
            json.writeStringField("alarm", notification.alarm().name());
            json.writeStringField("instance", notification.instance());
            json.writeStringField("vault", notification.vault());
            json.writeStringField("account", notification.account());
            json.writeStringField("channel", message.channel());
            json.writeStringField("to", message.address());
            String job = message.data().get(OutboundMessage.DataKeys.JOB);
            if (job != null) {
                json.writeStringField("job", job);
            }
            json.writeNumberField("occurrences", Integer.parseInt(message.data().get(OutboundMessage.DataKeys.OCCURRENCES)));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
