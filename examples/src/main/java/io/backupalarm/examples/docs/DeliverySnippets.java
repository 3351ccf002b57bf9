package io.backupalarm.examples.docs;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The code shown in {@code docs/delivery.md}. */
public final class DeliverySnippets {

    private DeliverySnippets() {
    }

    /**
     * Delivery settings other than the defaults.
     *
     * @return the settings
     */
    public static DeliverySettings deliverySettings() {
        DeliverySettings delivery = DeliverySettings.custom()
                .maxAttempts(10).initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofHours(1))
                .senderThreads(4).queueCapacity(50_000)
                .build();
        return delivery;
    }

    /**
     * Logs every dead letter and sends it again.
     *
     * @param engine the engine
     */
    public static void redriveDeadLetters(AlarmEngine engine) {
        Logger log = LoggerFactory.getLogger(DeliverySnippets.class);
        for (Notification dead : engine.deadLetters()) {
            log.warn("{} to {} failed: {}", dead.message().kind(), dead.message().address(), dead.lastError());
            engine.redrive(dead.key()); // pending again, attempts counted afresh, same idempotency key
        }
    }

    /**
     * An engine with one template replaced.
     *
     * @param store the configuration
     * @return the engine; the caller closes it
     */
    public static AlarmEngine engineWithTemplates(ConfigurationStore store) {
        MessageTemplates templates = MessageTemplates.builtIn()
                .with(Locale.ENGLISH, OutboundMessage.Kind.FIRING, AlarmType.CLIENT_DISCONNECTED, Channel.SMS,
                      "", "ALERT {instance} offline since {since}");
        AlarmEngine engine = AlarmEngine.builder().configuration(store).templates(templates).build();
        return engine;
    }
}
