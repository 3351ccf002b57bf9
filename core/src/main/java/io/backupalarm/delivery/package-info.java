/**
 * Delivery of notifications: the outbox entries ({@link io.backupalarm.delivery.Notification}),
 * retry and queue settings, and the message templates.
 */
package io.backupalarm.delivery;
