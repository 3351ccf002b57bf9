package io.backupalarm.json;

import static io.backupalarm.json.ConfigurationFilesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.json.ScenarioStep.ReportEvent;
import io.backupalarm.json.ScenarioStep.SendTest;
import io.backupalarm.json.ScenarioStep.SetInstancePolicy;
import io.backupalarm.json.ScenarioStep.SetVaultPolicy;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.quiet.TestTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Scenario files")
final class ScenarioFilesTest {

    static final String CONFIG = "'config':{'accounts':[{'id':'acct-1','email':'owner@example.com'},"
            + "{'id':'acct-2','email':'other@example.org'}],"
            + "'contacts':[{'id':'c-alice','account':'acct-1','name':'Alice','email':'alice@example.com'},"
            + "{'id':'c-bob','account':'acct-2','name':'Bob','email':'bob@example.org'}],"
            + "'groups':[{'id':'g-ops','account':'acct-1','name':'Ops','members':['c-alice']}],"
            + "'vaults':[{'id':'v-prod','account':'acct-1'}],"
            + "'instances':[{'id':'i-web1','vault':'v-prod'}]}";

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static String scenario(String rest) {
        return json("{" + CONFIG + (rest.isEmpty() ? "" : "," + rest) + "}");
    }

    static String events(String... events) {
        return "'events':[" + String.join(",", events) + "]";
    }

    @Test
    @DisplayName("reads the example of cli.md: settings, the four steps in order, and until")
    void readsTheExample() throws Exception {
        Scenario scenario = ScenarioFiles.read(ConfigurationFilesTest.resource("example-scenario.json"));

        assertThat(scenario.settings()).isEqualTo(AlarmSettings.ofDefaults());
        assertThat(scenario.configuration().instance("i-web1")).isPresent();
        assertThat(scenario.steps()).containsExactly(
                new ReportEvent(new AlarmEvent.ClientDisconnected("i-web1", T0)),
                new ReportEvent(new AlarmEvent.BackupFailed("i-web1", "daily", "disk full", T0.plusSeconds(600))),
                new SetInstancePolicy(T0.plusSeconds(1200), "i-web1", InstanceAlarmPolicy.DEFAULT),
                new SetVaultPolicy(T0.plusSeconds(1800), "v-prod", VaultAlarmPolicy.DISABLED));
        assertThat(scenario.start()).contains(T0);
        assertThat(scenario.until()).contains(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    @DisplayName("maps every event type, with job and message where the type has them")
    void mapsEveryType() {
        Scenario scenario = ScenarioFiles.read(scenario(events(
                "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_CONNECTED','instance':'i-web1'}",
                "{'at':'2026-01-01T00:00:00Z','type':'BACKUP_FAILED','instance':'i-web1'}",
                "{'at':'2026-01-01T00:00:00Z','type':'BACKUP_SUCCEEDED','instance':'i-web1','job':'nightly'}",
                "{'at':'2026-01-01T00:00:00Z','type':'SET_INSTANCE_POLICY','instance':'i-web1',"
                        + "'alarmPolicy':{'mode':'CUSTOMIZED','groups':['g-ops']}}")), "types.json");

        assertThat(scenario.steps()).containsExactly(
                new ReportEvent(new AlarmEvent.ClientConnected("i-web1", T0)),
                new ReportEvent(new AlarmEvent.BackupFailed("i-web1", null, null, T0)),
                new ReportEvent(new AlarmEvent.BackupSucceeded("i-web1", "nightly", T0)),
                new SetInstancePolicy(T0, "i-web1", InstanceAlarmPolicy.customized(Set.of(), Set.of("g-ops"))));
    }

    @Test
    @DisplayName("keeps the file order of events at the same instant, and runs until the last event by default")
    void sameInstantKeepsFileOrder() {
        Scenario scenario = ScenarioFiles.read(scenario(events(
                "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}",
                "{'at':'2026-01-01T01:00:00Z','type':'CLIENT_CONNECTED','instance':'i-web1'}",
                "{'at':'2026-01-01T01:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}")), "same.json");

        assertThat(scenario.steps()).extracting(step -> ((ReportEvent) step).event().getClass().getSimpleName())
                .containsExactly("ClientDisconnected", "ClientConnected", "ClientDisconnected");
        assertThat(scenario.until()).contains(T0.plusSeconds(3600));
    }

    @Test
    @DisplayName("uses the defaults where settings are absent, and has no end without events or until")
    void defaults() {
        Scenario scenario = ScenarioFiles.read(scenario(""), "bare.json");

        assertThat(scenario.settings()).isEqualTo(AlarmSettings.ofDefaults());
        assertThat(scenario.steps()).isEmpty();
        assertThat(scenario.until()).isEqualTo(Optional.empty());
        assertThat(ScenarioFiles.read(scenario("'settings':{},'until':'2026-01-01T00:00:00Z'"), "u.json").until())
                .contains(T0);
    }

    @Test
    @DisplayName("reads every setting: zero grace periods, a repeat interval, resolution notices")
    void readsSettings() {
        Scenario scenario = ScenarioFiles.read(scenario("'settings':{'disconnectGracePeriod':'PT0S',"
                + "'backupFailureGracePeriod':'PT30M','repeatInterval':'PT4H','notifyOnResolved':true}"), "s.json");

        assertThat(scenario.settings()).isEqualTo(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO)
                .backupFailureGracePeriod(Duration.ofMinutes(30)).repeatInterval(Duration.ofHours(4))
                .notifyOnResolved(true).build());
        assertThat(ScenarioFiles.read(scenario("'settings':{'repeatInterval':null}"), "n.json").settings().repeatInterval())
                .isEmpty();
    }

    @Test
    @DisplayName("a policy change gives the configuration of that moment")
    void policyChangeApplies() {
        Scenario scenario = ScenarioFiles.read(scenario(events(
                "{'at':'2026-01-01T00:00:00Z','type':'SET_VAULT_POLICY','vault':'v-prod',"
                        + "'alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-alice']}}")), "v.json");

        SetVaultPolicy step = (SetVaultPolicy) scenario.steps().get(0);
        assertThat(step.applyTo(scenario.configuration()).vault("v-prod").orElseThrow().alarmPolicy().mode())
                .isEqualTo(PolicyMode.CUSTOMIZED);
    }

    @Test
    @DisplayName("a contact with further addresses only is a contact a test may name")
    void furtherAddressesOnly() {
        Scenario scenario = ScenarioFiles.read(json("{'config':{'accounts':[{'id':'acct-1','email':'owner@example.com'}],"
                + "'contacts':[{'id':'c-room','account':'acct-1','name':'Room','addresses':[{'channel':'dingtalk',"
                + "'to':'https://oapi.dingtalk.com/robot/send?access_token=abc','secret':'ding-ops'}]}]},"
                + "'events':[{'at':'2026-01-01T00:00:00Z','type':'TEST_NOTIFICATION','contact':'c-room'}]}"), "room.json");

        assertThat(scenario.configuration().contact("c-room").orElseThrow().verifiedAddresses())
                .containsExactly(ContactAddress.verified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc",
                        "ding-ops"));
        assertThat(scenario.steps()).containsExactly(new SendTest(T0, TestTarget.contact("c-room")));
    }

    @Test
    @DisplayName("accepts every bound itself: instants of 1970 and 9999, an offset, 365 days of grace, repeats of PT1M and P365D")
    void boundsAreInclusive() {
        Scenario scenario = ScenarioFiles.read(scenario("'settings':{'disconnectGracePeriod':'P365D',"
                + "'backupFailureGracePeriod':'PT0S','repeatInterval':'P365D'}," + events(
                "{'at':'1970-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}",
                "{'at':'2026-01-01T08:00:00+08:00','type':'CLIENT_CONNECTED','instance':'i-web1'}")
                + ",'until':'9999-12-31T23:59:59Z'"), "bounds.json");

        assertThat(scenario.settings().disconnectGracePeriod()).isEqualTo(Duration.ofDays(365));
        assertThat(scenario.settings().repeatInterval()).contains(Duration.ofDays(365));
        assertThat(scenario.start()).contains(Instant.EPOCH);
        assertThat(scenario.steps().get(1).at()).isEqualTo(T0);
        assertThat(scenario.until()).contains(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(ScenarioFiles.read(scenario("'settings':{'repeatInterval':'PT1M'}," + events(
                "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}")
                + ",'until':'2026-03-11T10:40:00Z'"), "repeats.json").settings().repeatInterval())
                .as("exactly 100000 repeats are within the bound").contains(Duration.ofMinutes(1));
    }

    static Stream<Arguments> invalid() {
        String at0 = "'at':'2026-01-01T00:00:00Z'";
        return Stream.of(
                Arguments.of("no config", "{'events':[]}", "$.config", "missing required field 'config'"),
                Arguments.of("an invalid config", "{'config':{'accounts':[{'id':'a'}]}}", "$.config.accounts[0]",
                        "account a needs an email or a mobile"),
                Arguments.of("a contact with no address at all", "{'config':{'accounts':[{'id':'a','email':'a@example.com'}],"
                                + "'contacts':[{'id':'c-x','account':'a','name':'X','addresses':[]}]}}", "$.config.contacts[0]",
                        "contact c-x needs an email, a mobile or a further address"),
                Arguments.of("a further address of an invalid target", "{'config':{'accounts':[{'id':'a','email':'a@example.com'}],"
                                + "'contacts':[{'id':'c-x','account':'a','name':'X','addresses':[{'channel':'webhook',"
                                + "'to':'http://hooks.example.com/x'}]}]}}", "$.config.contacts[0].addresses[0].to",
                        "contact c-x webhook address 'http://hooks.example.com/x' must be an https URL"),
                Arguments.of("a further address on channel email", "{'config':{'accounts':[{'id':'a','email':'a@example.com'}],"
                                + "'contacts':[{'id':'c-x','account':'a','name':'X','addresses':[{'channel':'email',"
                                + "'to':'x@example.com'}]}]}}", "$.config.contacts[0].addresses[0].channel",
                        "contact c-x channel 'email' is kept in the contact's email"),
                Arguments.of("an unknown top-level field", scenario("'until2':'x'"), "$.until2", "unknown field"),
                Arguments.of("an unknown setting", scenario("'settings':{'grace':'PT1H'}"), "$.settings.grace", "unknown field 'grace'"),
                Arguments.of("a negative grace period", scenario("'settings':{'disconnectGracePeriod':'-PT1M'}"),
                        "$.settings.disconnectGracePeriod", "disconnectGracePeriod PT-1M must not be negative"),
                Arguments.of("a grace period over 365 days", scenario("'settings':{'backupFailureGracePeriod':'P366D'}"),
                        "$.settings.backupFailureGracePeriod", "backupFailureGracePeriod P366D is more than the maximum, P365D"),
                Arguments.of("a grace period that overflows an instant",
                        scenario("'settings':{'disconnectGracePeriod':'PT2562047788015215H'}"),
                        "$.settings.disconnectGracePeriod", "PT2562047788015215H is more than the maximum, P365D"),
                Arguments.of("a duration beyond any number", scenario("'settings':{'disconnectGracePeriod':'PT99999999999999999999H'}"),
                        "$.settings.disconnectGracePeriod", "is not an ISO-8601 duration"),
                Arguments.of("a duration that is not ISO-8601", scenario("'settings':{'backupFailureGracePeriod':'1h'}"),
                        "$.settings.backupFailureGracePeriod", "'1h' is not an ISO-8601 duration"),
                Arguments.of("a number for a duration", scenario("'settings':{'backupFailureGracePeriod':3600}"),
                        "$.settings.backupFailureGracePeriod", "must be a string, not a number (3600)"),
                Arguments.of("a zero repeat interval", scenario("'settings':{'repeatInterval':'PT0S'}"),
                        "$.settings.repeatInterval", "repeatInterval PT0S is less than the minimum, PT1M (null means no repeat)"),
                Arguments.of("a repeat interval of one nanosecond", scenario("'settings':{'repeatInterval':'PT0.000000001S'}"),
                        "$.settings.repeatInterval", "repeatInterval PT0.000000001S is less than the minimum, PT1M"),
                Arguments.of("a repeat interval over 365 days", scenario("'settings':{'repeatInterval':'P400D'}"),
                        "$.settings.repeatInterval", "repeatInterval P400D is more than the maximum, P365D"),
                Arguments.of("a negative repeat interval", scenario("'settings':{'repeatInterval':'-PT1H'}"),
                        "$.settings.repeatInterval", "repeatInterval PT-1H is less than the minimum, PT1M"),
                Arguments.of("a string for a boolean", scenario("'settings':{'notifyOnResolved':'true'}"),
                        "$.settings.notifyOnResolved", "must be true or false, not a string"),
                Arguments.of("events out of time order", scenario(events(
                                "{'at':'2026-01-01T00:10:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}",
                                "{" + at0 + ",'type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.events[1].at", "is earlier than the event before it ($.events[0]"),
                Arguments.of("until before the last event", scenario(events(
                                "{'at':'2026-01-01T00:10:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}")
                                + ",'until':'2026-01-01T00:05:00Z'"),
                        "$.until", "is earlier than the last event ($.events[0]"),
                Arguments.of("an unknown instance", scenario(events("{" + at0 + ",'type':'CLIENT_DISCONNECTED','instance':'i-nope'}")),
                        "$.events[0].instance", "instance i-nope does not exist"),
                Arguments.of("a control character in an unknown field", scenario("'settings':{'a\\nb':1}"),
                        "$.settings['a\\u000ab']", "unknown field 'a\\u000ab' in settings"),
                Arguments.of("an unknown vault", scenario(events("{" + at0 + ",'type':'SET_VAULT_POLICY','vault':'v-nope',"
                                + "'alarmPolicy':{'mode':'DEFAULT'}}")),
                        "$.events[0].vault", "vault v-nope does not exist"),
                Arguments.of("an unknown type", scenario(events("{" + at0 + ",'type':'CLIENT_EXPLODED','instance':'i-web1'}")),
                        "$.events[0].type", "unknown event type 'CLIENT_EXPLODED'"),
                Arguments.of("an event without type", scenario(events("{" + at0 + ",'instance':'i-web1'}")),
                        "$.events[0].type", "missing required field 'type'"),
                Arguments.of("an event without at", scenario(events("{'type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.events[0].at", "missing required field 'at'"),
                Arguments.of("an instant that is not ISO-8601", scenario(events("{'at':'2026-01-01 00:00','type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.events[0].at", "'2026-01-01 00:00' is not an ISO-8601 instant"),
                Arguments.of("an instant without an offset", scenario(events("{'at':'2026-01-01T08:00:00','type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.events[0].at", "at '2026-01-01T08:00:00' needs a zone offset such as Z (2026-01-01T08:00:00Z) or +08:00"),
                Arguments.of("an instant in year 1000000000", scenario(events("{'at':'+1000000000-01-01T00:00:00Z','type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.events[0].at", "at +1000000000-01-01T00:00:00Z is outside the supported range, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z"),
                Arguments.of("an instant before 1970", scenario(events("{'at':'1969-12-31T23:59:59Z','type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.events[0].at", "at 1969-12-31T23:59:59Z is outside the supported range"),
                Arguments.of("an until after 9999", scenario("'until':'9999-12-31T23:59:59.000000001Z'"),
                        "$.until", "until 9999-12-31T23:59:59.000000001Z is outside the supported range"),
                Arguments.of("an until without an offset", scenario("'until':'2026-01-02T00:00'"),
                        "$.until", "until '2026-01-02T00:00' needs a zone offset such as Z"),
                Arguments.of("a replay that would repeat more than 100000 times", scenario("'settings':{'repeatInterval':'PT1M'},"
                                + events("{" + at0 + ",'type':'CLIENT_DISCONNECTED','instance':'i-web1'}",
                                        "{" + at0 + ",'type':'BACKUP_FAILED','instance':'i-web1','job':'a'}",
                                        "{" + at0 + ",'type':'BACKUP_FAILED','instance':'i-web1','job':'a'}",
                                        "{" + at0 + ",'type':'BACKUP_FAILED','instance':'i-web1'}")
                                + ",'until':'2026-12-31T00:00:00Z'"),
                        "$.until", "the replay could send up to 1572480 repeats: 3 alarm(s) the events open, each repeated every"
                                + " PT1M from 2026-01-01T00:00:00Z to 2026-12-31T00:00:00Z; at most 100000 (shorten until or"
                                + " lengthen repeatInterval)"),
                Arguments.of("a replay without until that would repeat more than 100000 times",
                        scenario("'settings':{'repeatInterval':'PT1M'}," + events(
                                "{" + at0 + ",'type':'CLIENT_DISCONNECTED','instance':'i-web1'}",
                                "{'at':'9999-01-01T00:00:00Z','type':'CLIENT_CONNECTED','instance':'i-web1'}")),
                        "$.settings.repeatInterval", "the replay could send up to"),
                Arguments.of("an unknown instance near a known one", scenario(events("{" + at0 + ",'type':'CLIENT_DISCONNECTED','instance':'i-web'}")),
                        "$.events[0].instance", "instance i-web does not exist; did you mean 'i-web1'?"),
                Arguments.of("an unknown vault near a known one", scenario(events("{" + at0 + ",'type':'SET_VAULT_POLICY','vault':'V-PROD',"
                                + "'alarmPolicy':{'mode':'DEFAULT'}}")),
                        "$.events[0].vault", "vault V-PROD does not exist; did you mean 'v-prod'?"),
                Arguments.of("a policy change naming a contact near one of the account", scenario(events("{" + at0
                                + ",'type':'SET_INSTANCE_POLICY','instance':'i-web1','alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-alic']}}")),
                        "$.events[0].alarmPolicy.contacts[0]", "contact c-alic does not exist; did you mean 'c-alice'?"),
                Arguments.of("a job on a disconnection", scenario(events("{" + at0 + ",'type':'CLIENT_DISCONNECTED','instance':'i-web1','job':'j'}")),
                        "$.events[0].job", "unknown field 'job' in a CLIENT_DISCONNECTED event"),
                Arguments.of("a message on a success", scenario(events("{" + at0 + ",'type':'BACKUP_SUCCEEDED','instance':'i-web1','message':'m'}")),
                        "$.events[0].message", "unknown field 'message' in a BACKUP_SUCCEEDED event"),
                Arguments.of("a policy change without policy", scenario(events("{" + at0 + ",'type':'SET_INSTANCE_POLICY','instance':'i-web1'}")),
                        "$.events[0].alarmPolicy", "missing required field 'alarmPolicy'"),
                Arguments.of("a vault policy change to SAME_AS_VAULT", scenario(events("{" + at0 + ",'type':'SET_VAULT_POLICY','vault':'v-prod',"
                                + "'alarmPolicy':{'mode':'SAME_AS_VAULT'}}")),
                        "$.events[0].alarmPolicy.mode", "mode 'SAME_AS_VAULT' is not a mode of a vault policy"),
                Arguments.of("a policy change naming a missing contact", scenario(events("{" + at0 + ",'type':'SET_INSTANCE_POLICY','instance':'i-web1',"
                                + "'alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-nope']}}")),
                        "$.events[0].alarmPolicy.contacts[0]", "contact c-nope does not exist"),
                Arguments.of("a policy change naming a contact of another account", scenario(events("{" + at0
                                + ",'type':'SET_VAULT_POLICY','vault':'v-prod','alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-bob']}}")),
                        "$.events[0].alarmPolicy.contacts[0]", "contact c-bob belongs to account acct-2, not acct-1"),
                Arguments.of("a CUSTOMIZED policy change naming nothing", scenario(events("{" + at0
                                + ",'type':'SET_INSTANCE_POLICY','instance':'i-web1','alarmPolicy':{'mode':'CUSTOMIZED'}}")),
                        "$.events[0].alarmPolicy", "mode CUSTOMIZED must name at least one contact or group"),
                Arguments.of("events that are not an array", scenario("'events':{}"), "$.events", "must be an array"),
                Arguments.of("an event that is not an object", scenario("'events':[1]"), "$.events[0]", "must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @DisplayName("rejects invalid scenarios, naming where and what")
    void rejects(String description, String content, String location, String fragment) {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> ScenarioFiles.read(json(content), "bad-scenario.json"));

        assertThat(e).as(description).isNotNull();
        assertThat(e.problems()).as(description).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(location);
            assertThat(problem.message()).contains(fragment);
        });
    }

    @Test
    @DisplayName("reports problems of the config and of the events together")
    void collectsAcrossConfigAndEvents() {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> ScenarioFiles.read(json("{'config':{'accounts':"
                + "[{'id':'a','email':'x'}],'vaults':[{'id':'v','account':'a'}],'instances':[{'id':'i','vault':'v'}]},"
                + "'events':[{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i'},"
                + "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'j'}]}"), "both.json"));

        assertThat(e.problems()).extracting(p -> p.path())
                .containsExactly("$.config.accounts[0].email", "$.events[1].instance");
    }

    @Test
    @DisplayName("an instance policy change accepts every instance mode")
    void instanceModes() {
        for (InstancePolicyMode mode : List.of(InstancePolicyMode.DISABLED, InstancePolicyMode.SAME_AS_VAULT,
                InstancePolicyMode.DEFAULT)) {
            Scenario scenario = ScenarioFiles.read(scenario(events("{'at':'2026-01-01T00:00:00Z',"
                    + "'type':'SET_INSTANCE_POLICY','instance':'i-web1','alarmPolicy':{'mode':'" + mode + "'}}")), "m.json");
            assertThat(((SetInstancePolicy) scenario.steps().get(0)).policy().mode()).isEqualTo(mode);
        }
    }
}
