package io.backupalarm.examples.console;

import io.backupalarm.spring.web.AccountAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's users: each signs in with a name and a password, and may see and change one account.
 * This is the host's side of tenancy, which backup-alarm leaves to the product: as
 * {@link AccountAccess} it tells the administration API which accounts a signed-in user may read
 * and change. Passwords are drawn afresh at every start (and printed with the console's URL), so
 * that no password is kept in the example's files.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class DemoUsers implements AccountAccess {

    /**
     * One demo user.
     *
     * @param name the sign-in name
     * @param password the password
     * @param account the account the user administers
     */
    public record User(String name, String password, String account) {

        /** Checks the fields. */
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(account, "account");
        }

        @Override
        public String toString() {
            return "User[" + name + ", account " + account + "]"; // never the password
        }
    }

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final Map<String, User> users = new LinkedHashMap<>();

    /**
     * Users with fresh random passwords.
     *
     * @param accountsByUser each user's name and the account it administers, in the order to list them
     * @param random the source of the passwords
     */
    public DemoUsers(Map<String, String> accountsByUser, SecureRandom random) {
        accountsByUser.forEach((name, account) -> users.put(name, new User(name, password(random), account)));
    }

    private static String password(SecureRandom random) {
        StringBuilder out = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** @return every user, in the order given */
    public List<User> all() {
        return List.copyOf(users.values());
    }

    /**
     * The user with this name, if the password is right. The password is compared in constant
     * time, and an unknown name costs the same comparison.
     *
     * @param name the name typed
     * @param password the password typed
     * @return the user, or empty
     */
    public Optional<User> signIn(String name, String password) {
        User user = users.get(name == null ? "" : name);
        byte[] typed = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        byte[] expected = (user == null ? "\u0000unknown" : user.password()).getBytes(StandardCharsets.UTF_8);
        boolean matches = MessageDigest.isEqual(typed, expected);
        return matches && user != null ? Optional.of(user) : Optional.empty();
    }

    @Override
    public Set<String> readableAccounts(Principal principal) {
        User user = users.get(principal.getName());
        return user == null ? Set.of() : Set.of(user.account());
    }

    @Override
    public Set<String> changeableAccounts(Principal principal) {
        return readableAccounts(principal);
    }
}
