package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.spi.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database that ran V1 to V4 and holds contacts and a waiting code of then, upgraded to V5:
 * contacts read back as they were, with no further addresses; a contact may then hold further
 * addresses only; the code that was waiting is gone (its contact asks for a new one).
 */
final class UpgradeToV5Test {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"PostgreSQL", "H2"})
    @DisplayName("contacts stored before V5 read back unchanged, without further addresses; waiting codes are discarded")
    void contactsStoredBeforeV5ReadBack(String databaseName) throws SQLException {
        DataSource database = databaseName.equals("H2") ? TestDatabases.h2() : TestDatabases.postgres();
        Flyway.configure().dataSource(database).locations(JdbcStore.MIGRATIONS).table(JdbcStore.HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").target("4").load().migrate();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ba_account (id, email) VALUES ('a-1', 'owner@example.com')");
            statement.executeUpdate("INSERT INTO ba_contact (id, account_id, name, email, mobile, email_verified, "
                    + "mobile_verified) VALUES ('c-1', 'a-1', 'One', 'one@example.com', '+8613800138000', TRUE, FALSE)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ba_verification (contact_id, "
                    + "channel, address, salt, code_hash, sent_at, expires_at, wrong_tries) VALUES ('c-1', 'sms', "
                    + "'+8613800138000', ?, ?, " + at(T0) + ", " + at(T0.plusSeconds(600)) + ", 0)")) {
                insert.setBytes(1, new byte[] {1});
                insert.setBytes(2, new byte[] {2});
                insert.executeUpdate();
            }
        }

        JdbcStore store = JdbcStore.builder(database).build().migrate();

        Contact before = new Contact("c-1", "a-1", "One", EmailAddress.of("one@example.com"),
                MobileNumber.of("+8613800138000"), true, false);
        assertThat(store.configuration().<Optional<Contact>>read(repos -> repos.contacts().find("c-1"))).contains(before);
        assertThat(store.verifications().findAll("c-1", Channel.SMS)).isEmpty();

        ConfigurationAdmin admin = ConfigurationAdmin.on(store.configuration());
        Contact room = admin.createContact(new Contact("c-room", "a-1", "Room", null, null, false, false, List.of(
                ContactAddress.unverified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", "s-a"))));
        assertThat(store.configuration().<Optional<Contact>>read(repos -> repos.contacts().find("c-room"))).contains(room);
    }

    /** An instant as a SQL literal both databases read as a timestamp with time zone. */
    private static String at(Instant instant) {
        return "TIMESTAMP WITH TIME ZONE '" + instant.toString().replace('T', ' ').replace("Z", "+00:00") + "'";
    }
}
