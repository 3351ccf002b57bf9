package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * The owner of contacts, groups, vaults and instances. Its email and mobile are the default
 * recipients of alarms ({@code DEFAULT} policies); at least one of them is present.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the account id
 * @param email the default email recipient, or {@code null}
 * @param mobile the default SMS recipient, or {@code null}
 * @param timeZone the zone in which messages show times, or {@code null} for UTC
 * @param locale the language of messages, or {@code null} for English
 */
public record Account(String id, EmailAddress email, MobileNumber mobile, ZoneId timeZone, Locale locale) {

    /** Validates the account. */
    public Account {
        Checks.id(id, "account id");
        if (email == null && mobile == null) {
            throw new IllegalArgumentException("account " + id + " needs an email or a mobile (both are absent)");
        }
    }

    /**
     * An account with UTC times and English messages.
     *
     * @param id the account id
     * @param email the default email recipient, or {@code null}
     * @param mobile the default SMS recipient, or {@code null}
     */
    public Account(String id, EmailAddress email, MobileNumber mobile) {
        this(id, email, mobile, null, null);
    }

    /**
     * The zone in which messages show times.
     *
     * @return the account's zone, or UTC
     */
    public ZoneId zoneOrUtc() {
        return timeZone == null ? ZoneOffset.UTC : timeZone;
    }

    /**
     * The language of messages.
     *
     * @return the account's locale, or English
     */
    public Locale localeOrEnglish() {
        return locale == null ? Locale.ENGLISH : locale;
    }

    /**
     * The default email recipient.
     *
     * @return the email, if any
     */
    public Optional<EmailAddress> emailAddress() {
        return Optional.ofNullable(email);
    }

    /**
     * The default SMS recipient.
     *
     * @return the mobile, if any
     */
    public Optional<MobileNumber> mobileNumber() {
        return Optional.ofNullable(mobile);
    }
}
