package io.backupalarm.config;

import io.backupalarm.internal.Checks;

/**
 * The rule every id follows: 1 to 128 letters, digits, {@code -}, {@code _}, {@code .} and
 * {@code :}. For readers of configuration that check ids before building the records.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ids {

    private Ids() {
    }

    /**
     * Whether a string is a valid id.
     *
     * @param value a string, not {@code null}
     * @return {@code true} for 1 to 128 letters, digits, {@code - _ . :}
     */
    public static boolean isValid(String value) {
        return Checks.isId(value);
    }
}
