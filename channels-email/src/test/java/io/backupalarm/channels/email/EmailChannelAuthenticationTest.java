package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backupalarm.spi.DeliveryResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The email channel authenticates against GreenMail")
final class EmailChannelAuthenticationTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alarms@backup.example", "alarms", "s3cret"));

    @Test
    @DisplayName("the right user name and password deliver")
    void authenticationSucceeds() {
        try (EmailChannel channel = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort())
                .username("alarms").password("s3cret").build())) {

            DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

            assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
            assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
        }
    }

    @Test
    @DisplayName("a wrong password is a permanent failure with the server's reply and nothing arrives")
    void authenticationRefused() {
        try (EmailChannel channel = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort())
                .username("alarms").password("not-the-password").build())) {

            DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

            assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                    assertThat(failure.reason()).contains("535").doesNotContain("not-the-password"));
            assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        }
    }
}
