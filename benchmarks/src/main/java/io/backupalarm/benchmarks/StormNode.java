package io.backupalarm.benchmarks;

import io.backupalarm.channels.webhook.WebhookChannel;
import io.backupalarm.channels.webhook.WebhookSettings;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The library's side of {@link AlertmanagerComparison}, run as a child JVM of its own so that its
 * CPU seconds and peak RSS can be read from {@code /proc}: one {@link AlarmEngine} as a host would
 * build it (real time on the system clock, the default in-memory stores, history included, default
 * delivery settings unless a queue capacity is given), with the {@link WebhookChannel} posting to
 * the harness's sink.
 *
 * <p>Configuration: account {@code acct-1}, one contact {@code c-hook} whose only address is a
 * verified {@code webhook} address ({@code https://alerts.example.com/hook}, unsigned), vault
 * {@code v-1} whose policy names that contact, and N instances {@code i-000000}... in it; so each
 * alarm has that one recipient. The channel's origin override sends the requests to the sink
 * ({@code http://127.0.0.1:<port>}).
 *
 * <p>Protocol on standard input and output, one line each: the node prints {@code READY} once
 * configured; on {@code GO} it reports a {@code ClientDisconnected} for every instance at the
 * current instant; when the engine has recorded every message delivered it prints
 * {@code DELIVERED <storm ms> <messages> <failed>}, where the time runs from the first report to the
 * last {@link AlarmListener#onDelivered} call; it then waits for a line (or the end of input) before
 * closing the engine and exiting, so that the harness can read its {@code /proc} figures while it
 * still runs.
 *
 * <p>Run by the harness: {@code java <flags> -cp benchmarks.jar io.backupalarm.benchmarks.StormNode
 * N grace-ms group-wait-ms sink-port [queue-capacity]}; a group wait of 0 turns grouping off; the
 * senders' queue capacity is the default (10,000) unless given.
 *
 * <p>Not thread-safe; one instance per process, driven from {@link #main(String[])}.
 */
public final class StormNode {

    static final String ACCOUNT = "acct-1";
    static final String CONTACT = "c-hook";
    static final String VAULT = "v-1";
    /** The contact's webhook address; the origin override sends its path to the sink. */
    static final String ADDRESS = "https://alerts.example.com/hook";
    /** The sink path the library's requests arrive at. */
    static final String PATH = "/hook";
    /** A storm whose messages are not all delivered by then is a failure, not a result. */
    static final Duration LIMIT = Duration.ofMinutes(15);

    private StormNode() {
    }

    static String instance(int i) {
        return String.format(Locale.ROOT, "i-%06d", i);
    }

    /**
     * Runs the node.
     *
     * @param args N, the grace period in milliseconds, the group wait in milliseconds, the sink's port
     * @throws Exception if the storm fails or is not delivered in time
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            throw new IllegalArgumentException("usage: StormNode N grace-ms group-wait-ms sink-port [queue-capacity]");
        }
        DeliverySettings delivery = args.length == 5
                ? DeliverySettings.custom().queueCapacity(Integer.parseInt(args[4])).build()
                : DeliverySettings.ofDefaults();
        int n = Integer.parseInt(args[0]);
        Duration grace = Duration.ofMillis(Long.parseLong(args[1]));
        Duration groupWait = Duration.ofMillis(Long.parseLong(args[2]));
        int port = Integer.parseInt(args[3]);
        int expected = groupWait.isZero() ? n : 1;

        ConfigurationStore configuration = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        admin.createAccount(new Account(ACCOUNT, EmailAddress.of("owner@example.com"), null));
        admin.importContact(Contact.verified(CONTACT, ACCOUNT, "Alarm hook", null, null,
                List.of(ContactAddress.verified(Channel.WEBHOOK, ADDRESS, null))));
        admin.createVault(new Vault(VAULT, ACCOUNT, VaultAlarmPolicy.customized(Set.of(CONTACT), Set.of())));
        for (int i = 0; i < n; i++) {
            admin.createInstance(new Instance(instance(i), VAULT, InstanceAlarmPolicy.SAME_AS_VAULT));
        }

        CountDownLatch delivered = new CountDownLatch(expected);
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastDelivered = new AtomicLong();
        AlarmListener listener = new AlarmListener() {
            @Override
            public void onDelivered(Notification notification) {
                lastDelivered.accumulateAndGet(System.nanoTime(), Math::max);
                delivered.countDown();
            }

            @Override
            public void onDeliveryFailed(Notification notification) {
                failed.incrementAndGet();
            }

            @Override
            public void onDeadLettered(Notification notification) {
                failed.incrementAndGet();
            }
        };
        WebhookChannel webhook = WebhookChannel.of(WebhookSettings.custom()
                .originOverride("http://127.0.0.1:" + port).build());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (webhook; AlarmEngine engine = AlarmEngine.builder()
                .configuration(configuration)
                .settings(AlarmSettings.custom().disconnectGracePeriod(grace).groupWait(groupWait).build())
                .delivery(delivery)
                .channel(webhook)
                .listener(listener)
                .build()) {
            System.out.println("READY");
            System.out.flush();
            String go = in.readLine();
            if (!"GO".equals(go)) {
                throw new IllegalStateException("expected GO on standard input, read " + go);
            }
            long start = System.nanoTime();
            Instant now = Instant.now();
            for (int i = 0; i < n; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(instance(i), now));
            }
            if (!delivered.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException((expected - delivered.getCount()) + " of " + expected
                        + " messages delivered within " + LIMIT + " (" + failed.get() + " failed attempts)");
            }
            long stormMs = TimeUnit.NANOSECONDS.toMillis(lastDelivered.get() - start);
            System.out.println("DELIVERED " + stormMs + " " + expected + " " + failed.get());
            System.out.flush();
            in.readLine(); // the harness has read this process's figures
        }
    }
}
