package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import io.backupalarm.text.SafeText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A person (or a team's chat room) who can receive alarms: an email address, a mobile number,
 * further {@linkplain ContactAddress addresses} on other channels (webhooks, chat robots), or any
 * mix of them, at least one. Each address carries whether it has been verified; an address that
 * is not verified never receives an alarm.
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
 * @param addresses further addresses on other channels, at most {@value #MAX_ADDRESSES}, no
 *        (channel, address) twice; {@code null} means none
 */
public record Contact(String id, String account, String name, EmailAddress email, MobileNumber mobile,
                      boolean emailVerified, boolean mobileVerified, List<ContactAddress> addresses) {

    /** The most further addresses one contact may hold. */
    public static final int MAX_ADDRESSES = 20;

    /** Validates the contact. */
    public Contact {
        Checks.id(id, "contact id");
        Checks.id(account, "contact " + id + " account");
        Checks.name(name, "contact " + id + " name");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        if (email == null && mobile == null && addresses.isEmpty()) {
            throw new IllegalArgumentException(
                    "contact " + id + " needs an email, a mobile or a further address (all are absent)");
        }
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("contact " + id + " has " + addresses.size()
                    + " further addresses; at most " + MAX_ADDRESSES + " are allowed");
        }
        Set<String> seen = new HashSet<>();
        for (ContactAddress a : addresses) {
            if (!seen.add(a.channel() + " " + a.address())) {
                throw new IllegalArgumentException("contact " + id + " holds the " + a.channel() + " address '"
                        + SafeText.printable(a.address()) + "' twice");
            }
        }
        if (emailVerified && email == null) {
            throw new IllegalArgumentException("contact " + id + " cannot have a verified email without an email");
        }
        if (mobileVerified && mobile == null) {
            throw new IllegalArgumentException("contact " + id + " cannot have a verified mobile without a mobile");
        }
    }

    /**
     * A contact with an email and a mobile only.
     *
     * @param id the contact id
     * @param account the id of the owning account
     * @param name a display name
     * @param email the email address, or {@code null}
     * @param mobile the mobile number, or {@code null}
     * @param emailVerified whether {@code email} has been verified
     * @param mobileVerified whether {@code mobile} has been verified
     */
    public Contact(String id, String account, String name, EmailAddress email, MobileNumber mobile,
                   boolean emailVerified, boolean mobileVerified) {
        this(id, account, name, email, mobile, emailVerified, mobileVerified, List.of());
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
     * A contact whose addresses, further ones included, have all been verified (for example
     * contacts kept in a configuration file).
     *
     * @param id the contact id
     * @param account the id of the owning account
     * @param name a display name
     * @param email the email address, or {@code null}
     * @param mobile the mobile number, or {@code null}
     * @param addresses further addresses (their {@code verified} flags are ignored)
     * @return the contact
     */
    public static Contact verified(String id, String account, String name, EmailAddress email, MobileNumber mobile,
                                   List<ContactAddress> addresses) {
        return new Contact(id, account, name, email, mobile, email != null, mobile != null,
                addresses.stream().map(ContactAddress::asVerified).toList());
    }

    /**
     * A copy with another name.
     *
     * @param newName the name
     * @return the copy
     */
    public Contact withName(String newName) {
        return new Contact(id, account, newName, email, mobile, emailVerified, mobileVerified, addresses);
    }

    /**
     * A copy with another email; the email is unverified unless it is the same address.
     *
     * @param newEmail the email, or {@code null} to remove it
     * @return the copy
     */
    public Contact withEmail(EmailAddress newEmail) {
        boolean same = newEmail != null && newEmail.equals(email);
        return new Contact(id, account, name, newEmail, mobile, same && emailVerified, mobileVerified, addresses);
    }

    /**
     * A copy with another mobile; the mobile is unverified unless it is the same number.
     *
     * @param newMobile the mobile, or {@code null} to remove it
     * @return the copy
     */
    public Contact withMobile(MobileNumber newMobile) {
        boolean same = newMobile != null && newMobile.equals(mobile);
        return new Contact(id, account, name, email, newMobile, emailVerified, same && mobileVerified, addresses);
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

    /**
     * A copy with other further addresses. An address keeps its verification only when this
     * contact already holds it verified with the same channel, target and secret id; any other is
     * unverified (changing the secret changes how requests are signed, so it is verified again).
     *
     * @param newAddresses the further addresses (their {@code verified} flags are ignored)
     * @return the copy
     */
    public Contact withAddresses(List<ContactAddress> newAddresses) {
        List<ContactAddress> out = new ArrayList<>(newAddresses.size());
        for (ContactAddress a : newAddresses) {
            boolean kept = addresses.stream().anyMatch(old -> old.verified() && old.sameTarget(a.channel(), a.address())
                    && Objects.equals(old.secret(), a.secret()));
            out.add(new ContactAddress(a.channel(), a.address(), a.secret(), kept));
        }
        return new Contact(id, account, name, email, mobile, emailVerified, mobileVerified, out);
    }

    /**
     * A copy in which the further address with this channel and target is verified.
     *
     * @param channel the channel name
     * @param address the target on that channel
     * @return the copy
     * @throws IllegalArgumentException if the contact holds no such address
     */
    public Contact withAddressVerified(String channel, String address) {
        if (address(channel, address).isEmpty()) {
            throw new IllegalArgumentException("contact " + id + " holds no " + channel + " address '"
                    + SafeText.printable(address) + "'");
        }
        return new Contact(id, account, name, email, mobile, emailVerified, mobileVerified,
                addresses.stream().map(a -> a.sameTarget(channel, address) ? a.asVerified() : a).toList());
    }

    /**
     * The further address with this channel and target.
     *
     * @param channel the channel name
     * @param address the target on that channel
     * @return the address, or empty
     */
    public Optional<ContactAddress> address(String channel, String address) {
        return addresses.stream().filter(a -> a.sameTarget(channel, address)).findFirst();
    }

    /**
     * The verified further addresses, the only ones that may receive alarms.
     *
     * @return the verified further addresses, in the contact's order
     */
    public List<ContactAddress> verifiedAddresses() {
        if (addresses.isEmpty()) {
            return List.of(); // most contacts: asked for every alarm that fires, and no stream for nothing
        }
        return addresses.stream().filter(ContactAddress::verified).toList();
    }
}
