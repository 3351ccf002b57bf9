package io.backupalarm.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.ValidationException.Problem;
import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.PolicyMode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Configuration files")
final class ConfigurationFilesTest {

    static final String ACCOUNT = "{'id':'acct-1','email':'owner@example.com','mobile':'+8613800138000'}";
    static final String ACCOUNT_2 = "{'id':'acct-2','email':'other@example.org'}";
    static final String ALICE = "{'id':'c-alice','account':'acct-1','name':'Alice','email':'alice@example.com'}";
    static final String BOB_2 = "{'id':'c-bob','account':'acct-2','name':'Bob','email':'bob@example.org'}";

    /** Single quotes stand for double quotes, to keep the cases readable. */
    static String json(String text) {
        return text.replace('\'', '"');
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigurationFilesTest.class.getResource("/" + name).toURI());
    }

    @Test
    @DisplayName("reads the example of cli.md: contacts verified, policies and references as written")
    void readsTheExample() throws Exception {
        Configuration configuration = ConfigurationFiles.read(resource("example-config.json"));

        assertThat(configuration.accounts()).hasSize(1);
        Contact alice = configuration.contact("c-alice").orElseThrow();
        assertThat(alice.name()).isEqualTo("Alice");
        assertThat(alice.verifiedEmail().orElseThrow().value()).isEqualTo("alice@example.com");
        assertThat(alice.verifiedMobile().orElseThrow().value()).isEqualTo("+8613900139000");
        assertThat(configuration.group("g-ops").orElseThrow().members()).containsExactly("c-alice");
        assertThat(configuration.vault("v-prod").orElseThrow().alarmPolicy().mode()).isEqualTo(PolicyMode.CUSTOMIZED);
        assertThat(configuration.vault("v-prod").orElseThrow().alarmPolicy().groups()).containsExactly("g-ops");
        assertThat(configuration.instance("i-web1").orElseThrow().alarmPolicy().mode())
                .isEqualTo(InstancePolicyMode.SAME_AS_VAULT);
    }

    @Test
    @DisplayName("reads an account's optional time zone and locale")
    void readsZoneAndLocale() throws Exception {
        Configuration configuration = ConfigurationFiles.read(resource("sample-config.json"));

        assertThat(configuration.account("acct-1").orElseThrow().timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(configuration.account("acct-1").orElseThrow().locale()).isEqualTo(Locale.forLanguageTag("zh-CN"));
        assertThat(configuration.account("acct-2").orElseThrow().timeZone()).isNull();
    }

    @Test
    @DisplayName("treats absent lists, an absent policy and null fields as absent")
    void absentAndNull() {
        assertThat(ConfigurationFiles.read("{}", "empty.json")).isEqualTo(Configuration.empty());
        Configuration configuration = ConfigurationFiles.read(json("{'accounts':[" + ACCOUNT + "],"
                + "'contacts':null,'vaults':[{'id':'v','account':'acct-1','alarmPolicy':null}],"
                + "'instances':[{'id':'i','vault':'v'}]}"), "nulls.json");

        assertThat(configuration.vault("v").orElseThrow().alarmPolicy().mode()).isEqualTo(PolicyMode.DEFAULT);
        assertThat(configuration.instance("i").orElseThrow().alarmPolicy().mode())
                .isEqualTo(InstancePolicyMode.SAME_AS_VAULT);
    }

    @Test
    @DisplayName("counts a member or a policy id named twice once")
    void duplicatesInListsCountOnce() {
        Configuration configuration = ConfigurationFiles.read(json("{'accounts':[" + ACCOUNT + "],"
                + "'contacts':[" + ALICE + "],"
                + "'groups':[{'id':'g','account':'acct-1','name':'G','members':['c-alice','c-alice']}],"
                + "'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED',"
                + "'contacts':['c-alice','c-alice'],'groups':['g','g']}}]}"), "twice.json");

        assertThat(configuration.group("g").orElseThrow().members()).isEqualTo(Set.of("c-alice"));
        assertThat(configuration.vault("v").orElseThrow().alarmPolicy().contacts()).isEqualTo(Set.of("c-alice"));
        assertThat(configuration.vault("v").orElseThrow().alarmPolicy().groups()).isEqualTo(Set.of("g"));
    }

    @Test
    @DisplayName("writes a configuration that reads back equal, and the same text again")
    void roundTrip(@TempDir Path dir) throws Exception {
        Configuration configuration = ConfigurationFiles.read(resource("sample-config.json"));
        Path file = dir.resolve("written.json");

        ConfigurationFiles.write(configuration, file);
        Configuration again = ConfigurationFiles.read(file);

        assertThat(again).isEqualTo(configuration);
        assertThat(ConfigurationFiles.write(again)).isEqualTo(ConfigurationFiles.write(configuration));
    }

    @Test
    @DisplayName("writes the documented shape: lists in order, ids sorted, absent fields left out")
    void writesTheShape() throws Exception {
        String written = ConfigurationFiles.write(ConfigurationFiles.read(resource("example-config.json")));

        assertThat(written.replaceAll("\\s", "")).isEqualTo(json("{'accounts':[{'id':'acct-1',"
                + "'email':'owner@example.com','mobile':'+8613800138000'}],'contacts':[{'id':'c-alice',"
                + "'account':'acct-1','name':'Alice','email':'alice@example.com','mobile':'+8613900139000'}],"
                + "'groups':[{'id':'g-ops','account':'acct-1','name':'Ops','members':['c-alice']}],"
                + "'vaults':[{'id':'v-prod','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED',"
                + "'contacts':['c-alice'],'groups':['g-ops']}}],'instances':[{'id':'i-web1','vault':'v-prod',"
                + "'alarmPolicy':{'mode':'SAME_AS_VAULT'}}],'maintenanceWindows':[]}"));
    }

    @Test
    @DisplayName("reads further addresses in file order, verified, with their secret ids; a contact may hold only those")
    void readsFurtherAddresses() throws Exception {
        Configuration configuration = ConfigurationFiles.read(resource("addresses-config.json"));

        Contact room = configuration.contact("c-ops-room").orElseThrow();
        assertThat(room.email()).isNull();
        assertThat(room.mobile()).isNull();
        assertThat(room.addresses()).containsExactly(
                ContactAddress.verified("dingtalk", DING, "ding-ops"),
                ContactAddress.verified("webhook", "https://hooks.example.com/alarms", "hook.ops"),
                ContactAddress.verified("chat", "#ops room (main)", null),
                ContactAddress.verified("x-1", "https://hooks.example.com/alarms", null),
                ContactAddress.verified("abcdefghijklmnopqrstuvwxyz-01234", "a", null));
        assertThat(room.verifiedAddresses()).isEqualTo(room.addresses());
        Contact alice = configuration.contact("c-alice").orElseThrow();
        assertThat(alice.verifiedEmail()).isPresent();
        assertThat(alice.addresses()).containsExactly(
                ContactAddress.verified("slack", "https://hooks.slack.com/services/T0/B0/xyz", null));
    }

    @Test
    @DisplayName("accepts the most further addresses a contact may hold, and one target on two channels")
    void acceptsTheBounds() {
        String addresses = IntStream.rangeClosed(1, Contact.MAX_ADDRESSES)
                .mapToObj(i -> "{'channel':'" + (i % 2 == 0 ? "chat" : "voice") + "','to':'room-" + (i / 2) + "'}")
                .collect(Collectors.joining(",", "[", "]"));

        Configuration configuration = ConfigurationFiles.read(json(further(addresses)), "most.json");

        List<ContactAddress> read = configuration.contact("c-x").orElseThrow().addresses();
        assertThat(read).hasSize(Contact.MAX_ADDRESSES);
        assertThat(read).contains(ContactAddress.verified("chat", "room-1", null), ContactAddress.verified("voice", "room-1", null));
    }

    @Test
    @DisplayName("writes further addresses in the contact's order, a secret only when there is one, and reads them back equal")
    void writesFurtherAddresses() throws Exception {
        Configuration configuration = ConfigurationFiles.read(resource("addresses-config.json"));

        String written = ConfigurationFiles.write(configuration);

        assertThat(written.replaceAll("\\s", "")).contains(json("'name':'Opsroom','addresses':["
                + "{'channel':'dingtalk','to':'" + DING + "','secret':'ding-ops'},"
                + "{'channel':'webhook','to':'https://hooks.example.com/alarms','secret':'hook.ops'},"
                + "{'channel':'chat','to':'#opsroom(main)'},"
                + "{'channel':'x-1','to':'https://hooks.example.com/alarms'},"
                + "{'channel':'abcdefghijklmnopqrstuvwxyz-01234','to':'a'}]}"));
        assertThat(ConfigurationFiles.read(written, "again.json")).isEqualTo(configuration);
        assertThat(ConfigurationFiles.write(ConfigurationFiles.read(resource("example-config.json"))))
                .as("a contact without further addresses has no addresses field").doesNotContain("addresses");
    }

    @Test
    @DisplayName("an unverified further address is written, and comes back verified, as the format has no place for verification")
    void unverifiedComesBackVerified() {
        Contact unverified = new Contact("c-x", "acct-1", "X", null, null, false, false,
                List.of(ContactAddress.unverified("chat", "room", "s-1")));
        Configuration configuration = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("o@example.com"), null))
                .contact(unverified).build();

        Configuration read = ConfigurationFiles.read(ConfigurationFiles.write(configuration), "w.json");

        assertThat(read.contact("c-x").orElseThrow().addresses()).containsExactly(ContactAddress.verified("chat", "room", "s-1"));
    }

    @Test
    @DisplayName("a file that does not exist is an IOException, not a validation problem")
    void missingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigurationFiles.read(dir.resolve("nope.json")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    @DisplayName("a reference to a missing id suggests the nearest id of its kind and account, if one is a likely typo")
    void suggestsTheNearestId() {
        String content = json("{'accounts':[" + ACCOUNT + "," + ACCOUNT_2 + "],'contacts':[" + ALICE + "," + BOB_2
                + ",{'id':'c-carl','account':'acct-3','name':'Carl','email':'carl@example.com'}],"
                + "'groups':[{'id':'g-ops','account':'acct-1','name':'Ops','members':['c-alise','c-bop','c-zed']}],"
                + "'vaults':[{'id':'v-prod','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','groups':['G-OPS','g-opz']}}],"
                + "'instances':[{'id':'i-web1','vault':'v-prd'}]}");

        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> ConfigurationFiles.read(content, "s.json"));

        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "$.contacts[2].account: account acct-3 does not exist; did you mean 'acct-1'?",
                "$.groups[0].members[0]: contact c-alise does not exist; did you mean 'c-alice'?",
                "$.groups[0].members[1]: contact c-bop does not exist",
                "$.groups[0].members[2]: contact c-zed does not exist",
                "$.vaults[0].alarmPolicy.groups[0]: group G-OPS does not exist; did you mean 'g-ops'?",
                "$.vaults[0].alarmPolicy.groups[1]: group g-opz does not exist; did you mean 'g-ops'?",
                "$.instances[0].vault: vault v-prd does not exist; did you mean 'v-prod'?");
    }

    static Stream<Arguments> invalid() {
        String base = "'accounts':[" + ACCOUNT + "," + ACCOUNT_2 + "],'contacts':[" + ALICE + "," + BOB_2 + "]";
        return Stream.of(
                Arguments.of("malformed JSON", "{'accounts': [ {'id': } ]}", "line 1, column 23", "Unexpected character"),
                Arguments.of("a key repeated in an object", "{'accounts':[{'id':'a','id':'b','email':'a@b.c'}]}",
                        "line 1, column 28", "Duplicate field 'id'"),
                Arguments.of("an empty file", "", "$", "empty"),
                Arguments.of("content after the top-level value", "{} {}", "line 1, column 4", "more content"),
                Arguments.of("not an object", "[]", "$", "must be an object"),
                Arguments.of("an unknown top-level field", "{'acounts':[]}", "$.acounts", "unknown field 'acounts'"),
                Arguments.of("an unknown field", "{'accounts':[{'id':'a','email':'a@b.c','phone':'1'}]}",
                        "$.accounts[0].phone", "unknown field 'phone'"),
                Arguments.of("a missing required field", "{" + base.replace("'name':'Alice',", "") + "}",
                        "$.contacts[0].name", "missing required field 'name'"),
                Arguments.of("a missing id", "{'accounts':[{'email':'a@b.c'}]}", "$.accounts[0].id", "missing required field 'id'"),
                Arguments.of("a list that is not an array", "{'accounts':{}}", "$.accounts", "must be an array"),
                Arguments.of("an item that is not an object", "{'accounts':['acct-1']}", "$.accounts[0]", "must be an object"),
                Arguments.of("a number for a string", "{'accounts':[{'id':5,'email':'a@b.c'}]}",
                        "$.accounts[0].id", "must be a string, not a number (5)"),
                Arguments.of("a number for a mode", "{" + base + ",'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':1}}]}",
                        "$.vaults[0].alarmPolicy.mode", "must be a string, not a number (1)"),
                Arguments.of("a string for the members", "{" + base + ",'groups':[{'id':'g','account':'acct-1','name':'G','members':'c-alice'}]}",
                        "$.groups[0].members", "must be an array, not a string (\"c-alice\")"),
                Arguments.of("a number among the members", "{" + base + ",'groups':[{'id':'g','account':'acct-1','name':'G','members':[7]}]}",
                        "$.groups[0].members[0]", "must be a string id, not a number (7)"),
                Arguments.of("an invalid id", "{'accounts':[{'id':'acct 1','email':'a@b.c'}]}", "$.accounts[0].id", "'acct 1' is not a valid id"),
                Arguments.of("a duplicate id within a kind", "{'accounts':[" + ACCOUNT + "],'contacts':[" + ALICE + "," + ALICE + "]}",
                        "$.contacts[1].id", "duplicate contact id c-alice (also at $.contacts[0])"),
                Arguments.of("a contact of a missing account", "{'contacts':[" + ALICE + "]}",
                        "$.contacts[0].account", "account acct-1 does not exist"),
                Arguments.of("a missing group member", "{" + base + ",'groups':[{'id':'g','account':'acct-1','name':'G','members':['c-nope']}]}",
                        "$.groups[0].members[0]", "contact c-nope does not exist"),
                Arguments.of("a group member of another account", "{" + base + ",'groups':[{'id':'g','account':'acct-1','name':'G','members':['c-alice','c-bob']}]}",
                        "$.groups[0].members[1]", "contact c-bob belongs to account acct-2, not acct-1"),
                Arguments.of("a policy contact of another account", "{" + base + ",'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-bob']}}]}",
                        "$.vaults[0].alarmPolicy.contacts[0]", "contact c-bob belongs to account acct-2"),
                Arguments.of("a policy group that is missing", "{" + base + ",'vaults':[{'id':'v','account':'acct-1'}],"
                                + "'instances':[{'id':'i','vault':'v','alarmPolicy':{'mode':'CUSTOMIZED','groups':['g-nope']}}]}",
                        "$.instances[0].alarmPolicy.groups[0]", "group g-nope does not exist"),
                Arguments.of("a policy group of another account", "{" + base + ",'groups':[{'id':'g-b','account':'acct-2','name':'B','members':['c-bob']}],"
                                + "'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','groups':['g-b']}}]}",
                        "$.vaults[0].alarmPolicy.groups[0]", "group g-b belongs to account acct-2, not acct-1"),
                Arguments.of("an instance of a missing vault", "{" + base + ",'instances':[{'id':'i','vault':'v-nope'}]}",
                        "$.instances[0].vault", "vault v-nope does not exist"),
                Arguments.of("an invalid email", "{'accounts':[{'id':'a','email':'not-an-email'}]}", "$.accounts[0].email", "'not-an-email'"),
                Arguments.of("an email with a display name", "{'accounts':[{'id':'a','email':'Alice <a@b.c>'}]}", "$.accounts[0].email", "Alice <a@b.c>"),
                Arguments.of("an invalid mobile", "{'accounts':[" + ACCOUNT + "],'contacts':[{'id':'c','account':'acct-1','name':'C','mobile':'+1234'}]}",
                        "$.contacts[0].mobile", "'+1234'"),
                Arguments.of("a mobile without country code", "{'accounts':[{'id':'a','mobile':'13800138000'}]}", "$.accounts[0].mobile", "'13800138000'"),
                Arguments.of("a contact with no address at all", "{'accounts':[" + ACCOUNT + "],'contacts':[{'id':'c-x','account':'acct-1','name':'X'}]}",
                        "$.contacts[0]", "contact c-x needs an email, a mobile or a further address (all are absent)"),
                Arguments.of("an account with neither address", "{'accounts':[{'id':'a-x'}]}", "$.accounts[0]", "account a-x needs an email or a mobile"),
                Arguments.of("a name too long", "{'accounts':[" + ACCOUNT + "],'contacts':[{'id':'c','account':'acct-1','name':'" + "n".repeat(65)
                        + "','email':'c@example.com'}]}", "$.contacts[0].name", "must be 1 to 64 characters, not 65"),
                Arguments.of("an empty group", "{" + base + ",'groups':[{'id':'g-empty','account':'acct-1','name':'G','members':[]}]}",
                        "$.groups[0].members", "group g-empty must have at least one member"),
                Arguments.of("a group without members", "{" + base + ",'groups':[{'id':'g','account':'acct-1','name':'G'}]}",
                        "$.groups[0].members", "missing required field 'members'"),
                Arguments.of("a CUSTOMIZED policy naming nothing", "{" + base + ",'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','contacts':[]}}]}",
                        "$.vaults[0].alarmPolicy", "mode CUSTOMIZED must name at least one contact or group"),
                Arguments.of("a vault set to SAME_AS_VAULT", "{" + base + ",'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'SAME_AS_VAULT'}}]}",
                        "$.vaults[0].alarmPolicy.mode", "mode 'SAME_AS_VAULT' is not a mode of a vault policy"),
                Arguments.of("an unknown mode", "{" + base + ",'vaults':[{'id':'v','account':'acct-1'}],'instances':[{'id':'i','vault':'v','alarmPolicy':{'mode':'LOUD'}}]}",
                        "$.instances[0].alarmPolicy.mode", "mode 'LOUD' is not a mode of an instance policy"),
                Arguments.of("a policy without mode", "{" + base + ",'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{}}]}",
                        "$.vaults[0].alarmPolicy.mode", "missing required field 'mode'"),
                Arguments.of("a DEFAULT policy naming contacts", "{" + base + ",'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'DEFAULT','contacts':['c-alice']}}]}",
                        "$.vaults[0].alarmPolicy.contacts", "mode DEFAULT must not name contacts (names c-alice)"),
                Arguments.of("a DISABLED instance policy naming groups", "{" + base + ",'vaults':[{'id':'v','account':'acct-1'}],"
                                + "'instances':[{'id':'i','vault':'v','alarmPolicy':{'mode':'DISABLED','groups':['g-x']}}]}",
                        "$.instances[0].alarmPolicy.groups", "mode DISABLED must not name groups (names g-x)"),
                Arguments.of("an unknown time zone", "{'accounts':[{'id':'a','email':'a@b.c','timeZone':'Mars/Olympus'}]}",
                        "$.accounts[0].timeZone", "'Mars/Olympus'"),
                Arguments.of("an ill-formed locale", "{'accounts':[{'id':'a','email':'a@b.c','locale':'en_US!'}]}",
                        "$.accounts[0].locale", "'en_US!'"));
    }

    /** A configuration whose one contact, c-x, holds these further addresses (JSON array text) and nothing else. */
    static String further(String addresses) {
        return "{'accounts':[" + ACCOUNT + "],'contacts':[{'id':'c-x','account':'acct-1','name':'X','addresses':"
                + addresses + "}]}";
    }

    static final String DING = "https://oapi.dingtalk.com/robot/send?access_token=abc";

    static Stream<Arguments> invalidAddresses() {
        String at = "$.contacts[0].addresses[0]";
        String many = IntStream.rangeClosed(1, Contact.MAX_ADDRESSES + 1)
                .mapToObj(i -> "{'channel':'chat','to':'room-" + i + "'}").collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                Arguments.of("channel email", further("[{'channel':'email','to':'a@example.com'}]"), at + ".channel",
                        "contact c-x channel 'email' is kept in the contact's email, not in its further addresses"),
                Arguments.of("channel sms", further("[{'channel':'sms','to':'+8613900139000'}]"), at + ".channel",
                        "contact c-x channel 'sms' is kept in the contact's mobile, not in its further addresses"),
                Arguments.of("an upper-case channel", further("[{'channel':'Ding','to':'x'}]"), at + ".channel",
                        "contact c-x channel 'Ding' is not a valid channel name (a lower-case letter, then up to 31"),
                Arguments.of("an empty channel", further("[{'channel':'','to':'x'}]"), at + ".channel",
                        "contact c-x channel '' is not a valid channel name"),
                Arguments.of("a channel of 33 characters", further("[{'channel':'" + "c".repeat(33) + "','to':'x'}]"),
                        at + ".channel", "channel '" + "c".repeat(33) + "' is not a valid channel name"),
                Arguments.of("a channel starting with a digit", further("[{'channel':'1chat','to':'x'}]"), at + ".channel",
                        "channel '1chat' is not a valid channel name"),
                Arguments.of("an http URL for dingtalk", further("[{'channel':'dingtalk','to':'http://oapi.dingtalk.com/robot/send'}]"),
                        at + ".to", "contact c-x dingtalk address 'http://oapi.dingtalk.com/robot/send' must be an https URL"
                                + " with a host (no user info, no fragment)"),
                Arguments.of("a webhook target that is not a URL", further("[{'channel':'webhook','to':'ops room'}]"),
                        at + ".to", "contact c-x webhook address 'ops room' is not a URL"),
                Arguments.of("a slack URL with user info", further("[{'channel':'slack','to':'https://u:p@hooks.slack.com/x'}]"),
                        at + ".to", "slack address 'https://u:p@hooks.slack.com/x' must be an https URL"),
                Arguments.of("a feishu URL with a fragment", further("[{'channel':'feishu','to':'https://open.feishu.cn/h#x'}]"),
                        at + ".to", "feishu address 'https://open.feishu.cn/h#x' must be an https URL"),
                Arguments.of("a wecom URL without a host", further("[{'channel':'wecom','to':'https:/qyapi'}]"),
                        at + ".to", "wecom address 'https:/qyapi' must be an https URL with a host"),
                Arguments.of("the same channel and target twice", further("[{'channel':'dingtalk','to':'" + DING + "'},"
                                + "{'channel':'dingtalk','to':'" + DING + "','secret':'other'}]"), "$.contacts[0].addresses[1]",
                        "contact c-x holds the dingtalk address '" + DING + "' twice (also at $.contacts[0].addresses[0])"),
                Arguments.of("more addresses than allowed", further(many), "$.contacts[0].addresses",
                        "contact c-x has 21 further addresses; at most 20 are allowed"),
                Arguments.of("an unknown field in an address", further("[{'channel':'chat','to':'room','token':'t'}]"),
                        at + ".token", "unknown field 'token' in a contact address (expected channel, to, secret)"),
                Arguments.of("an address without to", further("[{'channel':'chat'}]"), at + ".to", "missing required field 'to'"),
                Arguments.of("an address with a null to", further("[{'channel':'chat','to':null}]"), at + ".to",
                        "missing required field 'to'"),
                Arguments.of("an address without channel", further("[{'to':'room'}]"), at + ".channel",
                        "missing required field 'channel'"),
                Arguments.of("a secret that is not an id", further("[{'channel':'dingtalk','to':'" + DING + "','secret':'ding ops'}]"),
                        at + ".secret", "contact c-x address secret 'ding ops' is not a valid id (1 to 128 letters, digits,"),
                Arguments.of("an empty secret", further("[{'channel':'chat','to':'room','secret':''}]"), at + ".secret",
                        "contact c-x address secret '' is not a valid id"),
                Arguments.of("a control character in to", further("[{'channel':'chat','to':'room\\u0007x'}]"), at + ".to",
                        "contact c-x chat address 'room\\u0007x' has leading or trailing spaces or a control character"),
                Arguments.of("a line break in a URL", further("[{'channel':'webhook','to':'https://h.example/a\\nb'}]"), at + ".to",
                        "webhook address 'https://h.example/a\\u000ab' has leading or trailing spaces or a control character"),
                Arguments.of("a to with a trailing space", further("[{'channel':'chat','to':'room '}]"), at + ".to",
                        "has leading or trailing spaces or a control character"),
                Arguments.of("an empty to", further("[{'channel':'chat','to':''}]"), at + ".to",
                        "contact c-x chat address must be 1 to 2048 characters, not 0"),
                Arguments.of("a to of 2049 characters", further("[{'channel':'chat','to':'" + "r".repeat(2049) + "'}]"), at + ".to",
                        "contact c-x chat address must be 1 to 2048 characters, not 2049"),
                Arguments.of("addresses that are not an array", further("{'channel':'chat','to':'room'}"), "$.contacts[0].addresses",
                        "'addresses' must be an array, not an object"),
                Arguments.of("an address that is not an object", further("['" + DING + "']"), at,
                        "a contact address must be an object, not a string"),
                Arguments.of("a number for to", further("[{'channel':'chat','to':5}]"), at + ".to", "'to' must be a string, not a number (5)"),
                Arguments.of("an array for channel", further("[{'channel':['chat'],'to':'room'}]"), at + ".channel",
                        "'channel' must be a string, not an array"),
                Arguments.of("a boolean for secret", further("[{'channel':'chat','to':'room','secret':true}]"), at + ".secret",
                        "'secret' must be a string, not a boolean (true)"),
                Arguments.of("empty addresses and nothing else", further("[]"), "$.contacts[0]",
                        "contact c-x needs an email, a mobile or a further address (email and mobile are absent, addresses is empty)"),
                Arguments.of("an address problem in the second of three", further("[{'channel':'chat','to':'a'},"
                        + "{'channel':'dingtalk','to':'http://x'},{'channel':'chat','to':'b'}]"), "$.contacts[0].addresses[1].to",
                        "contact c-x dingtalk address 'http://x' must be an https URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalid", "invalidAddresses"})
    @DisplayName("rejects invalid content, naming where and what")
    void rejects(String description, String content, String location, String fragment) {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> ConfigurationFiles.read(json(content), "bad.json"));

        assertThat(e).as(description).isNotNull();
        assertThat(e.source()).isEqualTo("bad.json");
        assertThat(e.problems()).as(description).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(location);
            assertThat(problem.message()).contains(fragment);
        });
        assertThat(e.lines()).allSatisfy(line -> assertThat(line).startsWith("bad.json: ").doesNotContain("\n"));
    }

    @Test
    @DisplayName("reports every problem, not only the first, without a second problem for a reference to a bad item")
    void collectsEveryProblem() {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> ConfigurationFiles.read(json("{'accounts':["
                + "{'id':'acct-1','email':'bad'}],'contacts':[{'id':'c-a','account':'acct-1','name':'A','mobile':'+1'},"
                + "{'id':'c-b','account':'acct-9','name':'B','email':'b@example.com','x':1}],"
                + "'vaults':[{'id':'v','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-a']}}]}"),
                "many.json"));

        assertThat(e.problems()).extracting(Problem::path).containsExactlyInAnyOrder(
                "$.accounts[0].email", "$.contacts[0].mobile", "$.contacts[1].x", "$.contacts[1].account");
        assertThat(e.getMessage()).startsWith("4 problems in many.json:");
    }

    @Test
    @DisplayName("names the source in every line of the message")
    void namesTheSource() throws IOException {
        assertThatThrownBy(() -> ConfigurationFiles.read("{'x':1}".replace('\'', '"'), "my-config.json"))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("my-config.json: $.x: unknown field 'x' in a configuration"
                        + " (expected accounts, contacts, groups, vaults, instances, maintenanceWindows)");
    }
}
