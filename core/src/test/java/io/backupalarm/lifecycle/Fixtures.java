package io.backupalarm.lifecycle;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import java.util.List;
import java.util.Set;

/** A small configuration shared by the engine tests: one account, two contacts, a group, a vault, two instances. */
final class Fixtures {

    static final String OWNER_EMAIL = "owner@example.com";
    static final String OWNER_MOBILE = "+8613800138000";
    static final String ALICE_EMAIL = "alice@example.com";
    static final String ALICE_MOBILE = "+8613900139000";
    static final String BOB_EMAIL = "bob@example.com";

    private Fixtures() {
    }

    /** Vault v-prod is CUSTOMIZED to c-alice and g-ops (alice, bob); i-web1 follows it; i-db1 is DEFAULT. */
    static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of(OWNER_EMAIL), MobileNumber.of(OWNER_MOBILE)))
                .contact(Contact.verified("c-alice", "acct-1", "Alice", EmailAddress.of(ALICE_EMAIL),
                        MobileNumber.of(ALICE_MOBILE)))
                .contact(Contact.verified("c-bob", "acct-1", "Bob", EmailAddress.of(BOB_EMAIL), null))
                .group(new ContactGroup("g-ops", "acct-1", "Ops", Set.of("c-alice", "c-bob")))
                .vault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of("g-ops"))))
                .instance(new Instance("i-web1", "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT))
                .instance(new Instance("i-db1", "v-prod", InstanceAlarmPolicy.DEFAULT))
                .build();
    }
}
