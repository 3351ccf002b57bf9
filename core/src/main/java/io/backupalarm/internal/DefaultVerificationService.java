package io.backupalarm.internal;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationRateLimitedException;
import io.backupalarm.verification.VerificationService;
import io.backupalarm.verification.VerificationSettings;
import io.backupalarm.verification.VerificationStarted;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification codes. One monitor serialises start and confirm, so concurrent wrong tries cannot
 * exceed the limit.
 */
public final class DefaultVerificationService implements VerificationService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultVerificationService.class);
    private static final int PBKDF2_ITERATIONS = 10_000;

    private final ConfigurationStore configuration;
    private final ConfigurationAdmin admin;
    private final VerificationStore store;
    private final VerificationSettings settings;
    private final Clock clock;
    private final MessageTemplates templates;
    private final SecureRandom random;
    private final Map<String, Channel> channels;

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
        this.configuration = configuration;
        this.admin = ConfigurationAdmin.on(configuration);
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.templates = templates;
        this.random = random;
        this.channels = channels;
    }

    @Override
    public synchronized VerificationStarted start(String contactId, String channel) {
        Objects.requireNonNull(contactId, "contactId");
        requireChannel(channel);
        Contact contact = contact(contactId);
        String address = addressOf(contact, channel);
        if (address == null) {
            throw new ValidationException("contacts[" + contactId + "]." + (Channel.EMAIL.equals(channel) ? "email" : "mobile"),
                    "contact " + contactId + " has no " + channel + " address to verify");
        }
        Instant now = clock.instant();
        PendingVerification previous = store.find(contactId, channel).orElse(null);
        if (previous != null && previous.address().equals(address)) {
            Instant allowed = previous.sentAt().plus(settings.resendInterval());
            if (now.isBefore(allowed)) {
                throw new VerificationRateLimitedException(contactId, channel, Duration.between(now, allowed));
            }
        }
        String code = newCode();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Instant expiresAt = now.plus(settings.codeValidity());
        store.save(new PendingVerification(contactId, channel, address, salt, hash(code, salt), now, expiresAt, 0));

        DeliveryResult delivery = send(contact, channel, address, code);
        if (!(delivery instanceof DeliveryResult.Delivered)) {
            store.delete(contactId, channel);
            LOG.warn("Verification code for contact {} on {} was not delivered: {}", contactId, channel, delivery);
        }
        return new VerificationStarted(contactId, channel, address, expiresAt, delivery);
    }

    @Override
    public synchronized VerificationOutcome confirm(String contactId, String channel, String code) {
        Objects.requireNonNull(contactId, "contactId");
        requireChannel(channel);
        Objects.requireNonNull(code, "code");
        Contact contact = contact(contactId);
        PendingVerification pending = store.find(contactId, channel).orElse(null);
        if (pending == null || pending.wrongTries() >= settings.maxWrongTries()) {
            return VerificationOutcome.NO_PENDING_CODE;
        }
        if (!clock.instant().isBefore(pending.expiresAt())) {
            store.delete(contactId, channel);
            return VerificationOutcome.EXPIRED;
        }
        if (!pending.address().equals(addressOf(contact, channel))) {
            store.delete(contactId, channel);
            return VerificationOutcome.ADDRESS_CHANGED;
        }
        if (!MessageDigest.isEqual(hash(code.strip(), pending.salt()), pending.hash())) {
            PendingVerification tried = pending.withWrongTry();
            if (tried.wrongTries() >= settings.maxWrongTries()) {
                // Kept, void, rather than deleted: its sentAt still limits how soon start() may send a
                // new code, so that tries cannot be renewed at once.
                store.save(tried);
                LOG.info("Verification code for contact {} on {} voided after {} wrong tries", contactId, channel,
                        tried.wrongTries());
                return VerificationOutcome.TOO_MANY_TRIES;
            }
            store.save(tried);
            return VerificationOutcome.WRONG_CODE;
        }
        store.delete(contactId, channel);
        if (!admin.markVerified(contactId, channel, pending.address())) {
            return VerificationOutcome.ADDRESS_CHANGED;
        }
        LOG.info("Contact {} verified its {} address", contactId, channel);
        return VerificationOutcome.VERIFIED;
    }

    private DeliveryResult send(Contact contact, String channelName, String address, String code) {
        Channel channel = channels.get(channelName);
        if (channel == null) {
            return DeliveryResult.permanentFailure("no channel '" + channelName + "' is installed");
        }
        Locale locale = configuration.read(repos -> repos.accounts().find(contact.account()))
                .map(Account::localeOrEnglish).orElse(Locale.ENGLISH);
        Map<String, String> data = Map.of(OutboundMessage.DataKeys.CODE, code,
                OutboundMessage.DataKeys.CODE_VALID_MINUTES, Long.toString(settings.codeValidity().toMinutes()));
        MessageTemplates.Rendered rendered =
                templates.render(locale, OutboundMessage.Kind.VERIFICATION_CODE, null, channelName, data);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        OutboundMessage message = new OutboundMessage("ba1-verify-" + HexFormat.of().formatHex(nonce), channelName,
                address, OutboundMessage.Kind.VERIFICATION_CODE, locale, rendered.subject(), rendered.text(), data);
        try {
            DeliveryResult result = channel.send(message);
            return result == null ? DeliveryResult.temporaryFailure("channel returned no result") : result;
        } catch (Throwable t) { // host code
            LOG.warn("Channel {} threw while sending a verification code", channelName, t);
            return DeliveryResult.temporaryFailure("channel " + channelName + " threw " + t.getClass().getName());
        }
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

    private static String addressOf(Contact contact, String channel) {
        if (Channel.EMAIL.equals(channel)) {
            return contact.email() == null ? null : contact.email().value();
        }
        return contact.mobile() == null ? null : contact.mobile().value();
    }

    private static void requireChannel(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (!Channel.EMAIL.equals(channel) && !Channel.SMS.equals(channel)) {
            throw new IllegalArgumentException("channel must be email or sms: '" + channel + "'");
        }
    }

}
