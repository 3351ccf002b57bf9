package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The AccountAccess bean of the Spring Boot guide")
final class AccountAccessDocsExampleTest {

    private final Map<String, Set<String>> members = Map.of("alice", Set.of("acme", "globex"), "bob", Set.of("acme"));
    private final Map<String, Set<String>> admins = Map.of("alice", Set.of("acme"), "bob", Set.of("globex"));

    private final AccountAccess access = new AccountAccessDocsExample().accountAccess(
            new AccountAccessDocsExample.TenantDirectory() {
                @Override
                public Set<String> accountsOf(String user) {
                    return members.getOrDefault(user, Set.of());
                }

                @Override
                public Set<String> adminAccountsOf(String user) {
                    return admins.getOrDefault(user, Set.of());
                }
            });

    @Test
    @DisplayName("reads the accounts a user belongs to and changes those it administers and may read")
    void readsAndChangesAsTheDirectorySays() {
        Principal alice = () -> "alice";
        Principal bob = () -> "bob";
        Principal eve = () -> "eve";
        assertThat(access.mayRead(alice, "globex")).isTrue();
        assertThat(access.mayChange(alice, "globex")).isFalse();
        assertThat(access.mayChange(alice, "acme")).isTrue();
        assertThat(access.mayChange(bob, "globex")).as("administers it but may not read it").isFalse();
        assertThat(access.mayRead(eve, "acme")).isFalse();
    }
}
