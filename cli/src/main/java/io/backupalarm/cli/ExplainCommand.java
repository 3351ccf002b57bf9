package io.backupalarm.cli;

import io.backupalarm.config.Configuration;
import io.backupalarm.config.Instance;
import io.backupalarm.json.Suggestions;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.policy.Resolution;
import io.backupalarm.text.SafeText;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain FILE --instance ID [--json]}: who would receive an alarm for the instance now,
 * and why: the level that decided, the effective mode, and every path to each address.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "explain",
        description = {"Tells who would receive an alarm for an instance now, and why: which level's policy "
                + "applied, the effective mode, and which contacts and groups led to each address.",
                "FILE is a configuration file or a scenario file (its config, before any event, is used)."})
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a configuration file or a scenario file (JSON)")
    private String file;

    @Option(names = "--instance", required = true, paramLabel = "ID", description = "the instance (backup client) id")
    private String instance;

    @Option(names = "--json", description = "print one JSON object instead of text for people")
    private boolean json;

    /** Creates the command; picocli does this for each run. */
    public ExplainCommand() {
    }

    /**
     * Explains the resolution for the instance.
     *
     * @return {@link ExitCodes#OK}
     * @throws InvalidInputException if the file is missing, unreadable or invalid, or has no such
     *         instance
     */
    @Override
    public Integer call() {
        Configuration configuration = Inputs.read(file).configuration();
        if (configuration.instance(instance).isEmpty()) {
            String id = SafeText.printable(instance);
            List<String> known = configuration.instances().stream().map(Instance::id).toList();
            throw new InvalidInputException(List.of(SafeText.escape(file) + ": --instance " + id + ": no instance '"
                    + id + "'" + Suggestions.didYouMean(instance, known)));
        }
        Resolution resolution = RecipientResolver.explain(configuration, instance);
        String output = json ? ExplainOutput.json(resolution) : ExplainOutput.text(resolution);
        spec.commandLine().getOut().print(output);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
