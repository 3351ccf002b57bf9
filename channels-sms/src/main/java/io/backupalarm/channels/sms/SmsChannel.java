package io.backupalarm.channels.sms;

import io.backupalarm.channels.sms.internal.PhoneNumbers;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS {@link Channel} ({@value Channel#SMS}): alarms and verification codes as text
 * messages, through one {@link SmsGateway}.
 *
 * <p>For each message it
 * <ol>
 *   <li>parses and normalises the address with libphonenumber: an address that is not a valid
 *       number in international form, or is valid but not a mobile number, is a
 *       {@link DeliveryResult.PermanentFailure permanent failure} whose reason names it;</li>
 *   <li>shortens alarm texts to {@link SmsSettings#maxSegments()} segments (verification codes
 *       are sent whole);</li>
 *   <li>hands an {@link SmsRequest} to the gateway and returns its result; a gateway that throws
 *       an exception (logged with its stack trace) or returns {@code null} gives a temporary
 *       failure. An {@link Error} propagates.</li>
 * </ol>
 *
 * <p>{@link #close()} closes the gateway; sends after closing return a temporary failure.
 *
 * <pre>{@code
 * Channel sms = SmsChannel.of(SmsGateways.twilio(TwilioSmsSettings.custom()
 *         .accountSid("AC...").authToken(token).from("+15017122661").build()));
 * }</pre>
 *
 * <p>Thread-safe if its gateway is (the built-in gateways are).
 */
public final class SmsChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(SmsChannel.class);

    private final SmsGateway gateway;
    private final SmsSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SmsChannel(SmsGateway gateway, SmsSettings settings) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * An SMS channel with the default {@link SmsSettings}.
     *
     * @param gateway the gateway to send through
     * @return the channel
     */
    public static SmsChannel of(SmsGateway gateway) {
        return new SmsChannel(gateway, SmsSettings.ofDefaults());
    }

    /**
     * An SMS channel.
     *
     * @param gateway the gateway to send through
     * @param settings the channel's settings
     * @return the channel
     */
    public static SmsChannel of(SmsGateway gateway, SmsSettings settings) {
        return new SmsChannel(gateway, settings);
    }

    /**
     * The gateway this channel sends through.
     *
     * @return the gateway
     */
    public SmsGateway gateway() {
        return gateway;
    }

    /**
     * This channel's settings.
     *
     * @return the settings
     */
    public SmsSettings settings() {
        return settings;
    }

    /**
     * Always {@value Channel#SMS}.
     *
     * @return {@value Channel#SMS}
     */
    @Override
    public String name() {
        return SMS;
    }

    /**
     * Sends one message as a text; never throws an exception and never returns {@code null}.
     *
     * @param message the message, never {@code null}
     * @return the outcome
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        if (closed.get()) {
            return DeliveryResult.temporaryFailure("the sms channel is closed");
        }
        if (!SMS.equals(message.channel())) {
            return DeliveryResult.permanentFailure("message for channel '"
                    + PhoneNumbers.printable(message.channel()) + "' handed to the sms channel");
        }
        PhoneNumbers.Parsed number = PhoneNumbers.parseMobile(message.address());
        if (number instanceof PhoneNumbers.Parsed.Refused refused) {
            return DeliveryResult.permanentFailure(refused.reason());
        }
        String e164 = ((PhoneNumbers.Parsed.Mobile) number).e164();
        String text = message.kind() == OutboundMessage.Kind.VERIFICATION_CODE
                ? message.text()
                : SmsSegments.shorten(message.text(), settings.maxSegments());
        try {
            SmsRequest request = new SmsRequest(message.idempotencyKey(), e164, text, message.kind(),
                    message.locale(), message.data());
            DeliveryResult result = gateway.send(request);
            if (result == null) {
                return DeliveryResult.temporaryFailure("sms gateway '" + SafeText.printable(gateway.name())
                        + "' returned no result");
            }
            if (!(result instanceof DeliveryResult.Delivered)) {
                // A host's gateway may put anything in a reason: escaped, it stays one log line.
                LOG.debug("sms {} to {} not delivered: {}", message.idempotencyKey(), e164,
                        SafeText.escape(result.toString()));
            }
            return result;
        } catch (Exception e) {
            // The message of a host's gateway exception may hold anything, a secret included: the
            // escaped message and stack trace go to the log, only the class to the reason (which is
            // kept with dead letters).
            LOG.warn("sms gateway '{}' threw for message {}: {}", SafeText.escape(gateway.name()),
                    message.idempotencyKey(), SafeText.describe(e), SafeText.loggable(e));
            return DeliveryResult.temporaryFailure("sms gateway '" + SafeText.printable(gateway.name()) + "' threw "
                    + e.getClass().getName() + " (stack trace in the log)");
        }
    }

    /**
     * Closes the gateway and refuses further sends with a temporary failure. Idempotent. A
     * gateway whose {@code close()} throws is logged, not rethrown, so that the host's shutdown
     * carries on.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            gateway.close();
        } catch (RuntimeException e) {
            LOG.warn("closing sms gateway '{}' failed: {}", SafeText.escape(gateway.name()), SafeText.describe(e),
                    SafeText.loggable(e));
        }
    }

    @Override
    public String toString() {
        return "SmsChannel[gateway=" + gateway.name() + ", " + settings + "]";
    }
}
