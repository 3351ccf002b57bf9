package io.backupalarm.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.channels.sms.TimeoutPolicy;
import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.examples.docs.SmppClient.InvalidDestinationException;
import io.backupalarm.examples.docs.SmppClient.ThrottledException;
import io.backupalarm.json.ConfigurationFiles;
import io.backupalarm.json.InvalidFileException;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.policy.PolicyLevel;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.policy.Resolution;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.RecordingChannel;
import io.backupalarm.verification.VerificationOutcome;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The documentation's snippets, run")
final class DocSnippetsRunTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String OWNER = "owner@acme.example";

    @Test
    @DisplayName("concepts.md: deleting a contact in use lists every holder")
    void concepts() {
        ConfigurationStore store = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acme", EmailAddress.of(OWNER), null));
        admin.createContact(Contact.unverified("c-alice", "acme", "Alice", EmailAddress.of("alice@acme.example"), null));
        admin.createGroup(new ContactGroup("g-ops", "acme", "Ops", Set.of("c-alice")));
        admin.createVault(new Vault("v-prod", "acme"));
        admin.createInstance(new Instance("i-web1", "v-prod"));
        admin.setInstancePolicy("i-web1", InstanceAlarmPolicy.customized(Set.of("c-alice"), Set.of()));

        assertThat(ConceptsSnippets.deleteContactInUse(store)).containsExactly("group g-ops", "instance i-web1 policy");
    }

    @Test
    @DisplayName("policies.md: the explanation is what the comments say")
    void policies() {
        Configuration configuration = Configuration.builder()
                .account(new Account("acme", EmailAddress.of(OWNER), null))
                .contact(Contact.verified("c-alice", "acme", "Alice", EmailAddress.of("alice@acme.example"), null))
                .group(new ContactGroup("g-ops", "acme", "Ops", Set.of("c-alice")))
                .vault(new Vault("v-prod", "acme", VaultAlarmPolicy.customized(Set.of("c-alice"), Set.of("g-ops"))))
                .instance(new Instance("i-web1", "v-prod"))
                .build();

        Resolution why = PoliciesSnippets.explainWeb1(configuration);

        assertThat(why.decidedBy()).isEqualTo(PolicyLevel.VAULT);
        assertThat(why.mode()).isEqualTo(PolicyMode.CUSTOMIZED);
        assertThat(why.recipients().get(0).via()).hasToString(
                "[Via[account=null, contact=c-alice, group=null], Via[account=null, contact=c-alice, group=g-ops]]");
        assertThat(RecipientResolver.recipients(configuration, "i-web1")).isEqualTo(why.recipientSet());
    }

    @Test
    @DisplayName("lifecycle.md: the settings build, and the reported disconnection opens an alarm")
    void lifecycle() {
        AlarmSettings settings = LifecycleSnippets.settings();
        assertThat(settings.disconnectGracePeriod()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.repeatInterval()).contains(Duration.ofHours(4));
        assertThat(settings.notifyOnResolved()).isTrue();

        try (AlarmEngine engine = AlarmEngine.builder().configuration(oneInstance()).settings(settings)
                .manualTime(new ManualClock(START)).build()) {
            LifecycleSnippets.reportDisconnection(engine);
            assertThat(engine.openAlarms()).singleElement()
                    .satisfies(alarm -> assertThat(alarm.openedAt()).isEqualTo(START));
        }
    }

    @Test
    @DisplayName("delivery.md: the settings and templates build, and dead letters are sent again")
    void delivery() {
        assertThat(DeliverySnippets.deliverySettings().senderThreads()).isEqualTo(4);
        try (AlarmEngine engine = DeliverySnippets.engineWithTemplates(oneInstance())) {
            assertThat(engine.openAlarms()).isEmpty();
        }
        withDeadLetter((engine, email) -> DeliverySnippets.redriveDeadLetters(engine));
    }

    @Test
    @DisplayName("quiet.md: a silence holds a firing alarm back, a window is kept, an acknowledgement and a test work")
    void quiet() {
        ConfigurationStore store = oneInstance();
        ManualClock clock = new ManualClock(START);
        java.util.List<String> sent = new java.util.ArrayList<>();
        io.backupalarm.spi.Channel email = new io.backupalarm.spi.Channel() {
            @Override
            public String name() {
                return "email";
            }

            @Override
            public io.backupalarm.spi.DeliveryResult send(OutboundMessage message) {
                sent.add(message.kind().name());
                return io.backupalarm.spi.DeliveryResult.delivered("ok");
            }
        };
        assertThat(QuietSnippets.settings()).isEqualTo(AlarmSettings.ofDefaults());
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(email).build()) {
            QuietSnippets.weekendWindow(ConfigurationAdmin.on(store));
            assertThat(ConfigurationAdmin.on(store).snapshot().maintenanceWindows()).hasSize(1);
            assertThat(QuietSnippets.silencePlannedWork(engine, START).ends()).isEqualTo(START.plus(Duration.ofHours(2)));
            assertThat(QuietSnippets.acknowledge(engine)).isEqualTo(io.backupalarm.quiet.AcknowledgeResult.NOT_FIRING);
            engine.report(new io.backupalarm.lifecycle.AlarmEvent.ClientDisconnected("i-web1", START));
            ManualTime.of(engine).advanceBy(Duration.ofMinutes(90));
            assertThat(sent).isEmpty();
            assertThat(QuietSnippets.acknowledge(engine)).isEqualTo(io.backupalarm.quiet.AcknowledgeResult.ACKNOWLEDGED);
            assertThat(QuietSnippets.test(engine).messages()).hasSize(1);
            ManualTime.of(engine).advanceBy(Duration.ofHours(2));
            assertThat(sent).containsExactly("TEST");
        }
    }

    @Test
    @DisplayName("operations.md: a dead letter is logged and sent again")
    void operations() {
        withDeadLetter((engine, email) ->
                OperationsSnippets.logAndRedrive(engine, engine.deadLetters().get(0).key()));
    }

    @Test
    @DisplayName("operations.md: the readiness check passes on a healthy engine and fails while a store is down")
    void readiness() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        io.backupalarm.spi.OutboxStore memory = io.backupalarm.spi.OutboxStore.inMemory();
        io.backupalarm.spi.OutboxStore outbox = (io.backupalarm.spi.OutboxStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.backupalarm.spi.OutboxStore.class}, (proxy, method, args) -> {
                    if (down.get()) {
                        throw new IllegalStateException("database is down");
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (AlarmEngine engine = AlarmEngine.builder().configuration(oneInstance()).outbox(outbox)
                .manualTime(new ManualClock(START)).build()) {
            assertThat(OperationsSnippets.ready(engine)).isTrue();
            down.set(true);
            assertThat(OperationsSnippets.ready(engine)).isFalse();
            assertThat(engine.health().storeError()).hasValueSatisfying(error -> assertThat(error).contains("database is down"));
        }
    }

    @Test
    @DisplayName("verification.md: the code that was sent verifies the address")
    void verification() {
        ConfigurationStore store = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acme", EmailAddress.of(OWNER), null));
        admin.createContact(Contact.unverified("c-alice", "acme", "Alice", EmailAddress.of("alice@acme.example"), null));
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());
        RecordingChannel sms = new RecordingChannel(Channel.SMS, Clock.systemUTC());

        VerificationOutcome outcome = VerificationSnippets.verifyAlice(store, email, sms,
                () -> email.sent().get(email.sent().size() - 1).message().data().get(OutboundMessage.DataKeys.CODE));

        assertThat(outcome).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("channels.md: a channel of one's own registers on the builder")
    void channels() {
        try (AlarmEngine engine = ChannelsSnippets.register(oneInstance(), URI.create("http://127.0.0.1:9/hooks"),
                "chat-token-0123456789")) {
            assertThat(engine.openAlarms()).isEmpty();
        }
    }

    @Test
    @DisplayName("channels-sms.md: the SMPP gateway classifies its client's answers")
    void smppGateway() {
        SmppClient client = (to, text, reference) -> {
            if (to.endsWith("1")) {
                throw new ThrottledException(Duration.ofSeconds(30));
            }
            if (to.endsWith("2")) {
                throw new InvalidDestinationException("0x0B");
            }
            return "id-" + reference;
        };
        SmppGateway gateway = new SmppGateway(client);

        assertThat(gateway.send(request("+8613800138000"))).isEqualTo(DeliveryResult.delivered("id-key-1"));
        assertThat(gateway.send(request("+8613800138001")))
                .isEqualTo(DeliveryResult.temporaryFailure("smpp: throttled", Duration.ofSeconds(30)));
        assertThat(gateway.send(request("+8613800138002")))
                .isEqualTo(DeliveryResult.permanentFailure("smpp: +8613800138002 refused: 0x0B"));
        assertThat(ChannelsSmsSnippets.smpp(client).name()).isEqualTo(Channel.SMS);
        assertThat(ChannelsSmsSnippets.atMostOnce("token").transport().requestTimeout())
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(ChannelsSmsSnippets.atMostOnce("token").transport().timeoutPolicy())
                .isEqualTo(TimeoutPolicy.DO_NOT_RETRY);
    }

    @Test
    @DisplayName("channels-sms.md: the Alibaba settings ask the host's STS cache for credentials on every send")
    void aliyunSts() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        io.backupalarm.channels.sms.AliyunSmsSettings settings = ChannelsSmsSnippets.aliyunSts(() ->
                io.backupalarm.channels.sms.AliyunCredentials.sts("STS.id-" + asked.incrementAndGet(), "secret",
                        "token", null));
        assertThat(settings.credentialsName()).isEqualTo("ram-role");
        assertThat(settings.credentialsProvider().credentials().accessKeyId()).isEqualTo("STS.id-1");
        assertThat(settings.credentialsProvider().credentials().accessKeyId()).isEqualTo("STS.id-2");
    }

    @Test
    @DisplayName("configuration-files.md: a missing file is an IOException; an invalid one lists its problems")
    void configurationFiles() {
        assertThatThrownBy(ConfigurationFilesSnippets::load).isInstanceOf(NoSuchFileException.class);

        String invalid = """
                {"accounts": [{"id": "acct-1", "email": "owner@example.com"}],
                 "contacts": [{"id": "c-alice", "account": "acct-1", "name": "Alice", "email": "x"}]}
                """;
        assertThatThrownBy(() -> ConfigurationFiles.read(invalid, "alarms.json"))
                .isInstanceOfSatisfying(InvalidFileException.class, e -> assertThat(e.lines())
                        .anySatisfy(line -> assertThat(line).startsWith("alarms.json: $.contacts[0].email: email 'x' is ")));
    }

    /** Something done to an engine that holds one dead letter, whose cause is then fixed. */
    private interface Redrive {
        void run(AlarmEngine engine, RecordingChannel email);
    }

    /** Makes a dead letter (the owner's address refused), fixes the cause, runs the re-drive, waits for the send. */
    private static void withDeadLetter(Redrive redrive) {
        ManualClock clock = new ManualClock(START);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock).refuse(OWNER);
        try (AlarmEngine engine = AlarmEngine.builder()
                .configuration(oneInstance())
                .settings(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO).groupWait(Duration.ZERO).build())
                .manualTime(clock)
                .channel(email)
                .build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", START));
            ManualTime.of(engine).runDue();   // manual time: sent (and refused) before this returns
            assertThat(engine.deadLetters()).hasSize(1);
            email.accept(OWNER);

            redrive.run(engine, email);

            assertThat(engine.deadLetters()).isEmpty();
            ManualTime.of(engine).runDue();
            assertThat(email.sent()).hasSize(1);
        }
    }

    @Test
    @DisplayName("deployment.md: a node on the JDBC store administers and reports on the shared database")
    void deployment() {
        org.h2.jdbcx.JdbcDataSource database = new org.h2.jdbcx.JdbcDataSource();
        database.setURL("jdbc:h2:mem:deployment-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, java.time.Clock.systemUTC());
        RecordingChannel sms = new RecordingChannel(Channel.SMS, java.time.Clock.systemUTC());
        DeploymentSnippets.Node node = DeploymentSnippets.node(database, email, sms);
        try (AlarmEngine engine = node.engine()) {
            node.admin().createAccount(new Account("acme", EmailAddress.of(OWNER), null));
            node.admin().createVault(new Vault("v-prod", "acme"));
            node.admin().createInstance(new Instance("i-web1", "v-prod"));
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", Instant.now()));

            DeploymentSnippets.Node other = DeploymentSnippets.node(database, email, sms);
            try (AlarmEngine second = other.engine()) {
                assertThat(second.openAlarms()).as("the second node sees the first one's alarm")
                        .extracting(alarm -> alarm.key().instance()).containsExactly("i-web1");
            }
        }
    }

    private static ConfigurationStore oneInstance() {
        ConfigurationStore store = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acme", EmailAddress.of(OWNER), null));
        admin.createVault(new Vault("v-prod", "acme"));
        admin.createInstance(new Instance("i-web1", "v-prod"));
        return store;
    }

    private static SmsRequest request(String to) {
        return new SmsRequest("key-1", to, "i-web1 offline", OutboundMessage.Kind.FIRING, Locale.ENGLISH, Map.of());
    }
}
