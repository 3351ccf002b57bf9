package io.backupalarm.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a configuration in the file format: items in the configuration's order, the ids of a
 * group or a policy sorted (they are sets), absent optional fields left out. Thread-safe.
 */
final class ConfigurationWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ConfigurationWriter() {
    }

    static String write(Configuration configuration) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            json.setPrettyPrinter(pretty);
            json.writeStartObject();
            json.writeArrayFieldStart("accounts");
            for (Account account : configuration.accounts()) {
                json.writeStartObject();
                json.writeStringField("id", account.id());
                if (account.email() != null) {
                    json.writeStringField("email", account.email().value());
                }
                if (account.mobile() != null) {
                    json.writeStringField("mobile", account.mobile().value());
                }
                if (account.timeZone() != null) {
                    json.writeStringField("timeZone", account.timeZone().getId());
                }
                if (account.locale() != null) {
                    json.writeStringField("locale", account.locale().toLanguageTag());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("contacts");
            for (Contact contact : configuration.contacts()) {
                json.writeStartObject();
                json.writeStringField("id", contact.id());
                json.writeStringField("account", contact.account());
                json.writeStringField("name", contact.name());
                if (contact.email() != null) {
                    json.writeStringField("email", contact.email().value());
                }
                if (contact.mobile() != null) {
                    json.writeStringField("mobile", contact.mobile().value());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("groups");
            for (ContactGroup group : configuration.groups()) {
                json.writeStartObject();
                json.writeStringField("id", group.id());
                json.writeStringField("account", group.account());
                json.writeStringField("name", group.name());
                ids(json, "members", group.members());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("vaults");
            for (Vault vault : configuration.vaults()) {
                json.writeStartObject();
                json.writeStringField("id", vault.id());
                json.writeStringField("account", vault.account());
                policy(json, vault.alarmPolicy());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("instances");
            for (Instance instance : configuration.instances()) {
                json.writeStartObject();
                json.writeStringField("id", instance.id());
                json.writeStringField("vault", instance.vault());
                policy(json, instance.alarmPolicy());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    private static void policy(JsonGenerator json, AlarmPolicy policy) throws IOException {
        json.writeObjectFieldStart("alarmPolicy");
        String mode = policy instanceof VaultAlarmPolicy v ? v.mode().name() : ((InstanceAlarmPolicy) policy).mode().name();
        json.writeStringField("mode", mode);
        if (!policy.contacts().isEmpty()) {
            ids(json, "contacts", policy.contacts());
        }
        if (!policy.groups().isEmpty()) {
            ids(json, "groups", policy.groups());
        }
        json.writeEndObject();
    }

    private static void ids(JsonGenerator json, String field, Collection<String> ids) throws IOException {
        json.writeArrayFieldStart(field);
        Set<String> sorted = new TreeSet<>(ids);
        for (String id : sorted) {
            json.writeString(id);
        }
        json.writeEndArray();
    }
}
