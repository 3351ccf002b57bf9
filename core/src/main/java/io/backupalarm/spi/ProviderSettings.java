package io.backupalarm.spi;

import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings handed to a {@link ChannelProvider}, read by the same rules for every provider, so
 * that a host writes every channel's settings the same way.
 *
 * <ul>
 *   <li><b>Keys are kebab-case</b>: words of lower-case letters and digits joined by single
 *       hyphens ({@code smtp-host}, {@code max-segments}). Each provider declares its keys.</li>
 *   <li>A key that is another spelling of a known key (camelCase {@code smtpHost}, dotted
 *       {@code smtp.host}, snake_case {@code smtp_host} or {@code SMTP_HOST}, or with the channel's
 *       name in front, {@code sms.gateway}) is rejected with the right spelling:
 *       {@code 'smtpHost' is no longer accepted: use 'smtp-host'}.</li>
 *   <li>Any other unknown key is rejected, naming the closest known key.</li>
 *   <li>Values are stripped of surrounding white space; a {@code null} or blank value counts as
 *       absent.</li>
 *   <li><b>Durations are ISO-8601</b> ({@code PT30S}, {@code PT5M}, {@code PT1H},
 *       {@code PT0.5S}) and more than zero. The short form {@code 30s} is rejected with its
 *       ISO-8601 spelling: {@code '30s' is not an ISO-8601 duration: write 'PT30S'}.</li>
 *   <li>Whole numbers are decimal, within the range the provider gives; booleans are
 *       {@code true} or {@code false}; choices (and enum constants) are kebab-case
 *       ({@code do-not-retry} for {@code DO_NOT_RETRY}).</li>
 *   <li>The value of a secret-like key, one whose words include {@code password},
 *       {@code secret}, {@code token} or {@code key}, never appears in a message or in
 *       {@link #toString()}.</li>
 *   <li>Every message names the channel and the key:
 *       {@code email channel setting 'smtp-port': must be a whole number from 1 to 65535, not 'twenty-five'}.</li>
 * </ul>
 *
 * <pre>{@code
 * public Channel create(Map<String, String> settings) {
 *     ProviderSettings s = ProviderSettings.of("chat", settings, Set.of("url", "token", "timeout"));
 *     return ChatChannel.create(s.string("url"), s.string("token"),
 *             s.optionalDuration("timeout").orElse(Duration.ofSeconds(5)));
 * }
 * }</pre>
 *
 * <p>Every problem is an {@link IllegalArgumentException}. Unknown and misspelt keys are all
 * reported at once by {@link #of(String, Map, Set)}; a bad value when it is read.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderSettings {

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "key");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,10}");

    private final String channel;
    private final Set<String> known;
    private final Map<String, String> values;

    private ProviderSettings(String channel, Set<String> known, Map<String, String> values) {
        this.channel = channel;
        this.known = known;
        this.values = values;
    }

    /**
     * Checks the keys of a provider's settings and wraps them.
     *
     * @param channel the channel's name, as in {@link ChannelProvider#channelName()}; used in messages
     * @param settings the settings by key, as the host gave them; {@code null} values count as absent
     * @param knownKeys every key the provider reads, each in kebab-case
     * @return the settings, ready to be read
     * @throws IllegalArgumentException if a key is unknown or in an old spelling (every such key
     *         is listed, with the right spelling or the closest known key)
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalStateException if {@code knownKeys} holds a key that is not kebab-case (a
     *         mistake of the provider, not of the host)
     */
    public static ProviderSettings of(String channel, Map<String, String> settings, Set<String> knownKeys) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(knownKeys, "knownKeys");
        for (String key : knownKeys) {
            if (key == null || !KEBAB.matcher(key).matches()) {
                throw new IllegalStateException("the " + channel + " channel provider declares key '"
                        + SafeText.printable(key) + "', which is not kebab-case");
            }
        }
        Set<String> known = Collections.unmodifiableSet(new TreeSet<>(knownKeys));
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new TreeMap<>();
        // Sorted, so that the message lists problems in the same order every time.
        Map<String, String> given = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key == null) {
                problems.add(channel + " channel: a setting has no key");
            } else {
                given.put(key, value);
            }
        });
        given.forEach((key, value) -> {
            if (known.contains(key)) {
                if (value != null && !value.isBlank()) {
                    values.put(key, value.strip());
                }
                return;
            }
            String right = rightSpelling(channel, key, known);
            if (right != null) {
                problems.add(channel + " channel setting '" + SafeText.printable(key)
                        + "' is no longer accepted: use '" + right + "'");
            } else if (known.isEmpty()) {
                problems.add(channel + " channel setting '" + SafeText.printable(key)
                        + "' is unknown: this channel takes no settings");
            } else {
                problems.add(channel + " channel setting '" + SafeText.printable(key)
                        + "' is unknown: did you mean '" + closest(channel, key, known) + "'?");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ProviderSettings(channel, known, Collections.unmodifiableMap(values));
    }

    /**
     * Whether a key is secret-like: one of its words is {@code password}, {@code secret},
     * {@code token} or {@code key}. The value of such a key never appears in a message.
     *
     * @param key a kebab-case key
     * @return {@code true} for a secret-like key
     */
    public static boolean isSecret(String key) {
        for (String word : key.split("-")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The channel these settings are for.
     *
     * @return the channel's name
     */
    public String channel() {
        return channel;
    }

    /**
     * The keys that have a value.
     *
     * @return the keys given with a non-blank value, sorted
     */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * Whether a key has a value.
     *
     * @param key a known key
     * @return {@code true} if it was given with a non-blank value
     */
    public boolean has(String key) {
        return values.containsKey(requireKnown(key));
    }

    /**
     * A required text value.
     *
     * @param key a known key
     * @return the value, stripped
     * @throws IllegalArgumentException if the key is absent or blank
     */
    public String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key));
    }

    /**
     * An optional text value.
     *
     * @param key a known key
     * @return the value, stripped, or empty if absent or blank
     */
    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(values.get(requireKnown(key)));
    }

    /**
     * A required whole number in a range.
     *
     * @param key a known key
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number
     * @throws IllegalArgumentException if absent, not a decimal whole number or out of range
     */
    public int integer(String key, int min, int max) {
        return optionalInteger(key, min, max).orElseThrow(() -> missing(key));
    }

    /**
     * An optional whole number in a range.
     *
     * @param key a known key
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number, or empty if absent
     * @throws IllegalArgumentException if present but not a decimal whole number or out of range
     */
    public Optional<Integer> optionalInteger(String key, int min, int max) {
        return optionalString(key).map(value -> {
            long number = WHOLE_NUMBER.matcher(value).matches() ? Long.parseLong(value) : Long.MIN_VALUE;
            if (number < min || number > max) {
                throw invalid(key, "must be a whole number from " + min + " to " + max + ", not " + shown(key, value));
            }
            return (int) number;
        });
    }

    /**
     * A required duration, written in ISO-8601.
     *
     * @param key a known key
     * @return the duration, more than zero
     * @throws IllegalArgumentException if absent, not ISO-8601 (the message gives the ISO-8601
     *         spelling of a short form such as {@code 30s}), zero or negative
     */
    public Duration duration(String key) {
        return optionalDuration(key).orElseThrow(() -> missing(key));
    }

    /**
     * An optional duration, written in ISO-8601 ({@code PT30S}).
     *
     * @param key a known key
     * @return the duration, more than zero, or empty if absent
     * @throws IllegalArgumentException as {@link #duration(String)}, if present
     */
    public Optional<Duration> optionalDuration(String key) {
        return optionalString(key).map(value -> {
            Duration duration;
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                Matcher shortForm = SHORT_DURATION.matcher(value);
                if (shortForm.matches() && !isSecret(key)) {
                    throw invalid(key, "'" + value + "' is not an ISO-8601 duration: write '"
                            + iso(Long.parseLong(shortForm.group(1)), shortForm.group(2)) + "'");
                }
                if (value.chars().allMatch(Character::isDigit) && value.length() <= 9 && !isSecret(key)) {
                    throw invalid(key, "'" + value + "' is not an ISO-8601 duration: write 'PT" + value
                            + "S' for " + value + " seconds");
                }
                throw invalid(key, "must be an ISO-8601 duration such as PT30S, PT5M or PT1H, not " + shown(key, value));
            }
            if (duration.isNegative() || duration.isZero()) {
                throw invalid(key, "must be more than zero, not " + shown(key, value));
            }
            return duration;
        });
    }

    /**
     * A required boolean.
     *
     * @param key a known key
     * @return the value
     * @throws IllegalArgumentException if absent or neither {@code true} nor {@code false}
     */
    public boolean bool(String key) {
        return optionalBool(key).orElseThrow(() -> missing(key));
    }

    /**
     * An optional boolean: {@code true} or {@code false}.
     *
     * @param key a known key
     * @return the value, or empty if absent
     * @throws IllegalArgumentException if present but neither {@code true} nor {@code false}
     */
    public Optional<Boolean> optionalBool(String key) {
        return optionalChoice(key, Map.of("true", Boolean.TRUE, "false", Boolean.FALSE));
    }

    /**
     * A required enum constant, written in kebab-case ({@code do-not-retry} for
     * {@code DO_NOT_RETRY}).
     *
     * @param <E> the enum type
     * @param key a known key
     * @param type the enum class
     * @return the constant
     * @throws IllegalArgumentException if absent or not one of the constants
     */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        return optionalEnum(key, type).orElseThrow(() -> missing(key));
    }

    /**
     * An optional enum constant, written in kebab-case.
     *
     * @param <E> the enum type
     * @param key a known key
     * @param type the enum class
     * @return the constant, or empty if absent
     * @throws IllegalArgumentException if present but not one of the constants
     */
    public <E extends Enum<E>> Optional<E> optionalEnum(String key, Class<E> type) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            choices.put(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'), constant);
        }
        return optionalChoice(key, choices);
    }

    /**
     * A required choice among named values.
     *
     * @param <T> the type of the values
     * @param key a known key
     * @param choices the values by their kebab-case names
     * @return the value named
     * @throws IllegalArgumentException if absent or not one of the names
     */
    public <T> T choice(String key, Map<String, T> choices) {
        return optionalChoice(key, choices).orElseThrow(() -> missing(key));
    }

    /**
     * An optional choice among named values. A value that differs from a name only in case or
     * in {@code _} for {@code -} is refused with the right spelling.
     *
     * @param <T> the type of the values
     * @param key a known key
     * @param choices the values by their kebab-case names
     * @return the value named, or empty if absent
     * @throws IllegalArgumentException if present but not one of the names
     */
    public <T> Optional<T> optionalChoice(String key, Map<String, T> choices) {
        return optionalString(key).map(value -> {
            T chosen = choices.get(value);
            if (chosen != null) {
                return chosen;
            }
            String names = String.join(", ", new TreeSet<>(choices.keySet()));
            String loose = value.toLowerCase(Locale.ROOT).replace('_', '-');
            if (choices.containsKey(loose) && !isSecret(key)) {
                throw invalid(key, "'" + SafeText.printable(value) + "' is not accepted: use '" + loose + "'");
            }
            throw invalid(key, "must be one of " + names + ", not " + shown(key, value));
        });
    }

    /**
     * Hands a value to a setter (typically of a settings builder), so that the setter's
     * {@link IllegalArgumentException} names the channel and the key. For a secret-like key the
     * value is masked in the message, and the setter's exception is not kept as the cause.
     *
     * @param <T> the type of the value
     * @param key a known key
     * @param value the value read from these settings
     * @param setter the setter
     * @throws IllegalArgumentException if the setter rejects the value
     */
    public <T> void set(String key, T value, Consumer<? super T> setter) {
        requireKnown(key);
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage() == null ? "invalid value" : e.getMessage();
            if (isSecret(key)) {
                String text = String.valueOf(value);
                throw invalid(key, SafeText.escape(text.isEmpty() ? problem : problem.replace(text, "***")));
            }
            IllegalArgumentException named = invalid(key, SafeText.escape(problem));
            named.initCause(e);
            throw named;
        }
    }

    /**
     * An exception for a problem with one key, with the message every problem has:
     * {@code <channel> channel setting '<key>': <problem>}. For problems that span keys, such as
     * two keys that must be set together.
     *
     * @param key the key at fault
     * @param problem what is wrong; must not show a secret
     * @return the exception, for the caller to throw
     */
    public IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(channel + " channel setting '" + key + "': " + problem);
    }

    /**
     * The settings, with the value of every secret-like key shown as {@code ***}.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ProviderSettings[channel=").append(channel);
        values.forEach((key, value) -> out.append(", ").append(key).append('=')
                .append(isSecret(key) ? "***" : SafeText.printable(value)));
        return out.append(']').toString();
    }

    private String requireKnown(String key) {
        if (!known.contains(key)) {
            // A provider reading a key it did not declare is a bug in the provider.
            throw new IllegalStateException("the " + channel + " channel provider reads key '"
                    + SafeText.printable(key) + "' without declaring it");
        }
        return key;
    }

    private IllegalArgumentException missing(String key) {
        return invalid(key, "is required");
    }

    private static String shown(String key, String value) {
        return isSecret(key) ? "the value given (not shown)" : "'" + SafeText.printable(value) + "'";
    }

    private static String iso(long amount, String unit) {
        Duration duration = switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return duration.toString();
    }

    /** The known key that {@code key} spells differently, or {@code null}. */
    private static String rightSpelling(String channel, String key, Set<String> known) {
        String kebab = kebab(key);
        if (known.contains(kebab)) {
            return kebab;
        }
        String prefix = kebab(channel) + "-";
        // Only an old spelling (not already kebab-case) with the channel in front: "sms.gateway".
        if (!KEBAB.matcher(key).matches() && kebab.startsWith(prefix) && known.contains(kebab.substring(prefix.length()))) {
            return kebab.substring(prefix.length());
        }
        return null;
    }

    private static String closest(String channel, String key, Set<String> known) {
        String kebab = kebab(key);
        String prefix = kebab(channel) + "-";
        String unprefixed = kebab.startsWith(prefix) ? kebab.substring(prefix.length()) : kebab;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) { // sorted: ties go to the first in order
            int distance = Math.min(distance(kebab, candidate), distance(unprefixed, candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Spells a key in kebab-case: camelCase humps, dots, underscores and spaces become hyphens. */
    static String kebab(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        int length = key.length();
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '_' || c == '-' || Character.isWhitespace(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                    out.append('-');
                }
            } else if (Character.isUpperCase(c)) {
                char previous = i > 0 ? key.charAt(i - 1) : '-';
                boolean nextLower = i + 1 < length && Character.isLowerCase(key.charAt(i + 1));
                boolean hump = Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower);
                if (hump && out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '-') {
            end--;
        }
        return out.substring(0, end);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
