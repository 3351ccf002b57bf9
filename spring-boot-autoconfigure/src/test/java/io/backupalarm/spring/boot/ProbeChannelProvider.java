package io.backupalarm.spring.boot;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.ProviderSettings;
import io.backupalarm.spi.SecretResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel provider of the tests, found by ServiceLoader as a host's own provider would be: its
 * channel "probe" records what it sends and whether it was closed. Thread-safe.
 */
public final class ProbeChannelProvider implements ChannelProvider {

    /** Every probe channel created, in order. */
    static final List<Probe> CREATED = new CopyOnWriteArrayList<>();

    @Override
    public String channelName() {
        return "probe";
    }

    @Override
    public Channel create(Map<String, String> settings) {
        return create(settings, SecretResolver.none());
    }

    @Override
    public Channel create(Map<String, String> settings, SecretResolver secrets) {
        ProviderSettings s = ProviderSettings.of(channelName(), settings, Set.of("label", "attempts"));
        Probe probe = new Probe(s.string("label"), s.optionalInteger("attempts", 1, 5).orElse(1), secrets);
        CREATED.add(probe);
        return probe;
    }

    /** The probe channel. */
    static final class Probe implements Channel {
        final String label;
        final int attempts;
        final SecretResolver secrets;
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        Probe(String label, int attempts, SecretResolver secrets) {
            this.label = label;
            this.attempts = attempts;
            this.secrets = secrets;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            sent.add(message);
            return new DeliveryResult.Delivered("probe-" + sent.size());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
