package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.config.Account;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A host with its accounts split across two databases")
final class PartitionedHostTest {

    /** Partition 0 of 2 (pinned in AccountPartitionsTest's hash). */
    private static final String IN_ZERO = "Acct-1";
    /** Partition 1 of 2. */
    private static final String IN_ONE = "acct-1";

    @Test
    @DisplayName("keeps each account's configuration and alarms in its own partition's database")
    void routesConfigurationAndEvents() {
        Map<String, String> accountOfInstance = new ConcurrentHashMap<>();
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());
        RecordingChannel sms = new RecordingChannel(Channel.SMS, Clock.systemUTC());
        try (PartitionedHost host = new PartitionedHost(List.of(TestDatabases.h2(), TestDatabases.h2()), email, sms,
                accountOfInstance::get)) {
            for (String account : List.of(IN_ZERO, IN_ONE)) {
                host.admin(account).createAccount(new Account(account, EmailAddress.of("owner@example.com"), null,
                        null, null));
                host.admin(account).importContact(Contact.verified(account + "-c", account, "Ops",
                        EmailAddress.of("ops@example.com"), null));
                host.admin(account).createVault(new Vault(account + "-v", account,
                        VaultAlarmPolicy.customized(Set.of(account + "-c"), Set.of())));
                host.admin(account).createInstance(new Instance(account + "-b", account + "-v",
                        InstanceAlarmPolicy.SAME_AS_VAULT));
                accountOfInstance.put(account + "-b", account);
            }

            host.report(new AlarmEvent.ClientDisconnected(IN_ZERO + "-b", Instant.now()));
            host.report(new AlarmEvent.ClientDisconnected(IN_ONE + "-b", Instant.now()));

            PartitionedHost.Partition zero = host.all().get(0);
            PartitionedHost.Partition one = host.all().get(1);
            assertThat(host.partition(IN_ZERO)).isSameAs(zero);
            assertThat(host.partition(IN_ONE)).isSameAs(one);
            assertThat(zero.admin().snapshot().accounts()).extracting(Account::id).containsExactly(IN_ZERO);
            assertThat(one.admin().snapshot().accounts()).extracting(Account::id).containsExactly(IN_ONE);
            assertThat(zero.engine().openAlarms()).extracting(OpenAlarm::key)
                    .extracting(key -> key.instance()).containsExactly(IN_ZERO + "-b");
            assertThat(one.engine().openAlarms()).extracting(OpenAlarm::key)
                    .extracting(key -> key.instance()).containsExactly(IN_ONE + "-b");
        }
    }

    @Test
    @DisplayName("refuses an event of an instance the host does not know, and stores nothing")
    void unknownInstance() {
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());
        RecordingChannel sms = new RecordingChannel(Channel.SMS, Clock.systemUTC());
        try (PartitionedHost host = new PartitionedHost(List.of(TestDatabases.h2(), TestDatabases.h2()), email, sms,
                Map.<String, String>of()::get)) {
            assertThatThrownBy(() -> host.report(new AlarmEvent.ClientDisconnected("stray", Instant.now())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("instance 'stray' has no account: accountOfInstance gave null");
            assertThat(host.all()).allSatisfy(partition -> assertThat(partition.engine().openAlarms()).isEmpty());
        }
    }
}
