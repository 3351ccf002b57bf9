package io.backupalarm.examples;

import io.backupalarm.channels.email.EmailChannel;
import io.backupalarm.channels.email.EmailSettings;
import io.backupalarm.channels.email.SmtpSecurity;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.spi.ConfigurationStore;
import java.time.Instant;

/**
 * The code of the README's "Use it" section, kept here so that it compiles with every build
 * ({@code DocSnippetsTest} checks that the README still shows it word for word). It needs a
 * real SMTP server at {@code smtp.example.com}; for something that runs anywhere, see
 * {@link QuickStart}.
 */
public final class ReadmeExample {

    private ReadmeExample() {
    }

    /**
     * Configures one instance and reports a disconnection.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ConfigurationStore store = ConfigurationStore.inMemory();          // or your own database
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null));
        admin.createVault(new Vault("v-prod", "acct-1"));                   // DEFAULT policy
        admin.createInstance(new Instance("i-web1", "v-prod"));            // SAME_AS_VAULT

        try (AlarmEngine engine = AlarmEngine.builder()
                .configuration(store)
                .channel(EmailChannel.create(EmailSettings.custom()
                        .host("smtp.example.com").port(587).security(SmtpSecurity.STARTTLS)
                        .username("alarms").password(System.getenv("SMTP_PASSWORD"))
                        .from("alarms@example.com").build()))
                .build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", Instant.now()));
            // an hour later, if i-web1 has not reported ClientConnected, owner@example.com is told
        }
    }
}
