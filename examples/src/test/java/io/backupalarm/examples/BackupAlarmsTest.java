package io.backupalarm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.spi.ConfigurationStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's host class: configured once, events reported, closed at shut-down. */
class BackupAlarmsTest {

    @Test
    @DisplayName("the README's host class configures an instance, reports a disconnection and a return, and closes")
    void readmeHostClassRuns() {
        String smtpPassword = "not-used-here";   // a product reads it from its secrets: no mail goes out in this test
        try (BackupAlarms alarms = new BackupAlarms(ConfigurationStore.inMemory(), smtpPassword)) {
            alarms.admin().createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null));
            alarms.admin().createVault(new Vault("v-prod", "acct-1"));          // DEFAULT policy: the owner
            alarms.admin().createInstance(new Instance("i-web1", "v-prod"));   // SAME_AS_VAULT
            alarms.clientDisconnected("i-web1");
            alarms.clientConnected("i-web1");               // back within the hour: nobody is told
            assertThatThrownBy(() -> alarms.clientDisconnected("i-nope")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("i-nope");
            assertThat(alarms.admin().snapshot().instances()).extracting(Instance::id).containsExactly("i-web1");
        }
    }
}
