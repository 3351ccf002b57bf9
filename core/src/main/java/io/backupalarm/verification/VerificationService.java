package io.backupalarm.verification;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.internal.DefaultAlarmEngine;
import io.backupalarm.internal.DefaultVerificationService;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.VerificationStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Proves that a contact holds an address (behaviour contract, section 7): a code is sent to the
 * address over its channel, and the address is verified when the code comes back. Only verified
 * addresses receive alarms.
 *
 * <pre>{@code
 * VerificationService verification = VerificationService.builder()
 *         .configuration(store).channel(emailChannel).build();
 * verification.start("c-alice", Channel.EMAIL);          // alice receives a 6-digit code
 * verification.confirm("c-alice", Channel.EMAIL, "493021"); // VERIFIED
 * }</pre>
 *
 * <p>Codes come from {@link SecureRandom}, are kept only as salted PBKDF2 hashes, and are compared
 * in constant time. The plain code is never stored or logged: it exists only in the message
 * handed to the channel.
 *
 * <p><b>Thread safety.</b> Thread-safe. Calls for the same contact and channel are serialised
 * within one service; calls for other contacts or channels run in parallel. {@link #start} sends
 * the code after that serialisation ends, so a slow channel delays only its own caller. Each try
 * of {@link #confirm} is counted in the {@link VerificationStore} before the code is compared,
 * so the limit on wrong tries holds across every service (on any node) sharing the store.
 */
public interface VerificationService {

    /**
     * A builder for the service.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a new code to a contact's current address on a channel: its email ({@code email}),
     * its mobile ({@code sms}), or its one further address on that channel. A previous code for
     * the same address becomes void, and so do codes for addresses on that channel the contact no
     * longer holds. The code is sent on the caller's thread; a temporary failure is tried again up
     * to {@link VerificationSettings#sendAttempts()} times in all, after pauses starting at
     * {@link VerificationSettings#sendRetryWait()}, with the same idempotency key; a permanent
     * failure is not tried again. A code that was not delivered is discarded, and a new one may be
     * asked at once.
     *
     * @param contactId the contact
     * @param channel {@link Channel#EMAIL}, {@link Channel#SMS} or the channel of a further address
     * @return what was sent and what the channel answered
     * @throws NotFoundException if the contact does not exist
     * @throws ValidationException if the contact has no address on that channel, or holds several
     *         further addresses on it (name one with {@link #start(String, String, String)})
     * @throws VerificationRateLimitedException if a code went to the same address too recently
     * @throws IllegalArgumentException if the channel name is not valid
     */
    VerificationStarted start(String contactId, String channel);

    /**
     * Sends a new code to one named address of a contact, as {@link #start(String, String)} does.
     * For a further address the code goes out as a {@code VERIFICATION_CODE} message over the
     * installed channel of that name (posted into the chat room of a robot, say), to that address,
     * with the address's secret id in {@link io.backupalarm.spi.OutboundMessage#data()} under
     * {@link io.backupalarm.spi.OutboundMessage.DataKeys#SECRET}.
     *
     * @param contactId the contact
     * @param channel {@link Channel#EMAIL}, {@link Channel#SMS} or the channel of a further address
     * @param address the address: the contact's email, its mobile, or one of its further addresses
     *        on that channel
     * @return what was sent and what the channel answered
     * @throws NotFoundException if the contact does not exist
     * @throws ValidationException if the contact does not hold that address
     * @throws VerificationRateLimitedException if a code went to the same address too recently
     * @throws IllegalArgumentException if the channel name is not valid
     */
    VerificationStarted start(String contactId, String channel, String address);

    /**
     * Checks a code typed back by the contact; marks the address verified when it is right. The
     * address is the contact's email, its mobile, or its one further address on the channel. Each
     * call that finds a live code takes one of its tries before comparing; once
     * {@link VerificationSettings#maxWrongTries()} tries were taken, no code is compared any
     * more (not even the right one) until a new code is sent. Of concurrent calls, here or on
     * other nodes sharing the store, at most that many are compared.
     *
     * @param contactId the contact
     * @param channel {@link Channel#EMAIL}, {@link Channel#SMS} or the channel of a further address
     * @param code the code as typed (surrounding white space is ignored)
     * @return the outcome; {@link VerificationOutcome#ADDRESS_CHANGED} when the code went to an
     *         address the contact no longer holds on that channel
     * @throws NotFoundException if the contact does not exist
     * @throws ValidationException if the contact holds several further addresses on the channel
     *         (name one with {@link #confirm(String, String, String, String)})
     * @throws IllegalArgumentException if the channel name is not valid
     */
    VerificationOutcome confirm(String contactId, String channel, String code);

    /**
     * Checks a code typed back for one named address, as {@link #confirm(String, String, String)}
     * does, and marks exactly that address verified when it is right and the address is still
     * the one the code was sent to: the same target and, for a further address, the same secret
     * id. An address edited in between makes the code void
     * ({@link VerificationOutcome#ADDRESS_CHANGED}).
     *
     * @param contactId the contact
     * @param channel {@link Channel#EMAIL}, {@link Channel#SMS} or the channel of a further address
     * @param address the address the code was sent to
     * @param code the code as typed (surrounding white space is ignored)
     * @return the outcome
     * @throws NotFoundException if the contact does not exist
     * @throws ValidationException if the contact does not hold that address and no code waits for it
     * @throws IllegalArgumentException if the channel name is not valid
     */
    VerificationOutcome confirm(String contactId, String channel, String address, String code);

    /** Builds a {@link VerificationService}. Not thread-safe. */
    final class Builder {
        private ConfigurationStore configuration;
        private VerificationStore store;
        private VerificationSettings settings = VerificationSettings.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private MessageTemplates templates = MessageTemplates.builtIn();
        private SecureRandom random;
        private final Map<String, Channel> channels = new LinkedHashMap<>();
        private io.backupalarm.spi.HistoryStore history = io.backupalarm.spi.HistoryStore.none();
        private String node;

        private Builder() {
        }

        /**
         * Where each send attempt of a code is recorded (never the code), as a delivery of kind
         * {@code VERIFICATION_CODE}; give the engine's history store. Default: none.
         *
         * @param store the history store
         * @return this builder
         */
        public Builder history(io.backupalarm.spi.HistoryStore store) {
            this.history = Objects.requireNonNull(store, "history");
            return this;
        }

        /**
         * The name of this node, recorded in the history. Default: the process id and host name.
         *
         * @param id 1 to 128 characters, not blank
         * @return this builder
         * @throws IllegalArgumentException if blank or too long
         */
        public Builder node(String id) {
            Objects.requireNonNull(id, "node");
            if (id.isBlank() || id.length() > 128) {
                throw new IllegalArgumentException("node must be 1 to 128 characters, not blank");
            }
            this.node = id;
            return this;
        }

        /**
         * Where contacts live (required).
         *
         * @param store the configuration store
         * @return this builder
         */
        public Builder configuration(ConfigurationStore store) {
            this.configuration = Objects.requireNonNull(store, "configuration");
            return this;
        }

        /**
         * Where pending codes are kept (default: in memory).
         *
         * @param verificationStore the store
         * @return this builder
         */
        public Builder store(VerificationStore verificationStore) {
            this.store = Objects.requireNonNull(verificationStore, "store");
            return this;
        }

        /**
         * Code length, validity, tries and resend interval (default: the contract's).
         *
         * @param verificationSettings the settings
         * @return this builder
         */
        public Builder settings(VerificationSettings verificationSettings) {
            this.settings = Objects.requireNonNull(verificationSettings, "settings");
            return this;
        }

        /**
         * The clock (default {@link Clock#systemUTC()}).
         *
         * @param serviceClock the clock
         * @return this builder
         */
        public Builder clock(Clock serviceClock) {
            this.clock = Objects.requireNonNull(serviceClock, "clock");
            return this;
        }

        /**
         * The message templates (default {@link MessageTemplates#builtIn()}).
         *
         * @param messageTemplates the templates
         * @return this builder
         */
        public Builder templates(MessageTemplates messageTemplates) {
            this.templates = Objects.requireNonNull(messageTemplates, "templates");
            return this;
        }

        /**
         * The source of codes and salts (default: a new {@link SecureRandom}).
         *
         * @param secureRandom the source
         * @return this builder
         */
        public Builder random(SecureRandom secureRandom) {
            this.random = Objects.requireNonNull(secureRandom, "random");
            return this;
        }

        /**
         * Installs the channel codes go out through.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder channel(Channel channel) {
            Objects.requireNonNull(channel, "channel");
            channels.put(channel.name(), channel);
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         * @throws IllegalStateException if no configuration store was given
         */
        public VerificationService build() {
            if (configuration == null) {
                throw new IllegalStateException("configuration(ConfigurationStore) is required");
            }
            return new DefaultVerificationService(configuration, store == null ? VerificationStore.inMemory() : store,
                    settings, clock, templates, random == null ? new SecureRandom() : random, Map.copyOf(channels),
                    history, node == null ? DefaultAlarmEngine.defaultNode() : node);
        }
    }
}
