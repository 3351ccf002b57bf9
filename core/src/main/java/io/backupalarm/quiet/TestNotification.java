package io.backupalarm.quiet;

import io.backupalarm.policy.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A test notification as asked for: one message per recipient, each in the outbox under its own
 * key, so that its delivery can be read back with {@code AlarmEngine.notification(key)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param target who it was for
 * @param account the account of the instance or contact
 * @param at when it was asked for
 * @param messages one per recipient, by recipient; empty when the target reaches nobody
 */
public record TestNotification(TestTarget target, String account, Instant at, List<Message> messages) {

    /**
     * The test's message to one recipient.
     *
     * @param recipient the channel and address
     * @param key the message's idempotency key in the outbox
     */
    public record Message(Recipient recipient, String key) {
        /** Validates the fields. */
        public Message {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Validates and copies. */
    public TestNotification {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
        messages = List.copyOf(messages);
    }

    /**
     * Whether nobody could be reached (a policy that reaches nobody, a contact with no verified
     * address): then nothing was sent.
     *
     * @return {@code messages().isEmpty()}
     */
    public boolean reachesNobody() {
        return messages.isEmpty();
    }
}
