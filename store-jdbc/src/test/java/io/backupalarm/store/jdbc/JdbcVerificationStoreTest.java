package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.testkit.RecordingChannel;
import io.backupalarm.verification.PendingVerification;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationService;
import io.backupalarm.verification.VerificationSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcVerificationStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<String> databases() {
        return Stream.of("postgres", "h2");
    }

    private static DataSource database(String kind) {
        return kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
    }

    @ParameterizedTest
    @MethodSource("databases")
    @DisplayName("a pending code is saved, replaced, found with its bytes intact and deleted")
    void roundTrip(String kind) {
        VerificationStore store = TestDatabases.migrated(database(kind)).verifications();
        PendingVerification first = new PendingVerification("c-1", "email", "a@example.com", new byte[] {0, 1, -1},
                new byte[] {42, -128, 127}, T0, T0.plusSeconds(600), 0);
        store.save(first);
        assertThat(store.find("c-1", "email", "a@example.com")).contains(first);
        assertThat(store.find("c-1", "sms", "a@example.com")).isEmpty();

        PendingVerification tried = first.withWrongTry();
        store.save(tried);
        assertThat(store.find("c-1", "email", "a@example.com")).contains(tried);

        store.delete("c-1", "email", "a@example.com");
        assertThat(store.find("c-1", "email", "a@example.com")).isEmpty();
        store.delete("c-1", "email", "a@example.com"); // nothing left: no error
    }

    @ParameterizedTest
    @MethodSource("databases")
    @DisplayName("the stored row holds no plain code in any column, through tries and a new code")
    void rowHoldsNoPlainCode(String kind) throws SQLException {
        DataSource dataSource = database(kind);
        JdbcStore store = TestDatabases.migrated(dataSource);
        Cluster.seed(store.configuration());
        ConfigurationAdmin.on(store.configuration()).createContact(Contact.unverified("c-new", "acct-1", "New",
                EmailAddress.of("new@example.com"), null));
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());
        ManualClock clock = new ManualClock(T0);
        VerificationService service = VerificationService.builder().configuration(store.configuration())
                .store(store.verifications()).clock(clock).channel(email)
                .settings(VerificationSettings.custom().codeLength(10).build()).build();
        List<String> codes = new ArrayList<>();
        List<String> rows = new ArrayList<>();

        service.start("c-new", Channel.EMAIL);
        codes.add(email.sent().get(0).message().data().get(OutboundMessage.DataKeys.CODE));
        rows.add(row(dataSource));
        assertThat(service.confirm("c-new", Channel.EMAIL, "0000000000")).isEqualTo(VerificationOutcome.WRONG_CODE);
        rows.add(row(dataSource));
        clock.advance(Duration.ofMinutes(1));
        service.start("c-new", Channel.EMAIL);
        codes.add(email.sent().get(1).message().data().get(OutboundMessage.DataKeys.CODE));
        rows.add(row(dataSource));

        assertThat(codes).doesNotHaveDuplicates().allSatisfy(code -> assertThat(code).hasSize(10));
        assertThat(rows).allSatisfy(row -> assertThat(row).contains("new@example.com"));
        for (String code : codes) {
            assertThat(rows).noneSatisfy(row -> assertThat(row).contains(code));
        }
    }

    /** Every column of the one row in {@code ba_verification}, as text and, for bytes, as ASCII and hex. */
    private static String row(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM ba_verification")) {
            assertThat(rows.next()).isTrue();
            StringBuilder text = new StringBuilder();
            ResultSetMetaData columns = rows.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                Object value = rows.getObject(i);
                text.append(columns.getColumnName(i)).append('=');
                if (value instanceof byte[] bytes) {
                    text.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('/')
                            .append(HexFormat.of().formatHex(bytes));
                } else {
                    text.append(value);
                }
                text.append('|');
            }
            assertThat(rows.next()).as("one row").isFalse();
            return text.toString();
        }
    }

    @Test
    @DisplayName("a code sent by one node is confirmed on another")
    void sentByOneConfirmedOnAnother() {
        DataSource dataSource = TestDatabases.postgres();
        JdbcStore a = TestDatabases.migrated(dataSource);
        JdbcStore b = JdbcStore.builder(dataSource).build();
        Cluster.seed(a.configuration());
        ConfigurationAdmin.on(a.configuration()).createContact(Contact.unverified("c-new", "acct-1", "New",
                EmailAddress.of("new@example.com"), null));
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());

        VerificationService nodeA = VerificationService.builder().configuration(a.configuration())
                .store(a.verifications()).channel(email).build();
        VerificationService nodeB = VerificationService.builder().configuration(b.configuration())
                .store(b.verifications()).channel(email).build();
        nodeA.start("c-new", Channel.EMAIL);
        String code = email.sent().get(0).message().data().get(OutboundMessage.DataKeys.CODE);

        assertThat(nodeB.confirm("c-new", Channel.EMAIL, code)).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(a.configuration().read(repos -> repos.contacts().find("c-new")).orElseThrow().emailVerified())
                .isTrue();
    }
}
