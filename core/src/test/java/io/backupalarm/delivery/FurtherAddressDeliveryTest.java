package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Alarms to further addresses: over the channel of their name, with their secret id, or dead-lettered. */
final class FurtherAddressDeliveryTest {

    private static final String ROOM = "https://oapi.dingtalk.com/robot/send?access_token=ops";
    private static final String OTHER_ROOM = "https://oapi.dingtalk.com/robot/send?access_token=night";
    private static final String FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/ops";
    private static final String ALICE = "alice@example.com";

    /** Alice (email and a verified room with a secret, an unverified one), Bob in a group sharing the room. */
    private static Configuration configuration(InstanceAlarmPolicy policy) {
        return Configuration.builder()
                .account(new Account("acct", EmailAddress.of("owner@example.com"), null))
                .contact(new Contact("alice", "acct", "Alice", EmailAddress.of(ALICE), null, true, false, List.of(
                        ContactAddress.verified(Channel.DINGTALK, ROOM, "ding-ops"),
                        ContactAddress.unverified(Channel.DINGTALK, OTHER_ROOM, "ding-night"),
                        ContactAddress.verified(Channel.FEISHU, FEISHU, null))))
                .contact(new Contact("bob", "acct", "Bob", null, null, false, false, List.of(
                        ContactAddress.verified(Channel.DINGTALK, ROOM, "ding-bob"))))
                .group(new ContactGroup("g-ops", "acct", "Ops", Set.of("bob")))
                .vault(new Vault("v-1", "acct", VaultAlarmPolicy.DEFAULT))
                .instance(new Instance("i-1", "v-1", policy))
                .build();
    }

    @Test
    @DisplayName("a CUSTOMIZED policy naming a contact with a verified dingtalk address fires to it once, with its secret id in the data")
    void firesToTheRoomWithItsSecret() {
        TestChannel dingtalk = new TestChannel(Channel.DINGTALK, Clock.fixed(ManualEngine.T0, ZoneOffset.UTC));
        TestChannel feishu = new TestChannel(Channel.FEISHU, Clock.fixed(ManualEngine.T0, ZoneOffset.UTC));
        InstanceAlarmPolicy policy = InstanceAlarmPolicy.customized(Set.of("alice"), Set.of("g-ops"));
        try (ManualEngine kit = ManualEngine.start(configuration(policy), b -> b.channel(dingtalk).channel(feishu))) {
            kit.disconnect("i-1").advance(Duration.ofHours(1));

            assertThat(dingtalk.deliveries()).as("the room once, though alice and bob both lead to it")
                    .singleElement().satisfies(call -> {
                        OutboundMessage message = call.message();
                        assertThat(message.channel()).isEqualTo(Channel.DINGTALK);
                        assertThat(message.address()).isEqualTo(ROOM);
                        assertThat(message.kind()).isEqualTo(OutboundMessage.Kind.FIRING);
                        // alice is named directly: her path comes first, and with it her secret id.
                        assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.SECRET, "ding-ops");
                    });
            assertThat(feishu.deliveries()).singleElement().satisfies(call -> {
                assertThat(call.message().address()).isEqualTo(FEISHU);
                assertThat(call.message().data()).doesNotContainKey(OutboundMessage.DataKeys.SECRET);
            });
            assertThat(kit.told()).containsExactly("email:" + ALICE);
            assertThat(kit.engine().deadLetters()).isEmpty();
        }
    }

    @Test
    @DisplayName("an address on a channel that is not installed is dead-lettered with a reason naming the channel; the email still goes out")
    void channelNotInstalled() {
        TestChannel dingtalk = new TestChannel(Channel.DINGTALK, Clock.fixed(ManualEngine.T0, ZoneOffset.UTC));
        InstanceAlarmPolicy policy = InstanceAlarmPolicy.customized(Set.of("alice"), Set.of());
        try (ManualEngine kit = ManualEngine.start(configuration(policy), b -> b.channel(dingtalk))) {
            kit.disconnect("i-1").advance(Duration.ofHours(1));

            assertThat(kit.told()).containsExactly("email:" + ALICE);
            assertThat(dingtalk.deliveries()).extracting(call -> call.message().address()).containsExactly(ROOM);
            assertThat(kit.engine().deadLetters()).singleElement().satisfies(n -> {
                assertThat(n.message().channel()).isEqualTo(Channel.FEISHU);
                assertThat(n.message().address()).isEqualTo(FEISHU);
                assertThat(n.lastError()).contains("no channel 'feishu' is installed");
            });
        }
    }
}
