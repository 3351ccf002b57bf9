package io.backupalarm.spi;

/**
 * A way of reaching a person: email, SMS, or anything an integrator adds (chat, webhook, voice).
 *
 * <p>This is the whole contract a channel implements. The engine hands a channel one
 * {@link OutboundMessage} at a time, addressed to one address, and reads back a
 * {@link DeliveryResult}:
 * <ul>
 *   <li>{@link DeliveryResult.Delivered}: the provider accepted the message. The engine will not
 *       send this message again.</li>
 *   <li>{@link DeliveryResult.TemporaryFailure}: it may work later (a timeout, a busy server,
 *       throttling). The engine retries with growing pauses, honouring
 *       {@link DeliveryResult.TemporaryFailure#retryAfter()} when given, and dead-letters the
 *       message when retries run out.</li>
 *   <li>{@link DeliveryResult.PermanentFailure}: it will never work as it is (address refused,
 *       bad credentials). The engine dead-letters the message at once.</li>
 * </ul>
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #name()} is constant for the life of the instance; addresses of a recipient are
 *       routed to the channel whose name equals the recipient's channel ({@value #EMAIL},
 *       {@value #SMS}, or a name of the integrator's choosing).</li>
 *   <li>{@link #send(OutboundMessage)} never returns {@code null}. It should not throw: report
 *       failures as results. If it throws anyway, the engine records the throwable as a
 *       temporary failure and carries on; it never corrupts the engine.</li>
 *   <li>A message may be handed over more than once with the same
 *       {@link OutboundMessage#idempotencyKey()} (a retry after a timeout, a restart between
 *       sending and recording). A channel that can pass the key to its provider or receiver
 *       (a header, a provider's client reference) should do so, so that the receiving end can
 *       drop duplicates; see the delivery guarantees in the documentation.</li>
 *   <li>Secrets (passwords, tokens) never appear in a failure reason.</li>
 * </ul>
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe: the engine may call
 * {@link #send(OutboundMessage)} from several delivery threads at once.
 *
 * <p><b>Closing.</b> Whoever creates a channel closes it: the engine closes the channels it
 * created itself through {@link ChannelProvider} discovery when it is closed; a channel handed
 * to the engine's builder stays the host's to close, after the engine.
 *
 * <p>Register a channel with the engine's builder, or ship a {@link ChannelProvider} for
 * {@link java.util.ServiceLoader} discovery.
 */
public interface Channel extends AutoCloseable {

    /** The name of the built-in email channel. */
    String EMAIL = "email";

    /** The name of the built-in SMS channel. */
    String SMS = "sms";

    /** The name of the built-in signed webhook channel. */
    String WEBHOOK = "webhook";

    /** The name of the built-in DingTalk custom robot channel. */
    String DINGTALK = "dingtalk";

    /** The name of the built-in WeCom group robot channel. */
    String WECOM = "wecom";

    /** The name of the built-in Feishu (Lark) custom bot channel. */
    String FEISHU = "feishu";

    /** The name of the built-in Slack incoming webhook channel. */
    String SLACK = "slack";

    /**
     * The channel's name, as it appears in a recipient ({@value #EMAIL}, {@value #SMS}, ...).
     *
     * @return a non-blank name, the same on every call
     */
    String name();

    /**
     * Sends one message to one address.
     *
     * @param message the message, never {@code null}
     * @return the outcome, never {@code null}
     */
    DeliveryResult send(OutboundMessage message);

    /**
     * Releases what the channel holds (pooled connections, HTTP clients). The default holds
     * nothing and does nothing. Must be idempotent; a message sent after closing may fail.
     */
    @Override
    default void close() {
    }
}
