package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.util.Optional;

/**
 * A person who can receive alarms, with an email address, a mobile number or both. Each address
 * carries whether it has been verified; an address that is not verified never receives an alarm.
 *
 * <p>Immutable and thread-safe. Use {@link #withEmail(EmailAddress)} and friends to derive an
 * edited copy: changing an address makes it unverified.
 *
 * @param id the contact id
 * @param account the id of the owning account
 * @param name a display name, 1 to 64 characters without control characters
 * @param email the email address, or {@code null}
 * @param mobile the mobile number, or {@code null}
 * @param emailVerified whether {@code email} has been verified ({@code false} without an email)
 * @param mobileVerified whether {@code mobile} has been verified ({@code false} without a mobile)
 */
public record Contact(String id, String account, String name, EmailAddress email, MobileNumber mobile,
                      boolean emailVerified, boolean mobileVerified) {

    /** Validates the contact. */
    public Contact {
        Checks.id(id, "contact id");
        Checks.id(account, "contact " + id + " account");
        Checks.name(name, "contact " + id + " name");
        if (email == null && mobile == null) {
            throw new IllegalArgumentException("contact " + id + " needs an email or a mobile (both are absent)");
        }
        if (emailVerified && email == null) {
            throw new IllegalArgumentException("contact " + id + " cannot have a verified email without an email");
        }
        if (mobileVerified && mobile == null) {
            throw new IllegalArgumentException("contact " + id + " cannot have a verified mobile without a mobile");
        }
    }

    /**
     * A contact whose addresses are not verified yet.
     *
     * @param id the contact id
     * @param account the id of the owning account
     * @param name a display name
     * @param email the email address, or {@code null}
     * @param mobile the mobile number, or {@code null}
     * @return the contact
     */
    public static Contact unverified(String id, String account, String name, EmailAddress email, MobileNumber mobile) {
        return new Contact(id, account, name, email, mobile, false, false);
    }

    /**
     * A contact whose addresses have all been verified (for example contacts kept in a
     * configuration file, or migrated from a system that verified them).
     *
     * @param id the contact id
     * @param account the id of the owning account
     * @param name a display name
     * @param email the email address, or {@code null}
     * @param mobile the mobile number, or {@code null}
     * @return the contact
     */
    public static Contact verified(String id, String account, String name, EmailAddress email, MobileNumber mobile) {
        return new Contact(id, account, name, email, mobile, email != null, mobile != null);
    }

    /**
     * A copy with another name.
     *
     * @param newName the name
     * @return the copy
     */
    public Contact withName(String newName) {
        return new Contact(id, account, newName, email, mobile, emailVerified, mobileVerified);
    }

    /**
     * A copy with another email; the email is unverified unless it is the same address.
     *
     * @param newEmail the email, or {@code null} to remove it
     * @return the copy
     */
    public Contact withEmail(EmailAddress newEmail) {
        boolean same = newEmail != null && newEmail.equals(email);
        return new Contact(id, account, name, newEmail, mobile, same && emailVerified, mobileVerified);
    }

    /**
     * A copy with another mobile; the mobile is unverified unless it is the same number.
     *
     * @param newMobile the mobile, or {@code null} to remove it
     * @return the copy
     */
    public Contact withMobile(MobileNumber newMobile) {
        boolean same = newMobile != null && newMobile.equals(mobile);
        return new Contact(id, account, name, email, newMobile, emailVerified, same && mobileVerified);
    }

    /**
     * The verified email, the only one that may receive alarms.
     *
     * @return the email if present and verified, else empty
     */
    public Optional<EmailAddress> verifiedEmail() {
        return emailVerified ? Optional.of(email) : Optional.empty();
    }

    /**
     * The verified mobile, the only one that may receive alarms.
     *
     * @return the mobile if present and verified, else empty
     */
    public Optional<MobileNumber> verifiedMobile() {
        return mobileVerified ? Optional.of(mobile) : Optional.empty();
    }
}
