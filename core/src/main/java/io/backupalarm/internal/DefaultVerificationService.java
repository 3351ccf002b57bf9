package io.backupalarm.internal;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.text.SafeText;
import io.backupalarm.verification.PendingVerification;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationRateLimitedException;
import io.backupalarm.verification.VerificationService;
import io.backupalarm.verification.VerificationSettings;
import io.backupalarm.verification.VerificationStarted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification codes. Calls for one contact and channel are serialised by a lock of that key
 * only (the addresses of one channel share it, so that voiding the codes of addresses a contact no
 * longer holds cannot race a confirmation), and the code is sent after the lock is released, so a slow channel holds up nobody else.
 * Each try is counted in the store ({@link VerificationStore#takeTry}) before the code is
 * compared, so the limit holds across every service sharing the store. Every send attempt is
 * recorded in the delivery history, without the code. Thread-safe.
 */
public final class DefaultVerificationService implements VerificationService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultVerificationService.class);
    private static final int PBKDF2_ITERATIONS = 10_000;
    /** What stands in a log line or a failure reason where the code was. */
    private static final String CODE_REDACTED = "[code]";

    private final ConfigurationStore configuration;
    private final ConfigurationAdmin admin;
    private final VerificationStore store;
    private final VerificationSettings settings;
    private final Clock clock;
    private final MessageTemplates templates;
    private final SecureRandom random;
    private final Map<String, Channel> channels;
    private final KeyLocks locks = new KeyLocks();
    private final Retry sendRetry;
    private final HistoryStore history;
    private final String node;

    /**
     * Creates the service; use {@link VerificationService#builder()}.
     *
     * @param configuration where contacts live
     * @param store where pending codes are kept
     * @param settings limits
     * @param clock the clock
     * @param templates message templates
     * @param random source of codes and salts
     * @param channels channels by name
     */
    public DefaultVerificationService(ConfigurationStore configuration, VerificationStore store,
                                      VerificationSettings settings, Clock clock, MessageTemplates templates,
                                      SecureRandom random, Map<String, Channel> channels) {
        this(configuration, store, settings, clock, templates, random, channels, HistoryStore.none(),
                DefaultAlarmEngine.defaultNode());
    }

    /**
     * Creates the service; use {@link VerificationService#builder()}.
     *
     * @param configuration where contacts live
     * @param store where pending codes are kept
     * @param settings limits
     * @param clock the clock
     * @param templates message templates
     * @param random source of codes and salts
     * @param channels channels by name
     * @param history where send attempts are recorded
     * @param node the node recorded with them
     */
    public DefaultVerificationService(ConfigurationStore configuration, VerificationStore store,
                                      VerificationSettings settings, Clock clock, MessageTemplates templates,
                                      SecureRandom random, Map<String, Channel> channels, HistoryStore history,
                                      String node) {
        this.history = Objects.requireNonNull(history, "history");
        this.node = Objects.requireNonNull(node, "node");
        this.configuration = configuration;
        this.admin = ConfigurationAdmin.on(configuration);
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.templates = templates;
        this.random = random;
        this.channels = channels;
        this.sendRetry = sendRetry(settings);
    }

    /**
     * Sends again, on the caller's thread, what failed temporarily; a provider that asks for a
     * longer pause than the first one is not kept waiting for (the code is discarded and may be
     * asked again at once).
     */
    private static Retry sendRetry(VerificationSettings settings) {
        long firstWait = settings.sendRetryWait().toMillis();
        RetryConfig config = RetryConfig.<DeliveryResult>custom()
                .maxAttempts(settings.sendAttempts())
                .retryOnResult(result -> result instanceof DeliveryResult.TemporaryFailure failure
                        && failure.retryAfter().map(asked -> asked.compareTo(settings.sendRetryWait()) <= 0)
                        .orElse(true))
                // send() turns whatever a channel throws into a result: nothing thrown is worth retrying.
                .retryOnException(e -> false)
                .intervalBiFunction((attempt, outcome) -> firstWait << (attempt - 1))
                .failAfterMaxAttempts(false)
                .build();
        return Retry.of("verification-code", config);
    }

    @Override
    public VerificationStarted start(String contactId, String channel) {
        return start(contactId, channel, null, false);
    }

    @Override
    public VerificationStarted start(String contactId, String channel, String address) {
        Objects.requireNonNull(address, "address");
        return start(contactId, channel, address, true);
    }

    /** {@code named}: the caller named the address; else it is the contact's one address on the channel. */
    private VerificationStarted start(String contactId, String channel, String address, boolean named) {
        Objects.requireNonNull(contactId, "contactId");
        requireChannel(channel);
        String key = KeyLocks.key(contactId, channel);
        Prepared prepared = locks.call(key, () -> prepare(contactId, channel, address, named));
        // Sent outside the lock: a channel waiting for its provider holds up no other call.
        DeliveryResult delivery = null;
        try {
            delivery = send(prepared);
        } finally {
            if (!(delivery instanceof DeliveryResult.Delivered)) {
                // A code that did not go out is discarded, so that a new one may be asked at once;
                // unless a newer code replaced it meanwhile.
                locks.call(key, () -> store.remove(prepared.pending()));
            }
        }
        if (!(delivery instanceof DeliveryResult.Delivered)) {
            LOG.warn("Verification code for contact {} on {} was not delivered: {}", SafeText.escape(contactId),
                    channel, delivery);
        }
        return new VerificationStarted(contactId, channel, prepared.pending().address(),
                prepared.pending().expiresAt(), delivery);
    }

    /** Checks the resend interval, then makes the code and stores its hash. Runs under the key's lock. */
    private Prepared prepare(String contactId, String channel, String named, boolean isNamed) {
        Contact contact = contact(contactId);
        Target target = isNamed ? named(contact, channel, named) : implicit(contact, channel);
        if (target == null) {
            throw new ValidationException(field(contactId, channel),
                    "contact " + contactId + " has no " + channel + " address to verify");
        }
        Instant now = clock.instant();
        PendingVerification previous = store.find(contactId, channel, target.address()).orElse(null);
        if (previous != null) {
            Instant allowed = previous.sentAt().plus(settings.resendInterval());
            if (now.isBefore(allowed)) {
                throw new VerificationRateLimitedException(contactId, channel, Duration.between(now, allowed));
            }
        }
        // Codes sent to addresses the contact no longer holds on this channel can verify nothing.
        for (PendingVerification stale : store.findAll(contactId, channel)) {
            if (!holds(contact, channel, stale.address())) {
                store.remove(stale);
            }
        }
        String code = newCode();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        PendingVerification pending = new PendingVerification(contactId, channel, target.address(), target.secret(),
                salt, hash(code, salt), now, now.plus(settings.codeValidity()), 0);
        // Stored before it is sent: a second start for the same address, here or on another node,
        // then finds it and is limited by the resend interval.
        store.save(pending);
        return new Prepared(contact, pending, code);
    }

    @Override
    public VerificationOutcome confirm(String contactId, String channel, String code) {
        Objects.requireNonNull(contactId, "contactId");
        requireChannel(channel);
        Objects.requireNonNull(code, "code");
        return locks.call(KeyLocks.key(contactId, channel), () -> check(contactId, channel, null, false, code));
    }

    @Override
    public VerificationOutcome confirm(String contactId, String channel, String address, String code) {
        Objects.requireNonNull(contactId, "contactId");
        requireChannel(channel);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(code, "code");
        return locks.call(KeyLocks.key(contactId, channel), () -> check(contactId, channel, address, true, code));
    }

    /** Runs under the key's lock, which serialises this node only; the store counts across nodes. */
    private VerificationOutcome check(String contactId, String channel, String named, boolean isNamed, String code) {
        Contact contact = contact(contactId);
        Instant now = clock.instant();
        Target target = isNamed ? heldOrNull(contact, channel, named) : implicit(contact, channel);
        if (target == null) {
            return notHeld(contactId, channel, named, isNamed);
        }
        Optional<PendingVerification> taken =
                store.takeTry(contactId, channel, target.address(), settings.maxWrongTries(), now);
        if (taken.isEmpty()) {
            return withoutTry(contact, channel, target, isNamed, now);
        }
        PendingVerification pending = taken.get();
        if (!Objects.equals(pending.secret(), target.secret())) {
            // The address now signs with another secret: the code went out with the old one.
            store.remove(pending);
            return VerificationOutcome.ADDRESS_CHANGED;
        }
        if (!MessageDigest.isEqual(hash(code.strip(), pending.salt()), pending.hash())) {
            if (pending.wrongTries() >= settings.maxWrongTries()) {
                // Kept, void, rather than removed: its sentAt still limits how soon start() may send a
                // new code, so that tries cannot be renewed at once.
                LOG.info("Verification code for contact {} on {} voided after {} wrong tries",
                        SafeText.escape(contactId), channel, pending.wrongTries());
                return VerificationOutcome.TOO_MANY_TRIES;
            }
            return VerificationOutcome.WRONG_CODE;
        }
        store.remove(pending);
        if (!admin.markVerified(contactId, channel, pending.address(), pending.secret())) {
            return VerificationOutcome.ADDRESS_CHANGED;
        }
        LOG.info("Contact {} verified its {} address", SafeText.escape(contactId), channel);
        return VerificationOutcome.VERIFIED;
    }

    /**
     * The contact holds no address to compare with: the named one is gone, or there is none on
     * the channel. A code still waiting for such an address is void (ADDRESS_CHANGED); with no
     * code, a named address is a mistake of the caller.
     */
    private VerificationOutcome notHeld(String contactId, String channel, String named, boolean isNamed) {
        List<PendingVerification> stale = isNamed
                ? store.find(contactId, channel, named).map(List::of).orElse(List.of())
                : store.findAll(contactId, channel);
        if (stale.isEmpty()) {
            if (isNamed) {
                throw new ValidationException(field(contactId, channel), "contact " + contactId + " holds no "
                        + channel + " address '" + SafeText.printable(named) + "'");
            }
            return VerificationOutcome.NO_PENDING_CODE;
        }
        stale.forEach(store::remove);
        return VerificationOutcome.ADDRESS_CHANGED;
    }

    /** Why no try could be taken: no code, no try left (both NO_PENDING_CODE), expired, or a code for a changed address. */
    private VerificationOutcome withoutTry(Contact contact, String channel, Target target, boolean isNamed,
                                           Instant now) {
        PendingVerification left = store.find(contact.id(), channel, target.address()).orElse(null);
        if (left == null) {
            if (!isNamed) {
                // The code went to the address this channel held before (an email changed since).
                List<PendingVerification> stale = store.findAll(contact.id(), channel).stream()
                        .filter(p -> !holds(contact, channel, p.address())).toList();
                if (!stale.isEmpty()) {
                    stale.forEach(store::remove);
                    return VerificationOutcome.ADDRESS_CHANGED;
                }
            }
            return VerificationOutcome.NO_PENDING_CODE;
        }
        if (left.wrongTries() >= settings.maxWrongTries()) {
            return VerificationOutcome.NO_PENDING_CODE;
        }
        if (!now.isBefore(left.expiresAt())) {
            store.remove(left);
            return VerificationOutcome.EXPIRED;
        }
        // A code saved between takeTry and find (a new start on another node): this code was
        // compared with nothing, and the new one is left for its own tries.
        return VerificationOutcome.NO_PENDING_CODE;
    }

    private DeliveryResult send(Prepared prepared) {
        PendingVerification pending = prepared.pending();
        String channelName = pending.channel();
        Channel channel = channels.get(channelName);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String key = "ba1-verify-" + HexFormat.of().formatHex(nonce);
        if (channel == null) {
            DeliveryResult none = DeliveryResult.permanentFailure("no channel '" + channelName + "' is installed");
            recordAttempt(prepared, key, channelName, 1, none, Duration.ZERO);
            return none;
        }
        Locale locale = configuration.read(repos -> repos.accounts().find(prepared.contact().account()))
                .map(Account::localeOrEnglish).orElse(Locale.ENGLISH);
        Map<String, String> data = new LinkedHashMap<>();
        data.put(OutboundMessage.DataKeys.CODE, prepared.code());
        data.put(OutboundMessage.DataKeys.CODE_VALID_MINUTES, Long.toString(settings.codeValidity().toMinutes()));
        if (pending.secret() != null) {
            data.put(OutboundMessage.DataKeys.SECRET, pending.secret());
        }
        MessageTemplates.Rendered rendered =
                templates.render(locale, OutboundMessage.Kind.VERIFICATION_CODE, null, channelName, data);
        // One message, one idempotency key for every attempt: a provider that did take an attempt
        // it reported as failed can drop the repeat.
        OutboundMessage message = new OutboundMessage(key, channelName,
                pending.address(), OutboundMessage.Kind.VERIFICATION_CODE, locale, rendered.subject(),
                rendered.text(), data);
        int[] attempt = {0};
        Supplier<DeliveryResult> once = () -> {
            attempt[0]++;
            long started = System.nanoTime();
            DeliveryResult result = redacted(sendOnce(channel, message, prepared.code()), prepared.code());
            recordAttempt(prepared, message.idempotencyKey(), channelName, attempt[0], result,
                    Duration.ofNanos(System.nanoTime() - started));
            if (result instanceof DeliveryResult.TemporaryFailure && attempt[0] < settings.sendAttempts()) {
                LOG.info("Verification code for contact {} on {}: attempt {} of {} failed: {}",
                        SafeText.escape(pending.contactId()), channelName, attempt[0], settings.sendAttempts(), result);
            }
            return result;
        };
        return Retry.decorateSupplier(sendRetry, once).get();
    }

    /**
     * Records one send attempt of a code (never the code: the result was redacted). A history that
     * cannot be written loses the record, logged, not the code.
     */
    private void recordAttempt(Prepared prepared, String key, String channelName, int attempt, DeliveryResult result,
                               Duration took) {
        DeliveryRecord.Outcome outcome;
        String receipt = null;
        String error = null;
        if (result instanceof DeliveryResult.Delivered delivered) {
            outcome = DeliveryRecord.Outcome.DELIVERED;
            receipt = delivered.receipt();
        } else if (result instanceof DeliveryResult.TemporaryFailure failure) {
            boolean retried = attempt < settings.sendAttempts() && failure.retryAfter()
                    .map(asked -> asked.compareTo(settings.sendRetryWait()) <= 0).orElse(true);
            outcome = retried ? DeliveryRecord.Outcome.FAILED : DeliveryRecord.Outcome.DEAD;
            error = failure.reason();
        } else {
            outcome = DeliveryRecord.Outcome.DEAD;
            error = ((DeliveryResult.PermanentFailure) result).reason();
        }
        try {
            history.appendDeliveries(List.of(new DeliveryRecord(0, clock.instant(), node, key,
                    OutboundMessage.Kind.VERIFICATION_CODE, channelName, prepared.pending().address(),
                    prepared.contact().account(), null, null, null, null, 1, attempt, outcome, receipt, error, took)));
        } catch (RuntimeException e) {
            LOG.error("A verification send to contact {} could not be written to the delivery history",
                    SafeText.escape(prepared.contact().id()), SafeText.loggable(e));
        }
    }

    private static DeliveryResult sendOnce(Channel channel, OutboundMessage message, String code) {
        try {
            DeliveryResult result = channel.send(message);
            return result == null ? DeliveryResult.temporaryFailure("channel returned no result") : result;
        } catch (Exception e) { // host code
            LOG.warn("Channel {} threw while sending a verification code", message.channel(), SafeText.loggable(e, text -> redact(text, code)));
            return DeliveryResult.temporaryFailure("channel " + message.channel() + " threw "
                    + redact(SafeText.describe(e), code));
        }
    }

    /** A failure whose provider text repeats the code (an echo of the request) loses it here. */
    private static DeliveryResult redacted(DeliveryResult result, String code) {
        if (result instanceof DeliveryResult.TemporaryFailure failure) {
            return new DeliveryResult.TemporaryFailure(redact(SafeText.escape(failure.reason()), code), failure.retryAfter());
        }
        if (result instanceof DeliveryResult.PermanentFailure failure) {
            return new DeliveryResult.PermanentFailure(redact(SafeText.escape(failure.reason()), code));
        }
        return result;
    }

    private static String redact(String text, String code) {
        return text.replace(code, CODE_REDACTED);
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(settings.codeLength());
        for (int i = 0; i < settings.codeLength(); i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    private static byte[] hash(String code, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, PBKDF2_ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", e);
        }
    }

    private Contact contact(String contactId) {
        return configuration.read(repos -> repos.contacts().find(contactId))
                .orElseThrow(() -> new NotFoundException("contact", contactId));
    }

    /** The contact's one address on a channel, or {@code null} if it has none. */
    private static Target implicit(Contact contact, String channel) {
        if (Channel.EMAIL.equals(channel)) {
            return contact.email() == null ? null : new Target(contact.email().value(), null);
        }
        if (Channel.SMS.equals(channel)) {
            return contact.mobile() == null ? null : new Target(contact.mobile().value(), null);
        }
        List<ContactAddress> held = contact.addresses().stream().filter(a -> a.channel().equals(channel)).toList();
        if (held.size() > 1) {
            throw new ValidationException(field(contact.id(), channel), "contact " + contact.id() + " holds "
                    + held.size() + " " + channel + " addresses; name the address to verify");
        }
        return held.isEmpty() ? null : new Target(held.get(0).address(), held.get(0).secret());
    }

    /** The named address, which the contact must hold. */
    private static Target named(Contact contact, String channel, String address) {
        Target target = heldOrNull(contact, channel, address);
        if (target == null) {
            throw new ValidationException(field(contact.id(), channel), "contact " + contact.id() + " holds no "
                    + channel + " address '" + SafeText.printable(address) + "'");
        }
        return target;
    }

    private static Target heldOrNull(Contact contact, String channel, String address) {
        if (Channel.EMAIL.equals(channel) || Channel.SMS.equals(channel)) {
            Target current = implicit(contact, channel);
            return current != null && current.address().equals(address) ? current : null;
        }
        return contact.address(channel, address).map(a -> new Target(a.address(), a.secret())).orElse(null);
    }

    private static boolean holds(Contact contact, String channel, String address) {
        return heldOrNull(contact, channel, address) != null;
    }

    /** The path of the contact's field that holds addresses of a channel, for errors. */
    private static String field(String contactId, String channel) {
        String name = Channel.EMAIL.equals(channel) ? "email" : Channel.SMS.equals(channel) ? "mobile" : "addresses";
        return "contacts[" + contactId + "]." + name;
    }

    private static void requireChannel(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (!Channel.EMAIL.equals(channel) && !Channel.SMS.equals(channel)) {
            ContactAddress.checkChannel(channel);
        }
    }

    /** An address of the contact on the channel at hand, with the secret id it signs with. */
    private record Target(String address, String secret) {
    }

    /** A code made and stored, waiting to be sent; the plain code lives only here, in memory. */
    private record Prepared(Contact contact, PendingVerification pending, String code) {
    }

    /**
     * One lock per key, made on first use and dropped when its last user leaves, so that the map
     * holds only the keys in use.
     */
    private static final class KeyLocks {

        private static final class Entry {
            final ReentrantLock lock = new ReentrantLock();
            int users; // changed only inside the map's compute of its key
        }

        private final Map<String, Entry> entries = new ConcurrentHashMap<>();

        static String key(String contactId, String channel) {
            return contactId + "\u0000" + channel;
        }

        <T> T call(String key, Supplier<T> work) {
            Entry entry = entries.compute(key, (k, existing) -> {
                Entry e = existing == null ? new Entry() : existing;
                e.users++;
                return e;
            });
            try {
                entry.lock.lock();
                try {
                    return work.get();
                } finally {
                    entry.lock.unlock();
                }
            } finally {
                entries.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
            }
        }
    }
}
