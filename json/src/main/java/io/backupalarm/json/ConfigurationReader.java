package io.backupalarm.json;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.ValidationException.Problem;
import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.json.Cursor.Located;
import io.backupalarm.lifecycle.AlarmType;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Walks the tree of a configuration ({@code $} of a configuration file, {@code $.config} of a
 * scenario file), reporting every problem at its JSON location, and builds the core
 * {@link Configuration} when there is none. Keeps what it saw (the ids of every kind and their
 * accounts, even of items that are otherwise invalid, so that one bad item does not make every
 * reference to it a second problem) for the checks of a scenario's events. Not thread-safe; one
 * per read.
 */
final class ConfigurationReader {

    static final Set<String> TOP_FIELDS = ordered("accounts", "contacts", "groups", "vaults", "instances",
            "maintenanceWindows");
    private static final Set<String> ACCOUNT_FIELDS = ordered("id", "email", "mobile", "timeZone", "locale");
    private static final Set<String> CONTACT_FIELDS = ordered("id", "account", "name", "email", "mobile", "addresses");
    private static final Set<String> ADDRESS_FIELDS = ordered("channel", "to", "secret");
    private static final Set<String> GROUP_FIELDS = ordered("id", "account", "name", "members");
    private static final Set<String> VAULT_FIELDS = ordered("id", "account", "alarmPolicy");
    private static final Set<String> INSTANCE_FIELDS = ordered("id", "vault", "alarmPolicy");
    private static final Set<String> POLICY_FIELDS = ordered("mode", "contacts", "groups");
    private static final Set<String> WINDOW_FIELDS = ordered("id", "account", "vault", "instance", "alarm", "timeZone",
            "days", "start", "duration");
    /** A window's local start time: two-digit hours and minutes, 00:00 to 23:59. */
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");
    /** How many unknown ids of one file get a "did you mean". */
    private static final int MAX_SUGGESTIONS = 100;
    private static final Pattern CORE_PATH = Pattern.compile("(accounts|contacts|groups|vaults|instances|maintenanceWindows)\\[([^\\]]+)\\](.*)");

    /** A policy as read: the core value (if valid) and every id it names, with its location. */
    record ParsedPolicy(AlarmPolicy policy, boolean customized, List<Located> contacts, List<Located> groups) {
    }

    /** The matchers of a silence or window as read: the core value (if valid) and the ids it names, located. */
    record ParsedMatcher(AlarmMatcher matcher, Located vault, Located instance) {
    }

    private final Problems problems;
    /** For each kind, every id seen and the location of its first item. */
    private final Map<String, Map<String, String>> locations = new HashMap<>();
    /** The account of each contact, group and vault seen ({@code null} if unreadable). */
    private final Map<String, String> contactAccount = new HashMap<>();
    private final Map<String, String> groupAccount = new HashMap<>();
    private final Map<String, String> vaultAccount = new HashMap<>();
    private final Map<String, String> instanceVault = new HashMap<>();

    private final List<Account> accounts = new ArrayList<>();
    private final List<Contact> contacts = new ArrayList<>();
    private final List<ContactGroup> groups = new ArrayList<>();
    private final List<Vault> vaults = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();
    private final List<MaintenanceWindow> windows = new ArrayList<>();
    /** The account of each instance seen, through its vault; built once every list is read. */
    private Map<String, String> instanceAccount;
    /** Checks that need every list read first (the lists may come in any order). */
    private final List<Runnable> referenceChecks = new ArrayList<>();
    /** Each suggestion compares with every id of a kind: a budget keeps a file of bad references quick. */
    private int suggestionsLeft = MAX_SUGGESTIONS;

    ConfigurationReader(Problems problems) {
        this.problems = problems;
        for (String kind : TOP_FIELDS) {
            locations.put(kind, new HashMap<>());
        }
    }

    /**
     * Reads a configuration object.
     *
     * @return the configuration, or {@code null} if any problem was found (all reported)
     */
    Configuration read(Cursor root) {
        int before = problems.count();
        if (!root.isObject("a configuration", TOP_FIELDS)) {
            return null;
        }
        each(root, "accounts", "an account", ACCOUNT_FIELDS, this::account);
        each(root, "contacts", "a contact", CONTACT_FIELDS, this::contact);
        each(root, "groups", "a group", GROUP_FIELDS, this::group);
        each(root, "vaults", "a vault", VAULT_FIELDS, this::vault);
        each(root, "instances", "an instance", INSTANCE_FIELDS, this::instance);
        each(root, "maintenanceWindows", "a maintenance window", WINDOW_FIELDS, this::maintenanceWindow);
        referenceChecks.forEach(Runnable::run);
        if (problems.count() != before) {
            return null;
        }
        Configuration.Builder builder = Configuration.builder();
        accounts.forEach(builder::account);
        contacts.forEach(builder::contact);
        groups.forEach(builder::group);
        vaults.forEach(builder::vault);
        instances.forEach(builder::instance);
        windows.forEach(builder::maintenanceWindow);
        try {
            return builder.build();
        } catch (ValidationException e) {
            // Every rule build() checks was checked above; this is a safety net for rules added to core later.
            e.problems().forEach(p -> problems.add(jsonPath(p.path()), p.message()));
            return null;
        }
    }

    private void each(Cursor root, String field, String what, Set<String> allowed, Consumer<Cursor> reader) {
        List<Cursor> items = root.optionalArray(field);
        if (items == null) {
            return;
        }
        for (Cursor item : items) {
            if (item.isObject(what, allowed)) {
                reader.accept(item);
            }
        }
    }

    private void account(Cursor c) {
        int before = problems.count();
        String id = id(c, "accounts", "account");
        EmailAddress email = email(c);
        MobileNumber mobile = mobile(c);
        neither(c, "account", id);
        ZoneId zoneValue = null;
        String zoneText = c.optionalString("timeZone");
        if (zoneText != null) {
            try {
                zoneValue = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                c.problemAt("timeZone", "timeZone '" + Rules.printable(zoneText)
                        + "' is not a time-zone id (an IANA id such as Asia/Shanghai)");
            }
        }
        Locale localeValue = null;
        String localeText = c.optionalString("locale");
        if (localeText != null) {
            try {
                if (localeText.isEmpty()) {
                    throw new IllformedLocaleException("empty");
                }
                localeValue = new Locale.Builder().setLanguageTag(localeText).build();
            } catch (IllformedLocaleException e) {
                c.problemAt("locale", "locale '" + Rules.printable(localeText)
                        + "' is not a BCP 47 language tag (such as zh-CN or en)");
            }
        }
        ZoneId zone = zoneValue;
        Locale locale = localeValue;
        if (problems.count() == before) {
            create(c, () -> accounts.add(new Account(id, email, mobile, zone, locale)));
        }
    }

    private void contact(Cursor c) {
        int before = problems.count();
        String id = id(c, "contacts", "contact");
        String account = reference(c, "account", "contact " + id + " account");
        String name = name(c, "contact " + id);
        EmailAddress email = email(c);
        MobileNumber mobile = mobile(c);
        List<ContactAddress> addresses = addresses(c, id);
        // None: absent or an empty array (addresses of another type were reported as such, not as none).
        boolean noFurther = size(c, "addresses") == 0 && (!c.has("addresses") || c.node().get("addresses").isArray());
        if (!c.has("email") && !c.has("mobile") && noFurther) {
            c.problem("contact " + (id == null ? "" : id + " ") + "needs an email, a mobile or a further address ("
                    + (c.has("addresses") ? "email and mobile are absent, addresses is empty" : "all are absent") + ")");
        }
        if (id != null) {
            contactAccount.putIfAbsent(id, account);
        }
        requireAccount(c, account);
        if (problems.count() == before) {
            create(c, () -> contacts.add(Contact.verified(id, account, name, email, mobile, addresses)));
        }
    }

    /**
     * A contact's further addresses, each checked at its own location: the fields, the rules of
     * {@link ContactAddress}, no (channel, to) twice, at most {@link Contact#MAX_ADDRESSES}.
     *
     * @return the addresses (empty if absent), or {@code null} if any problem was found (reported)
     */
    private List<ContactAddress> addresses(Cursor c, String id) {
        int before = problems.count();
        List<Cursor> items = c.optionalArray("addresses");
        if (items == null) {
            return null;
        }
        String what = "contact " + (id == null ? "" : id + " ");
        if (items.size() > Contact.MAX_ADDRESSES) {
            c.problemAt("addresses", what + "has " + items.size() + " further addresses; at most "
                    + Contact.MAX_ADDRESSES + " are allowed");
        }
        List<ContactAddress> out = new ArrayList<>(items.size());
        Map<List<String>, String> seen = new HashMap<>();
        for (Cursor item : items) {
            if (!item.isObject("a contact address", ADDRESS_FIELDS)) {
                continue;
            }
            int itemBefore = problems.count();
            String channel = item.requiredString("channel");
            if (channel != null) {
                try {
                    ContactAddress.checkChannel(channel);
                } catch (IllegalArgumentException e) {
                    item.problemAt("channel", what + e.getMessage());
                    channel = null;
                }
            }
            String to = item.requiredString("to");
            String secret = item.optionalString("secret");
            if (secret != null && !Rules.isId(secret)) {
                item.problemAt("secret", what + "address secret " + Rules.invalidId(secret));
                secret = null;
            }
            if (channel == null || to == null) {
                continue;
            }
            ContactAddress address;
            try {
                address = ContactAddress.verified(channel, to, secret);
            } catch (IllegalArgumentException e) {
                // The channel and the secret were checked above: what is left is the target.
                item.problemAt("to", what + e.getMessage());
                continue;
            }
            String first = seen.putIfAbsent(List.of(channel, to), item.path());
            if (first != null) {
                item.problem(what + "holds the " + channel + " address '" + Rules.printable(to) + "' twice (also at "
                        + first + ")");
            }
            if (problems.count() == itemBefore) {
                out.add(address);
            }
        }
        return problems.count() == before ? out : null;
    }

    private void group(Cursor c) {
        int before = problems.count();
        String id = id(c, "groups", "group");
        String account = reference(c, "account", "group " + id + " account");
        String name = name(c, "group " + id);
        List<Located> members = null;
        if (!c.has("members")) {
            c.problemAt("members", "missing required field 'members'");
        } else {
            members = c.optionalIdArray("members", "group " + id + " member");
            if (members != null && c.node().get("members").isEmpty()) {
                c.problemAt("members", "group " + id + " must have at least one member (members is empty)");
            }
        }
        if (id != null) {
            groupAccount.putIfAbsent(id, account);
        }
        requireAccount(c, account);
        if (members != null) {
            for (Located member : members) {
                referenceChecks.add(() -> requireTarget("contact", contactAccount, member, account));
            }
        }
        if (problems.count() == before) {
            Set<String> ids = members.stream().map(Located::value).collect(Collectors.toCollection(LinkedHashSet::new));
            create(c, () -> groups.add(new ContactGroup(id, account, name, ids)));
        }
    }

    private void vault(Cursor c) {
        int before = problems.count();
        String id = id(c, "vaults", "vault");
        String account = reference(c, "account", "vault " + id + " account");
        if (id != null) {
            vaultAccount.putIfAbsent(id, account);
        }
        requireAccount(c, account);
        ParsedPolicy policy = null;
        Cursor policyCursor = c.field("alarmPolicy");
        if (policyCursor != null) {
            policy = policy(policyCursor, true);
            ParsedPolicy parsed = policy;
            referenceChecks.add(() -> checkTargets(parsed, account));
        }
        if (problems.count() == before) {
            VaultAlarmPolicy value = policy == null ? null : (VaultAlarmPolicy) policy.policy();
            create(c, () -> vaults.add(new Vault(id, account, value)));
        }
    }

    private void instance(Cursor c) {
        int before = problems.count();
        String id = id(c, "instances", "instance");
        String vault = reference(c, "vault", "instance " + id + " vault");
        if (id != null) {
            instanceVault.putIfAbsent(id, vault);
        }
        if (vault != null) {
            referenceChecks.add(() -> {
                if (!vaultAccount.containsKey(vault)) {
                    c.problemAt("vault", "vault " + vault + " does not exist" + didYouMean(vault, vaultAccount, null));
                }
            });
        }
        ParsedPolicy policy = null;
        Cursor policyCursor = c.field("alarmPolicy");
        if (policyCursor != null) {
            policy = policy(policyCursor, false);
            ParsedPolicy parsed = policy;
            referenceChecks.add(() -> checkTargets(parsed, vault == null ? null : vaultAccount.get(vault)));
        }
        if (problems.count() == before) {
            InstanceAlarmPolicy value = policy == null ? null : (InstanceAlarmPolicy) policy.policy();
            create(c, () -> instances.add(new Instance(id, vault, value)));
        }
    }

    private void maintenanceWindow(Cursor c) {
        int before = problems.count();
        String id = id(c, "maintenanceWindows", "maintenance window");
        String what = "maintenance window " + (id == null ? "" : id + " ");
        String account = reference(c, "account", what + "account");
        requireAccount(c, account);
        ParsedMatcher matcher = matcher(c, what);
        referenceChecks.add(() -> checkMatcher(matcher, account));
        ZoneId zone = windowZone(c);
        Set<DayOfWeek> days = days(c, what);
        LocalTime start = startTime(c);
        Duration duration = windowDuration(c);
        if (problems.count() == before) {
            create(c, () -> windows.add(new MaintenanceWindow(id, account, matcher.matcher(), zone, days, start,
                    duration)));
        }
    }

    /**
     * The optional matchers of a silence or a maintenance window ({@code vault}, {@code instance},
     * {@code alarm}), each checked on its own; whether they name things of the right account is
     * {@link #checkMatcher}'s job.
     *
     * @param what how the owner is named in messages, such as {@code "maintenance window mw-1 "}
     * @return the matchers as read; {@code matcher()} is {@code null} if one is invalid
     */
    ParsedMatcher matcher(Cursor c, String what) {
        int before = problems.count();
        Located vault = optionalReference(c, "vault", what + "vault");
        Located instance = optionalReference(c, "instance", what + "instance");
        AlarmType alarm = null;
        String type = c.optionalString("alarm");
        if (type != null) {
            alarm = alarmType(type);
            if (alarm == null) {
                c.problemAt("alarm", "alarm '" + Rules.printable(type) + "' is not an alarm type (expected "
                        + alarmTypes() + ")");
            }
        }
        AlarmMatcher matcher = problems.count() == before
                ? new AlarmMatcher(vault == null ? null : vault.value(), instance == null ? null : instance.value(), alarm)
                : null;
        return new ParsedMatcher(matcher, vault, instance);
    }

    /** Every alarm type's name, as a list for messages. */
    static String alarmTypes() {
        return Arrays.stream(AlarmType.values()).map(Enum::name).collect(Collectors.joining(" or "));
    }

    /** The alarm type of that exact name, or {@code null}. */
    static AlarmType alarmType(String name) {
        for (AlarmType type : AlarmType.values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Reports a {@code vault} or {@code instance} matcher that names something missing, or
     * something of another account than {@code account} ({@code null}: unknown, only existence
     * is checked).
     */
    void checkMatcher(ParsedMatcher matcher, String account) {
        if (matcher.vault() != null) {
            requireTarget("vault", vaultAccount, matcher.vault(), account);
        }
        if (matcher.instance() != null) {
            requireTarget("instance", instanceAccounts(), matcher.instance(), account);
        }
    }

    /** A window's zone: an IANA region id, as listed by {@link ZoneId#getAvailableZoneIds()}. */
    private static ZoneId windowZone(Cursor c) {
        String text = c.requiredString("timeZone");
        if (text == null) {
            return null;
        }
        if (!ZoneId.getAvailableZoneIds().contains(text)) {
            c.problemAt("timeZone", "timeZone '" + Rules.printable(text)
                    + "' is not an IANA time-zone id (such as Asia/Shanghai, Europe/Berlin or UTC)");
            return null;
        }
        return ZoneId.of(text);
    }

    /** A window's days: at least one, each a {@link DayOfWeek} name, none twice. */
    private Set<DayOfWeek> days(Cursor c, String what) {
        if (!c.has("days")) {
            c.problemAt("days", "missing required field 'days'");
            return null;
        }
        List<Cursor> elements = c.optionalArray("days");
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty()) {
            c.problemAt("days", what + "must name at least one day (days is empty)");
            return null;
        }
        int before = problems.count();
        Map<DayOfWeek, String> seen = new java.util.EnumMap<>(DayOfWeek.class);
        for (Cursor element : elements) {
            if (!element.node().isTextual()) {
                element.problem("a day must be a string such as MONDAY, not " + Cursor.describe(element.node()));
                continue;
            }
            String name = element.node().textValue();
            DayOfWeek day = Arrays.stream(DayOfWeek.values()).filter(d -> d.name().equals(name)).findFirst().orElse(null);
            if (day == null) {
                element.problem("day '" + Rules.printable(name) + "' is not a day of the week (expected one of "
                        + Arrays.stream(DayOfWeek.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
                continue;
            }
            String first = seen.putIfAbsent(day, element.path());
            if (first != null) {
                element.problem("day " + day + " is listed twice (also at " + first + ")");
            }
        }
        return problems.count() == before ? seen.keySet() : null;
    }

    /** A window's local start time, {@code HH:MM}. */
    private static LocalTime startTime(Cursor c) {
        String text = c.requiredString("start");
        if (text == null) {
            return null;
        }
        Matcher m = HH_MM.matcher(text);
        if (!m.matches()) {
            c.problemAt("start", "start '" + Rules.printable(text)
                    + "' is not a time of day as HH:MM (00:00 to 23:59, such as 02:00)");
            return null;
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** A window's duration: ISO-8601, more than zero, at most {@link MaintenanceWindow#MAX_DURATION}. */
    private static Duration windowDuration(Cursor c) {
        String text = c.requiredString("duration");
        if (text == null) {
            return null;
        }
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            c.problemAt("duration", "duration '" + Rules.printable(text)
                    + "' is not an ISO-8601 duration (such as PT4H or P1D)");
            return null;
        }
        if (duration.isNegative() || duration.isZero()) {
            c.problemAt("duration", "duration " + Rules.durationText(duration) + " must be more than zero");
            return null;
        }
        if (duration.compareTo(MaintenanceWindow.MAX_DURATION) > 0) {
            c.problemAt("duration", "duration " + Rules.durationText(duration) + " is more than the maximum, "
                    + Rules.durationText(MaintenanceWindow.MAX_DURATION));
            return null;
        }
        return duration;
    }

    /**
     * Reads a policy object of either level. Reports an unknown mode or one its level does not
     * have, a CUSTOMIZED policy naming nothing, another mode naming something, and ids that are
     * not valid; does not check that the named contacts and groups exist (see
     * {@link #checkTargets}).
     *
     * @return the policy as read; its {@code policy()} is {@code null} if it is invalid
     */
    ParsedPolicy policy(Cursor c, boolean vaultLevel) {
        if (!c.isObject("an alarmPolicy", POLICY_FIELDS)) {
            return new ParsedPolicy(null, false, List.of(), List.of());
        }
        int before = problems.count();
        String mode = c.requiredString("mode");
        List<String> modes = vaultLevel
                ? Arrays.stream(PolicyMode.values()).map(Enum::name).collect(Collectors.toList())
                : Arrays.stream(InstancePolicyMode.values()).map(Enum::name).collect(Collectors.toList());
        if (mode != null && !modes.contains(mode)) {
            String level = vaultLevel ? "a vault policy" : "an instance policy";
            String extra = vaultLevel && mode.equals(InstancePolicyMode.SAME_AS_VAULT.name())
                    ? " (SAME_AS_VAULT is an instance mode only)" : "";
            c.problemAt("mode", "mode '" + Rules.printable(mode) + "' is not a mode of " + level + extra
                    + "; expected one of " + String.join(", ", modes));
            mode = null;
        }
        List<Located> contacts = c.optionalIdArray("contacts", "alarmPolicy contact");
        List<Located> groups = c.optionalIdArray("groups", "alarmPolicy group");
        boolean customized = PolicyMode.CUSTOMIZED.name().equals(mode);
        if (mode != null) {
            int namedContacts = size(c, "contacts");
            int namedGroups = size(c, "groups");
            if (customized && namedContacts == 0 && namedGroups == 0) {
                c.problem("mode CUSTOMIZED must name at least one contact or group (contacts and groups are both empty)");
            }
            if (!customized && namedContacts > 0) {
                c.problemAt("contacts", "mode " + mode + " must not name contacts (names " + ids(contacts) + ")");
            }
            if (!customized && namedGroups > 0) {
                c.problemAt("groups", "mode " + mode + " must not name groups (names " + ids(groups) + ")");
            }
        }
        AlarmPolicy policy = null;
        if (problems.count() == before) {
            List<String> contactIds = contacts.stream().map(Located::value).collect(Collectors.toList());
            List<String> groupIds = groups.stream().map(Located::value).collect(Collectors.toList());
            try {
                if (vaultLevel) {
                    policy = customized ? VaultAlarmPolicy.customized(contactIds, groupIds)
                            : VaultAlarmPolicy.of(PolicyMode.valueOf(mode));
                } else {
                    policy = customized ? InstanceAlarmPolicy.customized(contactIds, groupIds)
                            : InstanceAlarmPolicy.of(InstancePolicyMode.valueOf(mode));
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                c.problem(String.valueOf(e.getMessage()));
            }
        }
        return new ParsedPolicy(policy, customized,
                customized && contacts != null ? contacts : List.of(),
                customized && groups != null ? groups : List.of());
    }

    /**
     * Reports every contact and group a policy names that does not exist or belongs to another
     * account than {@code account} ({@code null}: unknown, only existence is checked).
     */
    void checkTargets(ParsedPolicy policy, String account) {
        for (Located contact : policy.contacts()) {
            requireTarget("contact", contactAccount, contact, account);
        }
        for (Located group : policy.groups()) {
            requireTarget("group", groupAccount, group, account);
        }
    }

    /**
     * The end of a message about an unknown id: the nearest id seen of that kind (of that account,
     * unless {@code null}), as {@code "; did you mean 'x'?"}, or nothing.
     *
     * @param accountOf every id seen of the kind, and its account ({@code null} if unknown)
     */
    String didYouMean(String id, Map<String, String> accountOf, String account) {
        if (suggestionsLeft == 0) {
            return "";
        }
        suggestionsLeft--;
        List<String> known = accountOf.entrySet().stream()
                .filter(e -> account == null || account.equals(e.getValue())).map(Map.Entry::getKey).toList();
        return Suggestions.didYouMean(id, known);
    }

    /** The end of a message about an unknown instance, as {@link #didYouMean(String, Map, String)}. */
    String didYouMeanInstance(String id) {
        return didYouMean(id, instanceVault, null);
    }

    /** The end of a message about an unknown vault, as {@link #didYouMean(String, Map, String)}. */
    String didYouMeanVault(String id) {
        return didYouMean(id, vaultAccount, null);
    }

    /** Whether an account of that id was seen. */
    boolean hasAccount(String id) {
        return locations.get("accounts").containsKey(id);
    }

    /** The end of a message about an unknown account, as {@link #didYouMean(String, Map, String)}. */
    String didYouMeanAccount(String id) {
        return didYouMean(id, locations.get("accounts"), null);
    }

    /** Whether a contact of that id was seen. */
    boolean hasContact(String id) {
        return contactAccount.containsKey(id);
    }

    /** The end of a message about an unknown contact, as {@link #didYouMean(String, Map, String)}. */
    String didYouMeanContact(String id) {
        return didYouMean(id, contactAccount, null);
    }

    /** Whether an instance of that id was seen. */
    boolean hasInstance(String id) {
        return instanceVault.containsKey(id);
    }

    /** Whether a vault of that id was seen. */
    boolean hasVault(String id) {
        return vaultAccount.containsKey(id);
    }

    /** The account of a vault seen, or {@code null}. */
    String accountOfVault(String id) {
        return vaultAccount.get(id);
    }

    /** The account of an instance seen, through its vault, or {@code null}. */
    String accountOfInstance(String id) {
        String vault = instanceVault.get(id);
        return vault == null ? null : vaultAccount.get(vault);
    }

    /**
     * The JSON location of a problem core reported with an id path such as
     * {@code contacts[c-alice].account}; unknown forms are returned under {@code $}.
     */
    String jsonPath(String corePath) {
        Matcher m = CORE_PATH.matcher(corePath);
        if (m.matches()) {
            String at = locations.get(m.group(1)).get(m.group(2));
            if (at != null) {
                return at + m.group(3);
            }
        }
        return corePath.startsWith("$") ? corePath : "$." + corePath;
    }

    private void requireTarget(String kind, Map<String, String> accountOf, Located target, String account) {
        if (!accountOf.containsKey(target.value())) {
            problems.add(target.path(), kind + " " + target.value() + " does not exist"
                    + didYouMean(target.value(), accountOf, account));
            return;
        }
        String owner = accountOf.get(target.value());
        if (account != null && owner != null && !owner.equals(account)) {
            problems.add(target.path(), kind + " " + target.value() + " belongs to account " + owner
                    + ", not " + account);
        }
    }

    /** The account of every instance seen (through its vault; {@code null} if unknown), once every list is read. */
    private Map<String, String> instanceAccounts() {
        if (instanceAccount == null) {
            instanceAccount = new HashMap<>();
            instanceVault.forEach((instance, vault) -> instanceAccount.put(instance,
                    vault == null ? null : vaultAccount.get(vault)));
        }
        return instanceAccount;
    }

    private void requireAccount(Cursor c, String account) {
        if (account != null) {
            referenceChecks.add(() -> {
                Map<String, String> accountIds = locations.get("accounts");
                if (!accountIds.containsKey(account)) {
                    c.problemAt("account", "account " + account + " does not exist"
                            + didYouMean(account, accountIds, null));
                }
            });
        }
    }

    private String id(Cursor c, String kind, String what) {
        String id = c.requiredString("id");
        if (id == null) {
            return null;
        }
        if (!Rules.isId(id)) {
            c.problemAt("id", what + " id " + Rules.invalidId(id));
            return null;
        }
        String first = locations.get(kind).putIfAbsent(id, c.path());
        if (first != null) {
            c.problemAt("id", "duplicate " + what + " id " + id + " (also at " + first + ")");
        }
        return id;
    }

    private static String reference(Cursor c, String field, String what) {
        String id = c.requiredString(field);
        if (id != null && !Rules.isId(id)) {
            c.problemAt(field, what + " " + Rules.invalidId(id));
            return null;
        }
        return id;
    }

    /** An optional id field, with its location; {@code null} if absent or (problem reported) invalid. */
    static Located optionalReference(Cursor c, String field, String what) {
        String id = c.optionalString(field);
        if (id == null) {
            return null;
        }
        if (!Rules.isId(id)) {
            c.problemAt(field, what + " " + Rules.invalidId(id));
            return null;
        }
        return new Located(id, c.pathOf(field));
    }

    private static String name(Cursor c, String what) {
        String name = c.requiredString("name");
        if (name != null) {
            String problem = Rules.nameProblem(name);
            if (problem != null) {
                c.problemAt("name", what + " name " + problem);
                return null;
            }
        }
        return name;
    }

    private static EmailAddress email(Cursor c) {
        String text = c.optionalString("email");
        if (text == null) {
            return null;
        }
        try {
            return EmailAddress.of(text);
        } catch (IllegalArgumentException e) {
            c.problemAt("email", e.getMessage());
            return null;
        }
    }

    private static MobileNumber mobile(Cursor c) {
        String text = c.optionalString("mobile");
        if (text == null) {
            return null;
        }
        try {
            return MobileNumber.of(text);
        } catch (IllegalArgumentException e) {
            c.problemAt("mobile", e.getMessage());
            return null;
        }
    }

    private static void neither(Cursor c, String kind, String id) {
        if (!c.has("email") && !c.has("mobile")) {
            c.problem(kind + " " + (id == null ? "" : id + " ") + "needs an email or a mobile (both are absent)");
        }
    }

    private static void create(Cursor c, Runnable constructor) {
        try {
            constructor.run();
        } catch (IllegalArgumentException | NullPointerException | NotFoundException e) {
            // The fields were checked one by one above; this reports a rule only the record knows.
            c.problem(String.valueOf(e.getMessage()));
        }
    }

    private static int size(Cursor c, String field) {
        return c.has(field) && c.node().get(field).isArray() ? c.node().get(field).size() : 0;
    }

    private static String ids(List<Located> ids) {
        return ids == null ? "?" : ids.stream().map(Located::value).collect(Collectors.joining(", "));
    }

    private static Set<String> ordered(String... names) {
        return new LinkedHashSet<>(Arrays.asList(names));
    }

    /** Problems of core, moved to JSON locations. */
    List<Problem> translate(List<Problem> coreProblems) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : coreProblems) {
            out.add(new Problem(jsonPath(p.path()), p.message()));
        }
        return out;
    }
}
