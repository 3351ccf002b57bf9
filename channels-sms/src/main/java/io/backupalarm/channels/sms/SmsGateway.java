package io.backupalarm.channels.sms;

import io.backupalarm.spi.DeliveryResult;

/**
 * Sends one text to one number through an SMS provider: the SPI behind {@link SmsChannel}.
 *
 * <p>Implement it to add a provider; the built-in ones are made by {@link SmsGateways}.
 * <b>Contract:</b>
 * <ul>
 *   <li>{@link #send(SmsRequest)} never returns {@code null} and should not throw: report the
 *       outcome as a {@link DeliveryResult}. (If it throws an exception anyway, {@link SmsChannel}
 *       logs it with its stack trace and turns it into a temporary failure; an {@link Error}
 *       propagates.)</li>
 *   <li>Classify failures: throttling, HTTP 5xx and network failures before the request was
 *       sent are {@link DeliveryResult.TemporaryFailure temporary} (with the provider's
 *       Retry-After when it gives one); a refused number, a refused template, bad credentials
 *       are {@link DeliveryResult.PermanentFailure permanent}. Put the provider's code and
 *       message in the reason.</li>
 *   <li>A timeout after the request was sent leaves the outcome unknown; decide (and document)
 *       whether a retry is safe, typically with a {@link TimeoutPolicy}.</li>
 *   <li>Pass {@link SmsRequest#idempotencyKey()} to the provider where it can carry one.</li>
 *   <li>Never put a secret (token, key secret, signature key) in a reason or a log line, and
 *       escape the provider's text ({@link io.backupalarm.text.SafeText#escape(String)}) before
 *       it goes into either.</li>
 *   <li>{@link #close()} releases what the gateway holds (threads, connections); it must be
 *       idempotent. {@link SmsChannel#close()} calls it.</li>
 * </ul>
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe: the channel calls
 * {@link #send(SmsRequest)} from several delivery threads at once.
 */
public interface SmsGateway extends AutoCloseable {

    /**
     * A short name for logs and failure reasons, such as {@code "aliyun"}.
     *
     * @return a non-blank name, the same on every call
     */
    String name();

    /**
     * Sends one text.
     *
     * @param request the text and its number, never {@code null}
     * @return the outcome, never {@code null}
     */
    DeliveryResult send(SmsRequest request);

    /**
     * Releases what the gateway holds. The default holds nothing and does nothing. Must be
     * idempotent; a text sent after closing may fail.
     */
    @Override
    default void close() {
    }
}
