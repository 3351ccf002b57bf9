package io.backupalarm.spring.web;

import java.security.Principal;
import java.util.Set;

/**
 * Which accounts an authenticated user may see and change through the administration API: the
 * host's tenancy rule, supplied as one bean.
 *
 * <p>The API calls it on every request, with the request's {@link Principal} (never {@code null}:
 * a request without one is answered 401 before). An account the principal may not read is, for
 * that principal, indistinguishable from one that does not exist (every path under it answers
 * 404). An account it may read but not change answers 403 to writes. Changing implies reading:
 * an account returned by {@link #changeableAccounts} but not by {@link #readableAccounts} is
 * neither read nor changed.
 *
 * <p>Without such a bean the API denies every account and logs one warning at startup.
 *
 * <pre>{@code
 * @Bean
 * AccountAccess accountAccess(UserDirectory users) {
 *     return new AccountAccess() {
 *         public Set<String> readableAccounts(Principal p) { return users.tenantsOf(p.getName()); }
 *         public Set<String> changeableAccounts(Principal p) { return users.adminTenantsOf(p.getName()); }
 *     };
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe: requests call them concurrently.
 * They should be quick (they run on every request) and must not return {@code null}.
 */
public interface AccountAccess {

    /**
     * The accounts the principal may read.
     *
     * @param principal the authenticated user
     * @return the account ids; may name accounts that do not exist
     */
    Set<String> readableAccounts(Principal principal);

    /**
     * The accounts the principal may change (contacts, groups, policies, acknowledgements,
     * silences, tests, re-drives). Only those it may also read count.
     *
     * @param principal the authenticated user
     * @return the account ids; may name accounts that do not exist
     */
    Set<String> changeableAccounts(Principal principal);

    /**
     * Whether the principal may read an account.
     *
     * @param principal the authenticated user
     * @param account the account id
     * @return {@code true} if it may
     */
    default boolean mayRead(Principal principal, String account) {
        return readableAccounts(principal).contains(account);
    }

    /**
     * Whether the principal may change an account: it may read and change it.
     *
     * @param principal the authenticated user
     * @param account the account id
     * @return {@code true} if it may
     */
    default boolean mayChange(Principal principal, String account) {
        return mayRead(principal, account) && changeableAccounts(principal).contains(account);
    }

    /**
     * The access used when the host supplies none: no account, for anybody.
     *
     * @return an access that denies everything
     */
    static AccountAccess denyAll() {
        return DenyAll.INSTANCE;
    }
}

/** The default when the host gave no {@link AccountAccess}. */
enum DenyAll implements AccountAccess {
    INSTANCE;

    @Override
    public Set<String> readableAccounts(Principal principal) {
        return Set.of();
    }

    @Override
    public Set<String> changeableAccounts(Principal principal) {
        return Set.of();
    }
}
