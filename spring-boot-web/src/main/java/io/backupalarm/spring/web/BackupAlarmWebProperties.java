package io.backupalarm.spring.web;

import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code backup-alarm.web.*} properties: whether the administration API and the console are
 * mounted, and where.
 *
 * <p>Mutable while Spring binds it, then only read: safe to share once the context has started.
 */
@ConfigurationProperties(prefix = "backup-alarm.web", ignoreUnknownFields = false)
public class BackupAlarmWebProperties {

    /** The default base path. */
    public static final String DEFAULT_BASE_PATH = "/backup-alarm";

    /** Whether the API and the console are mounted. Off unless set. */
    private boolean enabled;

    /** Where the API ({base}/api) and the console ({base}/console/) live. */
    private String basePath = DEFAULT_BASE_PATH;

    /**
     * Whether the API and the console are mounted.
     *
     * @return {@code true} if mounted
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the API and the console are mounted.
     *
     * @param enabled {@code true} to mount them
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The base path: starts with {@code /}, does not end with one.
     *
     * @return the base path
     */
    public String getBasePath() {
        return basePath;
    }

    /**
     * Sets the base path.
     *
     * @param basePath a path that starts with {@code /} and does not end with one, of letters,
     *        digits, {@code - _ . /}
     * @throws IllegalArgumentException if it is not such a path
     */
    public void setBasePath(String basePath) {
        this.basePath = checkBasePath(basePath);
    }

    /**
     * Checks a base path.
     *
     * @param path the path
     * @return the path
     * @throws IllegalArgumentException if it does not start with {@code /}, ends with one, or holds
     *         other characters than letters, digits, {@code - _ . /}
     */
    static String checkBasePath(String path) {
        Objects.requireNonNull(path, "backup-alarm.web.base-path");
        if (!path.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new IllegalArgumentException("backup-alarm.web.base-path '" + io.backupalarm.text.SafeText.printable(path)
                    + "' must start with '/', not end with '/', and hold only letters, digits, '-', '_', '.', '/'"
                    + " (for example /backup-alarm)");
        }
        return path;
    }
}
