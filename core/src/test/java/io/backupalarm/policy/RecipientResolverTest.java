package io.backupalarm.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RecipientResolver, by example")
final class RecipientResolverTest {

    private static final Configuration CONFIGURATION = Configuration.builder()
            .account(new Account("acct", EmailAddress.of("owner@example.com"), MobileNumber.of("+8613800138000")))
            .contact(Contact.verified("alice", "acct", "Alice", EmailAddress.of("ops@example.com"), MobileNumber.of("+8613900139000")))
            .contact(Contact.verified("bob", "acct", "Bob", EmailAddress.of("ops@example.com"), null))
            .contact(new Contact("carol", "acct", "Carol", EmailAddress.of("carol@example.com"),
                    MobileNumber.of("+447911123456"), false, true))
            .group(new ContactGroup("oncall", "acct", "On call", Set.of("alice", "carol")))
            .vault(new Vault("prod", "acct", VaultAlarmPolicy.customized(Set.of("alice", "bob"), Set.of("oncall"))))
            .instance(new Instance("web", "prod", null))
            .instance(new Instance("db", "prod", InstanceAlarmPolicy.DEFAULT))
            .instance(new Instance("tmp", "prod", InstanceAlarmPolicy.DISABLED))
            .build();

    @Test
    @DisplayName("a shared address is told once, with every path that led to it; unverified addresses are left out")
    void explainsSharedAddresses() {
        Resolution resolution = RecipientResolver.explain(CONFIGURATION, "web");
        assertThat(resolution.decidedBy()).isEqualTo(PolicyLevel.VAULT);
        assertThat(resolution.mode()).isEqualTo(PolicyMode.CUSTOMIZED);
        assertThat(resolution.recipients()).containsExactly(
                new ResolvedRecipient(new Recipient("email", "ops@example.com"),
                        List.of(Via.contact("alice"), Via.contact("bob"), Via.group("alice", "oncall"))),
                new ResolvedRecipient(new Recipient("sms", "+447911123456"), List.of(Via.group("carol", "oncall"))),
                new ResolvedRecipient(new Recipient("sms", "+8613900139000"),
                        List.of(Via.contact("alice"), Via.group("alice", "oncall"))));
    }

    @Test
    @DisplayName("an instance's own DEFAULT or DISABLED overrides its vault's CUSTOMIZED")
    void instanceOverridesVault() {
        assertThat(RecipientResolver.recipients(CONFIGURATION, "db")).containsExactlyInAnyOrder(
                new Recipient("email", "owner@example.com"), new Recipient("sms", "+8613800138000"));
        assertThat(RecipientResolver.explain(CONFIGURATION, "db").decidedBy()).isEqualTo(PolicyLevel.INSTANCE);
        assertThat(RecipientResolver.recipients(CONFIGURATION, "tmp")).isEmpty();
    }

    @Test
    @DisplayName("an unknown instance is a NotFoundException naming it")
    void unknownInstance() {
        assertThatThrownBy(() -> RecipientResolver.recipients(CONFIGURATION, "nope"))
                .isInstanceOf(NotFoundException.class).hasMessage("instance nope does not exist");
        assertThatThrownBy(() -> RecipientResolver.explain(CONFIGURATION, "nope"))
                .isInstanceOf(NotFoundException.class);
    }
}
