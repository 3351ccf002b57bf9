package io.backupalarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Keeping secrets out of messages")
final class RedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h:5432/db?user=u&password=p4ss&ssl=true|jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true",
        "jdbc:postgresql://h/db?password=p4ss|jdbc:postgresql://h/db?password=***",
        "jdbc:postgresql://h/db?PASSWORD=p4ss&x=1|jdbc:postgresql://h/db?PASSWORD=***&x=1",
        "jdbc:h2:tcp://h/~/db;USER=sa;PASSWORD=p4ss;MODE=x|jdbc:h2:tcp://h/~/db;USER=sa;PASSWORD=***;MODE=x",
        "jdbc:postgresql://u:p4ss@h/db|jdbc:postgresql://u:***@h/db",
        "jdbc:postgresql://h/db?user=u|jdbc:postgresql://h/db?user=u",
    })
    @DisplayName("a URL's password parameters and user information become ***")
    void url(String url, String masked) {
        assertThat(Redactor.url(url)).isEqualTo(masked);
        assertThat(Redactor.of(url, null).redact("driver said: " + url + ": refused")).isEqualTo(
                "driver said: " + masked + ": refused");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "s3cret|login as u with s3cret failed|login as u with *** failed",
        "s3cret|no secret here|no secret here",
    })
    @DisplayName("the password from the environment or the file is masked wherever a message quotes it")
    void password(String password, String message, String masked) {
        assertThat(Redactor.of("jdbc:postgresql://h/db", password).redact(message)).isEqualTo(masked);
    }
}
