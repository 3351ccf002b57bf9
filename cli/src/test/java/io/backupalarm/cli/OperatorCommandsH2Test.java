package io.backupalarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operator commands on H2: an in-memory database whose user has a password, so that the
 * credentials the tool reads are the ones that let it in.
 */
@DisplayName("The operator commands on H2")
final class OperatorCommandsH2Test extends OperatorCommandsContract {

    private static final String USER = "ops";

    @Override
    Database newDatabase() {
        String databaseUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(databaseUrl);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return new Database(dataSource, databaseUrl);
    }

    @Override
    String user() {
        return USER;
    }

    @Test
    @DisplayName("a wrong password exits 1, saying the database refused, and prints neither password")
    void wrongPassword() {
        variables.put(StoreOptions.PASSWORD_VARIABLE, PASSWORD + "-wrong");

        Result result = run("alarms");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("alarms: cannot connect to " + url + ": ").hasLineCount(1)
                .doesNotContain(PASSWORD).contains("Wrong user name or password");
    }

    @Test
    @DisplayName("without credentials the database refuses the tool: exit 1")
    void noCredentials() {
        variables.clear();

        Result result = run("alarms");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("alarms: cannot connect to ");
    }
}
