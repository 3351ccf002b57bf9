package io.backupalarm.spring.web;

import java.security.Principal;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link AccountAccess} bean that docs/spring-boot.md shows, compiled and tested so that the page stays right. */
@Configuration(proxyBeanMethods = false)
class AccountAccessDocsExample {

    /** A host's own directory of which accounts each user belongs to and administers. */
    interface TenantDirectory {
        Set<String> accountsOf(String user);

        Set<String> adminAccountsOf(String user);
    }

    @Bean
    AccountAccess accountAccess(TenantDirectory tenants) {
        return new AccountAccess() {
            @Override
            public Set<String> readableAccounts(Principal user) {
                return tenants.accountsOf(user.getName());
            }

            @Override
            public Set<String> changeableAccounts(Principal user) {
                return tenants.adminAccountsOf(user.getName());
            }
        };
    }
}
