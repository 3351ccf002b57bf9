package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.backupalarm.policy.PolicyLevel;
import io.backupalarm.policy.Resolution;
import io.backupalarm.policy.ResolvedRecipient;
import io.backupalarm.policy.Via;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Renders a {@link Resolution}: as one JSON object on one line (the documented shape and field
 * order), or as text for people. Stateless and thread-safe.
 */
final class ExplainOutput {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ExplainOutput() {
    }

    /**
     * {@code {"instance":..,"vault":..,"account":..,"decidedBy":..,"mode":..,"recipients":[{"channel":..,
     * "to":..,"via":[{"contact":..}|{"contact":..,"group":..}|{"account":..}]}]}} and a line break.
     */
    static String json(Resolution resolution) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("instance", resolution.instance());
            json.writeStringField("vault", resolution.vault());
            json.writeStringField("account", resolution.account());
            json.writeStringField("decidedBy", resolution.decidedBy().name());
            json.writeStringField("mode", resolution.mode().name());
            json.writeArrayFieldStart("recipients");
            for (ResolvedRecipient recipient : resolution.recipients()) {
                json.writeStartObject();
                json.writeStringField("channel", recipient.recipient().channel());
                json.writeStringField("to", recipient.recipient().address());
                json.writeArrayFieldStart("via");
                for (Via via : recipient.via()) {
                    json.writeStartObject();
                    if (via.account() != null) {
                        json.writeStringField("account", via.account());
                    } else {
                        json.writeStringField("contact", via.contact());
                        if (via.group() != null) {
                            json.writeStringField("group", via.group());
                        }
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    /** The resolution as text for people, several lines. */
    static String text(Resolution resolution) {
        StringBuilder out = new StringBuilder();
        out.append("instance ").append(resolution.instance())
                .append(" (vault ").append(resolution.vault())
                .append(", account ").append(resolution.account()).append(")\n");
        out.append("decided by: ").append(resolution.decidedBy()).append(resolution.decidedBy() == PolicyLevel.VAULT
                ? " (the instance's policy is SAME_AS_VAULT, so the vault's policy applies)"
                : " (the instance's own policy applies)").append('\n');
        out.append("mode: ").append(resolution.mode()).append('\n');
        if (resolution.recipients().isEmpty()) {
            out.append("recipients: none").append(switch (resolution.mode()) {
                case DISABLED -> " (alarms are disabled)";
                case DEFAULT -> " (the account has no address)";
                case CUSTOMIZED -> " (no verified address among the contacts named)";
            }).append('\n');
            return out.toString();
        }
        out.append("recipients (").append(resolution.recipients().size()).append("):\n");
        for (ResolvedRecipient recipient : resolution.recipients()) {
            out.append("  ").append(recipient.recipient().channel()).append(' ')
                    .append(recipient.recipient().address()).append('\n');
            for (Via via : recipient.via()) {
                out.append("    via ");
                if (via.account() != null) {
                    out.append("account ").append(via.account()).append(" (its own address)");
                } else if (via.group() != null) {
                    out.append("group ").append(via.group()).append(" (member ").append(via.contact()).append(')');
                } else {
                    out.append("contact ").append(via.contact());
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
