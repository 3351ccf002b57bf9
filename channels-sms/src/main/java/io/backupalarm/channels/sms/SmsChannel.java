package io.backupalarm.channels.sms;

import io.backupalarm.channels.sms.internal.PhoneNumbers;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.util.Objects;
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
 *       or returns {@code null} gives a temporary failure.</li>
 * </ol>
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
     * Sends one message as a text; never throws and never returns {@code null}.
     *
     * @param message the message, never {@code null}
     * @return the outcome
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
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
                return DeliveryResult.temporaryFailure("sms gateway '" + gateway.name() + "' returned no result");
            }
            return result;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw (Error) e;
            }
            LOG.warn("sms gateway '{}' threw {} for message {}", gateway.name(), e.getClass().getName(),
                    message.idempotencyKey());
            return DeliveryResult.temporaryFailure("sms gateway '" + gateway.name() + "' threw "
                    + e.getClass().getName());
        }
    }

    @Override
    public String toString() {
        return "SmsChannel[gateway=" + gateway.name() + ", " + settings + "]";
    }
}
