package io.backupalarm.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a configuration in the file format: items in the configuration's order, the ids of a
 * group or a policy sorted (they are sets), a window's days in week order (Monday first), a
 * contact's further addresses in its order (a contact without any has no {@code addresses}),
 * absent optional fields left out. Thread-safe.
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
                if (!contact.addresses().isEmpty()) {
                    json.writeArrayFieldStart("addresses");
                    for (ContactAddress address : contact.addresses()) {
                        json.writeStartObject();
                        json.writeStringField("channel", address.channel());
                        json.writeStringField("to", address.address());
                        if (address.secret() != null) {
                            json.writeStringField("secret", address.secret());
                        }
                        json.writeEndObject();
                    }
                    json.writeEndArray();
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
            json.writeArrayFieldStart("maintenanceWindows");
            for (MaintenanceWindow window : configuration.maintenanceWindows()) {
                window(json, window);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    private static void window(JsonGenerator json, MaintenanceWindow window) throws IOException {
        LocalTime start = window.start();
        if (start.getSecond() != 0 || start.getNano() != 0) {
            // The format holds HH:MM; writing it anyway would read back as another window.
            throw new IllegalArgumentException("maintenance window " + window.id() + " starts at " + start
                    + ", which the file format cannot hold: a start is HH:MM, without seconds");
        }
        if (!ZoneId.getAvailableZoneIds().contains(window.timeZone().getId())) {
            throw new IllegalArgumentException("maintenance window " + window.id() + " uses the time zone "
                    + window.timeZone().getId() + ", which the file format cannot hold: a timeZone is an IANA id"
                    + " such as Asia/Shanghai");
        }
        json.writeStartObject();
        json.writeStringField("id", window.id());
        json.writeStringField("account", window.account());
        if (window.matcher().vault() != null) {
            json.writeStringField("vault", window.matcher().vault());
        }
        if (window.matcher().instance() != null) {
            json.writeStringField("instance", window.matcher().instance());
        }
        if (window.matcher().alarm() != null) {
            json.writeStringField("alarm", window.matcher().alarm().name());
        }
        json.writeStringField("timeZone", window.timeZone().getId());
        json.writeArrayFieldStart("days");
        for (DayOfWeek day : EnumSet.copyOf(window.days())) {
            json.writeString(day.name());
        }
        json.writeEndArray();
        json.writeStringField("start", start.toString());
        json.writeStringField("duration", Rules.durationText(window.duration()));
        json.writeEndObject();
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
