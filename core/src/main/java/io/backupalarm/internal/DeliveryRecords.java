package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;

/** Delivery history records of the engine's attempts. */
final class DeliveryRecords {

    private DeliveryRecords() {
    }

    /**
     * The record of the attempt, ended at {@code at}, that left a notification as it is now (sent,
     * retried or dead). A grouped message is recorded under its first notification.
     */
    static DeliveryRecord of(Notification after, DeliveryRecord.Outcome outcome, Instant at, Duration took,
                             String node) {
        OutboundMessage message = after.message();
        NotificationItem first = after.items().get(0);
        boolean delivered = outcome == DeliveryRecord.Outcome.DELIVERED;
        return new DeliveryRecord(0, at, node, after.key(), message.kind(), message.channel(), message.address(),
                after.account(), first.vault(), first.instance(), first.alarm(), first.job(), after.items().size(),
                Math.max(1, after.attempts()), outcome, delivered ? after.receipt() : null,
                delivered ? null : after.lastError(), took);
    }
}
