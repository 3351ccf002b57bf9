package io.backupalarm.cli;

import io.backupalarm.quiet.TestNotification;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.text.SafeText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code test --instance ID | --contact ID}: puts a test notification in the outbox for everyone
 * an alarm of the instance would reach now, or for every verified address of the contact; the
 * hosts' nodes send it at their next look into the outbox.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "test",
        description = {"Queues a test notification for an instance's recipients, or a contact.",
                "One message for everyone an alarm of the instance would reach now, or for every verified address"
                        + " of the contact: never grouped or held back. The hosts' nodes send them at their next look"
                        + " into the outbox."})
public final class TestCommand extends OperatorCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    /** Exactly one of the two. */
    static final class Target {
        @Option(names = "--instance", required = true, paramLabel = "ID", description = "an instance (backup client)")
        String instance;

        @Option(names = "--contact", required = true, paramLabel = "ID", description = "a contact")
        String contact;
    }

    TestCommand(Environment environment) {
        super(environment);
    }

    @Override
    void check() {
        checkId("--instance", target.instance);
        checkId("--contact", target.contact);
    }

    @Override
    int run(OperatorSession session) {
        boolean ofInstance = target.instance != null;
        String what = ofInstance ? "instance " + target.instance : "contact " + target.contact;
        boolean exists = session.store().configuration().read(repos -> ofInstance
                ? repos.instances().find(target.instance).isPresent()
                : repos.contacts().find(target.contact).isPresent());
        if (!exists) {
            throw invalid((ofInstance ? "--instance " : "--contact ") + id(ofInstance ? target.instance : target.contact)
                    + ": no such " + (ofInstance ? "instance" : "contact") + "; nothing was changed");
        }
        TestNotification test = session.engine().sendTest(ofInstance
                ? TestTarget.instance(target.instance) : TestTarget.contact(target.contact));
        if (json) {
            out().print(JsonOutput.document(json -> {
                json.writeStartObject();
                JsonOutput.string(json, "instance", target.instance);
                JsonOutput.string(json, "contact", target.contact);
                JsonOutput.string(json, "account", test.account());
                JsonOutput.string(json, "at", test.at());
                json.writeArrayFieldStart("messages");
                for (TestNotification.Message message : test.messages()) {
                    json.writeStartObject();
                    json.writeStringField("channel", message.recipient().channel());
                    json.writeStringField("to", Redactor.address(message.recipient().address()));
                    json.writeStringField("key", message.key());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }));
        } else if (test.reachesNobody()) {
            out().println(SafeText.escape("the test of " + what + " reaches nobody (no verified address"
                    + (ofInstance ? ", or alarms are disabled for it" : "") + "); nothing was queued"));
        } else {
            out().println(SafeText.escape("test of " + what + " (account " + test.account() + ") queued at "
                    + Table.time(test.at()) + ": " + test.messages().size()
                    + " message(s); the hosts' nodes send them at their next look into the outbox"));
            Table table = new Table("CHANNEL", "TO", "KEY");
            for (TestNotification.Message message : test.messages()) {
                table.row(message.recipient().channel(), Redactor.address(message.recipient().address()), message.key());
            }
            out().print(table.render());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
