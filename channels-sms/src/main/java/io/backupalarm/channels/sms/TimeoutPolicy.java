package io.backupalarm.channels.sms;

/**
 * What a gateway reports when its request was sent but no answer came back in time, so the
 * provider may or may not have sent the text.
 *
 * <p>A timeout while connecting (nothing was sent) is always a temporary failure; this policy
 * only governs the unknown outcome. Thread-safe (an enum).
 */
public enum TimeoutPolicy {

    /**
     * Report a {@link io.backupalarm.spi.DeliveryResult.TemporaryFailure temporary failure}, so
     * the delivery engine retries: the alarm arrives at least once, possibly twice. The default,
     * because a duplicate text costs one more message while a lost alarm defeats the purpose.
     */
    RETRY,

    /**
     * Report a {@link io.backupalarm.spi.DeliveryResult.PermanentFailure permanent failure}
     * whose reason says that the outcome is unknown: the text arrives at most once, and may be
     * lost. For hosts that would rather check the provider's delivery receipts by hand.
     */
    DO_NOT_RETRY
}
