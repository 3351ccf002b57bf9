package io.backupalarm.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. */
@DisplayName("Configuration files round trip")
final class ConfigurationRoundTripProperties {

    private static final List<String> MOBILES = List.of("+8613800138000", "+8613900139000", "+8613700137000",
            "+14155552671", "+447911123456", "+61412345678");
    private static final List<String> ZONES = List.of("UTC", "Asia/Shanghai", "Europe/Paris", "America/New_York", "+05:30");
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE,
            Locale.forLanguageTag("de-CH"), Locale.forLanguageTag("pt-BR"), Locale.forLanguageTag("sr-Latn-RS"));
    /** Zones a window may use: IANA ids only (a fixed offset is not one). */
    private static final List<String> REGIONS = List.of("UTC", "Asia/Shanghai", "Europe/Paris", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kolkata");
    private static final List<Duration> DURATIONS = List.of(Duration.ofSeconds(1), Duration.ofMinutes(90),
            Duration.ofHours(4), Duration.ofDays(1), MaintenanceWindow.MAX_DURATION);
    private static final List<String> CHANNELS = List.of("dingtalk", "webhook", "wecom", "feishu", "slack", "chat",
            "x-1", "abcdefghijklmnopqrstuvwxyz-01234");
    private static final List<String> URLS = List.of("https://oapi.dingtalk.com/robot/send?access_token=abc",
            "https://hooks.example.com/a?b=c&d=%C3%A9", "https://[2001:db8::1]:8443/hook", "https://xn--fsq.example/路径");
    private static final String NAME_CHARS = "abcXYZ 019_-'\"\\/éß李王🙂";

    @Test
    @DisplayName("any valid configuration written and read back is unchanged")
    void writeThenReadGivesTheSameConfiguration() {
        qt().withExamples(300).forAll(configurations()).checkAssert(configuration -> {
            String written = ConfigurationFiles.write(configuration);
            Configuration read = ConfigurationFiles.read(written, "generated.json");

            assertThat(read).isEqualTo(configuration);
            assertThat(ConfigurationFiles.write(read)).isEqualTo(written);
        });
    }

    static Gen<Configuration> configurations() {
        Gen<Configuration> configurations = source -> generate(new Choices(source));
        return configurations.describedAs(configuration -> Stream.of(configuration.accounts(), configuration.contacts(),
                configuration.groups(), configuration.vaults(), configuration.instances(),
                configuration.maintenanceWindows())
                .map(String::valueOf).collect(Collectors.joining("\n  ", "Configuration\n  ", "")));
    }

    /**
     * Every choice the generator makes, drawn from QuickTheories: a failing configuration then
     * shrinks by making each choice smaller (fewer items, the first of a list, {@code false}).
     */
    private record Choices(RandomnessSource source) {
        int nextInt(int bound) {
            return integers().between(0, bound - 1).generate(source);
        }

        boolean nextBoolean() {
            return nextInt(2) == 1;
        }
    }

    /** A whole valid configuration: every reference inside its account, every contact verified. */
    static Configuration generate(Choices choices) {
        Configuration.Builder builder = Configuration.builder();
        int accountCount = 1 + choices.nextInt(3);
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < accountCount; a++) {
            String id = "acct-" + a;
            accounts.add(id);
            boolean email = choices.nextBoolean();
            boolean mobile = !email || choices.nextBoolean();
            builder.account(new Account(id,
                    email ? EmailAddress.of("owner" + a + "@Example" + a + ".com") : null,
                    mobile ? MobileNumber.of(pick(choices, MOBILES)) : null,
                    choices.nextBoolean() ? ZoneId.of(pick(choices, ZONES)) : null,
                    choices.nextBoolean() ? pick(choices, LOCALES) : null));
        }
        List<Contact> contacts = new ArrayList<>();
        for (int c = choices.nextInt(7); c > 0; c--) {
            List<ContactAddress> further = addresses(choices);
            boolean email = choices.nextBoolean();
            boolean mobile = !email && further.isEmpty() || choices.nextBoolean();
            Contact contact = Contact.verified("c." + c, pick(choices, accounts), name(choices),
                    email ? EmailAddress.of("p+" + c + "_x@mail-" + choices.nextInt(3) + ".example.org") : null,
                    mobile ? MobileNumber.of(pick(choices, MOBILES)) : null, further);
            contacts.add(contact);
            builder.contact(contact);
        }
        List<ContactGroup> groups = new ArrayList<>();
        for (int g = choices.nextInt(4); g > 0; g--) {
            String account = pick(choices, accounts);
            List<String> members = contactsOf(contacts, account);
            if (!members.isEmpty()) {
                ContactGroup group = new ContactGroup("g:" + g, account, name(choices), subset(choices, members, 1));
                groups.add(group);
                builder.group(group);
            }
        }
        List<String> vaults = new ArrayList<>();
        for (int v = choices.nextInt(4); v > 0; v--) {
            String account = pick(choices, accounts);
            List<String> contactIds = contactsOf(contacts, account);
            List<String> groupIds = groups.stream().filter(g -> g.account().equals(account)).map(ContactGroup::id).toList();
            VaultAlarmPolicy policy = switch (choices.nextInt(4)) {
                case 0 -> VaultAlarmPolicy.DISABLED;
                case 1 -> VaultAlarmPolicy.DEFAULT;
                case 2 -> contactIds.isEmpty() ? null
                        : VaultAlarmPolicy.customized(subset(choices, contactIds, 1), subset(choices, groupIds, 0));
                default -> null;
            };
            builder.vault(new Vault("v_" + v, account, policy));
            vaults.add("v_" + v + "/" + account);
        }
        List<String> instances = new ArrayList<>();
        for (int i = vaults.isEmpty() ? 0 : choices.nextInt(6); i > 0; i--) {
            String[] vault = pick(choices, vaults).split("/");
            List<String> contactIds = contactsOf(contacts, vault[1]);
            List<String> groupIds = groups.stream().filter(g -> g.account().equals(vault[1])).map(ContactGroup::id).toList();
            InstanceAlarmPolicy policy = switch (choices.nextInt(5)) {
                case 0 -> InstanceAlarmPolicy.of(InstancePolicyMode.DISABLED);
                case 1 -> InstanceAlarmPolicy.of(InstancePolicyMode.DEFAULT);
                case 2 -> InstanceAlarmPolicy.SAME_AS_VAULT;
                case 3 -> groupIds.isEmpty() ? null
                        : InstanceAlarmPolicy.customized(subset(choices, contactIds, 0), subset(choices, groupIds, 1));
                default -> null;
            };
            builder.instance(new Instance("i-" + i, vault[0], policy));
            instances.add("i-" + i + "/" + vault[0] + "/" + vault[1]);
        }
        for (int w = choices.nextInt(4); w > 0; w--) {
            builder.maintenanceWindow(window(choices, "mw-" + w, accounts, vaults, instances));
        }
        return builder.build();
    }

    /** A window of an account, its matchers naming a vault and an instance of that account, or nothing. */
    private static MaintenanceWindow window(Choices choices, String id, List<String> accounts, List<String> vaults,
                                            List<String> instances) {
        String account = pick(choices, accounts);
        List<String> vaultIds = vaults.stream().filter(v -> v.endsWith("/" + account)).map(v -> v.split("/")[0]).toList();
        List<String> instanceIds = instances.stream().filter(i -> i.endsWith("/" + account)).map(i -> i.split("/")[0]).toList();
        String vault = vaultIds.isEmpty() || choices.nextBoolean() ? null : pick(choices, vaultIds);
        String instance = instanceIds.isEmpty() || choices.nextBoolean() ? null : pick(choices, instanceIds);
        AlarmType alarm = choices.nextBoolean() ? null : pick(choices, List.of(AlarmType.values()));
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (choices.nextBoolean()) {
                days.add(day);
            }
        }
        if (days.isEmpty()) {
            days.add(pick(choices, List.of(DayOfWeek.values())));
        }
        Duration duration = choices.nextBoolean() ? pick(choices, DURATIONS)
                : Duration.ofSeconds(1 + choices.nextInt((int) MaintenanceWindow.MAX_DURATION.toSeconds()));
        return new MaintenanceWindow(id, account, new AlarmMatcher(vault, instance, alarm), ZoneId.of(pick(choices, REGIONS)),
                days, LocalTime.of(choices.nextInt(24), choices.nextInt(60)), duration);
    }

    /** Up to four further addresses, none twice: built-in channels with URLs, hosts' channels with any text. */
    private static List<ContactAddress> addresses(Choices choices) {
        List<ContactAddress> out = new ArrayList<>();
        for (int n = choices.nextInt(5); n > 0; n--) {
            String channel = pick(choices, CHANNELS);
            String to = ContactAddress.HTTPS_CHANNELS.contains(channel) ? pick(choices, URLS) : name(choices).strip();
            String secret = choices.nextBoolean() ? null : pick(choices, List.of("ding-ops", "s.1", "team:hook"));
            if (!to.isEmpty() && out.stream().noneMatch(a -> a.sameTarget(channel, to))) {
                out.add(ContactAddress.verified(channel, to, secret));
            }
        }
        return out;
    }

    private static List<String> contactsOf(List<Contact> contacts, String account) {
        return contacts.stream().filter(c -> c.account().equals(account)).map(Contact::id).toList();
    }

    private static Set<String> subset(Choices choices, List<String> ids, int atLeast) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            if (choices.nextBoolean()) {
                out.add(id);
            }
        }
        while (out.size() < atLeast) {
            out.add(pick(choices, ids));
        }
        return out;
    }

    private static String name(Choices choices) {
        StringBuilder name = new StringBuilder();
        int[] chars = NAME_CHARS.codePoints().toArray();
        for (int n = 1 + choices.nextInt(12); n > 0; n--) {
            name.appendCodePoint(chars[choices.nextInt(chars.length)]);
        }
        return name.toString();
    }

    private static <T> T pick(Choices choices, List<T> items) {
        return items.get(choices.nextInt(items.size()));
    }
}
