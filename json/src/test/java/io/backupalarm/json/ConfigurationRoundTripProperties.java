package io.backupalarm.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

@Label("Configuration files round trip")
final class ConfigurationRoundTripProperties {

    private static final List<String> MOBILES = List.of("+8613800138000", "+8613900139000", "+8613700137000",
            "+14155552671", "+447911123456", "+61412345678");
    private static final List<String> ZONES = List.of("UTC", "Asia/Shanghai", "Europe/Paris", "America/New_York", "+05:30");
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE,
            Locale.forLanguageTag("de-CH"), Locale.forLanguageTag("pt-BR"), Locale.forLanguageTag("sr-Latn-RS"));
    private static final String NAME_CHARS = "abcXYZ 019_-'\"\\/éß李王🙂";

    @Property(tries = 300)
    @Label("any valid configuration written and read back is unchanged")
    void writeThenReadGivesTheSameConfiguration(@ForAll("configurations") Configuration configuration) {
        String written = ConfigurationFiles.write(configuration);
        Configuration read = ConfigurationFiles.read(written, "generated.json");

        assertThat(read).isEqualTo(configuration);
        assertThat(ConfigurationFiles.write(read)).isEqualTo(written);
    }

    @Provide
    Arbitrary<Configuration> configurations() {
        return Arbitraries.randomValue(ConfigurationRoundTripProperties::generate);
    }

    /** A whole valid configuration: every reference inside its account, every contact verified. */
    static Configuration generate(Random random) {
        Configuration.Builder builder = Configuration.builder();
        int accountCount = 1 + random.nextInt(3);
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < accountCount; a++) {
            String id = "acct-" + a;
            accounts.add(id);
            boolean email = random.nextBoolean();
            boolean mobile = !email || random.nextBoolean();
            builder.account(new Account(id,
                    email ? EmailAddress.of("owner" + a + "@Example" + a + ".com") : null,
                    mobile ? MobileNumber.of(pick(random, MOBILES)) : null,
                    random.nextBoolean() ? ZoneId.of(pick(random, ZONES)) : null,
                    random.nextBoolean() ? pick(random, LOCALES) : null));
        }
        List<Contact> contacts = new ArrayList<>();
        for (int c = random.nextInt(7); c > 0; c--) {
            boolean email = random.nextBoolean();
            boolean mobile = !email || random.nextBoolean();
            Contact contact = Contact.verified("c." + c, pick(random, accounts), name(random),
                    email ? EmailAddress.of("p+" + c + "_x@mail-" + random.nextInt(3) + ".example.org") : null,
                    mobile ? MobileNumber.of(pick(random, MOBILES)) : null);
            contacts.add(contact);
            builder.contact(contact);
        }
        List<ContactGroup> groups = new ArrayList<>();
        for (int g = random.nextInt(4); g > 0; g--) {
            String account = pick(random, accounts);
            List<String> members = contactsOf(contacts, account);
            if (!members.isEmpty()) {
                ContactGroup group = new ContactGroup("g:" + g, account, name(random), subset(random, members, 1));
                groups.add(group);
                builder.group(group);
            }
        }
        List<String> vaults = new ArrayList<>();
        for (int v = random.nextInt(4); v > 0; v--) {
            String account = pick(random, accounts);
            List<String> contactIds = contactsOf(contacts, account);
            List<String> groupIds = groups.stream().filter(g -> g.account().equals(account)).map(ContactGroup::id).toList();
            VaultAlarmPolicy policy = switch (random.nextInt(4)) {
                case 0 -> VaultAlarmPolicy.DISABLED;
                case 1 -> VaultAlarmPolicy.DEFAULT;
                case 2 -> contactIds.isEmpty() ? null
                        : VaultAlarmPolicy.customized(subset(random, contactIds, 1), subset(random, groupIds, 0));
                default -> null;
            };
            builder.vault(new Vault("v_" + v, account, policy));
            vaults.add("v_" + v + "/" + account);
        }
        for (int i = vaults.isEmpty() ? 0 : random.nextInt(6); i > 0; i--) {
            String[] vault = pick(random, vaults).split("/");
            List<String> contactIds = contactsOf(contacts, vault[1]);
            List<String> groupIds = groups.stream().filter(g -> g.account().equals(vault[1])).map(ContactGroup::id).toList();
            InstanceAlarmPolicy policy = switch (random.nextInt(5)) {
                case 0 -> InstanceAlarmPolicy.of(InstancePolicyMode.DISABLED);
                case 1 -> InstanceAlarmPolicy.of(InstancePolicyMode.DEFAULT);
                case 2 -> InstanceAlarmPolicy.SAME_AS_VAULT;
                case 3 -> groupIds.isEmpty() ? null
                        : InstanceAlarmPolicy.customized(subset(random, contactIds, 0), subset(random, groupIds, 1));
                default -> null;
            };
            builder.instance(new Instance("i-" + i, vault[0], policy));
        }
        return builder.build();
    }

    private static List<String> contactsOf(List<Contact> contacts, String account) {
        return contacts.stream().filter(c -> c.account().equals(account)).map(Contact::id).toList();
    }

    private static Set<String> subset(Random random, List<String> ids, int atLeast) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            if (random.nextBoolean()) {
                out.add(id);
            }
        }
        while (out.size() < atLeast) {
            out.add(pick(random, ids));
        }
        return out;
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder();
        int[] chars = NAME_CHARS.codePoints().toArray();
        for (int n = 1 + random.nextInt(12); n > 0; n--) {
            name.appendCodePoint(chars[random.nextInt(chars.length)]);
        }
        return name.toString();
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
