package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationService;
import io.backupalarm.verification.VerificationSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link VerificationStore} must meet, including the one that makes the limit
 * on wrong codes hold across nodes: {@link VerificationStore#takeTry} counts each try atomically,
 * whichever node asks. A host with a durable store extends this class, returns a fresh, empty
 * store from {@link #createStore()} and, if nodes hold stores of their own on shared data, a
 * second handle on the same data from {@link #sameDataAs}.
 *
 * <p>Not thread-safe; JUnit creates one instance per test. The concurrent cases start their own
 * threads and wait for them with generous timeouts that only bound a hang.
 */
public abstract class VerificationStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HANG = Duration.ofSeconds(60);
    /** Services (nodes) and threads of the concurrent cases. */
    private static final int NODES = 8;
    private static final int THREADS = 16;
    private static final int ROUNDS = 3;
    /** Rounds of bare tries, which are cheap: many rounds give a short race window many chances. */
    private static final int TRY_ROUNDS = 20;
    private static final int LIMIT = 5;

    private VerificationStore store;
    private ExecutorService threads;

    /** Creates the test. */
    protected VerificationStoreContractTest() {
    }

    /**
     * A fresh, empty store.
     *
     * @return the store under test
     * @throws Exception if it cannot be created
     */
    protected abstract VerificationStore createStore() throws Exception;

    /**
     * Another handle on the data of a store made by {@link #createStore()}, as another node of a
     * cluster would hold it (its own connections, caches and locks). By default the store itself,
     * for a store that lives in one process.
     *
     * @param original a store returned by {@link #createStore()}
     * @return a store on the same data
     * @throws Exception if it cannot be created
     */
    protected VerificationStore sameDataAs(VerificationStore original) throws Exception {
        return original;
    }

    @BeforeEach
    void create() throws Exception {
        store = createStore();
        threads = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(HANG.toSeconds(), TimeUnit.SECONDS)).as("threads stopped").isTrue();
    }

    private static PendingVerification pending(String contactId, String channel, byte[] salt, int tries) {
        return new PendingVerification(contactId, channel, mail(contactId), salt,
                new byte[] {42, -128, 127, 0, (byte) salt.length}, T0, T0.plusSeconds(600), tries);
    }

    /** The address the codes of a contact go to in these cases. */
    private static String mail(String contactId) {
        return contactId + "@example.com";
    }

    private static PendingVerification pending(String contactId, int tries) {
        return pending(contactId, Channel.EMAIL, new byte[] {0, 1, -1, 7}, tries);
    }

    @Test
    @DisplayName("a saved code is found with its bytes intact, replaced by the next save, and deleted")
    void saveFindReplaceDelete() {
        PendingVerification first = pending("c-1", 0);
        store.save(first);
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).contains(first);

        PendingVerification second = pending("c-1", Channel.EMAIL, new byte[] {9, 9, 9, 9, 9}, 2);
        store.save(second);
        PendingVerification found = store.find("c-1", Channel.EMAIL, mail("c-1")).orElseThrow();
        assertThat(found).isEqualTo(second);
        assertThat(found.salt()).containsExactly(9, 9, 9, 9, 9);
        assertThat(found.hash()).containsExactly(42, -128, 127, 0, 5);
        assertThat(found.sentAt()).isEqualTo(T0);
        assertThat(found.expiresAt()).isEqualTo(T0.plusSeconds(600));

        store.delete("c-1", Channel.EMAIL, mail("c-1"));
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).isEmpty();
        store.delete("c-1", Channel.EMAIL, mail("c-1")); // nothing left: no error
    }

    @Test
    @DisplayName("codes are kept per contact and channel")
    void perContactAndChannel() {
        PendingVerification email = pending("c-1", Channel.EMAIL, new byte[] {1}, 0);
        PendingVerification sms = pending("c-1", Channel.SMS, new byte[] {2}, 1);
        PendingVerification other = pending("c-2", Channel.EMAIL, new byte[] {3}, 2);
        store.save(email);
        store.save(sms);
        store.save(other);
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).contains(email);
        assertThat(store.find("c-1", Channel.SMS, mail("c-1"))).contains(sms);
        assertThat(store.find("c-2", Channel.EMAIL, mail("c-2"))).contains(other);
        assertThat(store.find("c-2", Channel.SMS, mail("c-2"))).isEmpty();

        store.takeTry("c-1", Channel.EMAIL, mail("c-1"), LIMIT, T0);
        store.delete("c-1", Channel.SMS, mail("c-1"));
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1")).orElseThrow().wrongTries()).isEqualTo(1);
        assertThat(store.find("c-1", Channel.SMS, mail("c-1"))).isEmpty();
        assertThat(store.find("c-2", Channel.EMAIL, mail("c-2"))).contains(other);
    }

    @Test
    @DisplayName("codes are kept per address: two addresses of one contact on one channel each have their own, with its secret id")
    void perAddress() {
        String roomA = "https://oapi.dingtalk.com/robot/send?access_token=aaa";
        // As long as an address may be, and not ASCII: the key must hold it whatever its size.
        String roomB = "https://oapi.dingtalk.com/robot/send?room=" + "\u4e2d".repeat(2048 - 42);
        PendingVerification a = new PendingVerification("c-1", "dingtalk", roomA, "ding-a", new byte[] {1},
                new byte[] {11}, T0, T0.plusSeconds(600), 0);
        PendingVerification b = new PendingVerification("c-1", "dingtalk", roomB, null, new byte[] {2},
                new byte[] {22}, T0, T0.plusSeconds(600), 0);
        PendingVerification email = pending("c-1", 0);
        store.save(a);
        store.save(b);
        store.save(email);

        assertThat(store.find("c-1", "dingtalk", roomA)).contains(a);
        assertThat(store.find("c-1", "dingtalk", roomA).orElseThrow().secret()).isEqualTo("ding-a");
        assertThat(store.find("c-1", "dingtalk", roomB)).contains(b);
        assertThat(store.find("c-1", "dingtalk", roomB).orElseThrow().address()).hasSize(2048);
        assertThat(store.find("c-1", "dingtalk", roomA + "x")).isEmpty();
        assertThat(store.findAll("c-1", "dingtalk")).containsExactlyInAnyOrder(a, b);
        assertThat(store.findAll("c-1", Channel.EMAIL)).containsExactly(email);
        assertThat(store.findAll("c-1", "wecom")).isEmpty();
        assertThat(store.findAll("c-2", "dingtalk")).isEmpty();

        assertThat(store.takeTry("c-1", "dingtalk", roomA, LIMIT, T0)).map(PendingVerification::wrongTries).contains(1);
        assertThat(store.find("c-1", "dingtalk", roomB).orElseThrow().wrongTries()).as("the other room's code").isZero();
        PendingVerification replaced = new PendingVerification("c-1", "dingtalk", roomA, "ding-a2", new byte[] {3},
                new byte[] {33}, T0.plusSeconds(60), T0.plusSeconds(660), 0);
        store.save(replaced);
        assertThat(store.findAll("c-1", "dingtalk")).containsExactlyInAnyOrder(replaced, b);
        assertThat(store.remove(a)).as("replaced meanwhile").isFalse();
        assertThat(store.remove(b)).isTrue();
        store.delete("c-1", "dingtalk", roomA);
        assertThat(store.findAll("c-1", "dingtalk")).isEmpty();
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).contains(email);
    }

    @Test
    @DisplayName("takeTry counts one try and returns the code as it stands after it; none once the limit is reached")
    void takeTryCountsUpToTheLimit() {
        PendingVerification saved = pending("c-1", 0);
        store.save(saved);
        for (int i = 1; i <= 3; i++) {
            Optional<PendingVerification> taken = store.takeTry("c-1", Channel.EMAIL, mail("c-1"), 3, T0.plusSeconds(i));
            assertThat(taken).as("try %d", i).isPresent();
            assertThat(taken.get().wrongTries()).isEqualTo(i);
            assertThat(taken.get().sameCodeAs(saved)).isTrue();
            assertThat(taken.get().address()).isEqualTo(saved.address());
            assertThat(store.find("c-1", Channel.EMAIL, mail("c-1")).orElseThrow().wrongTries()).isEqualTo(i);
        }
        assertThat(store.takeTry("c-1", Channel.EMAIL, mail("c-1"), 3, T0.plusSeconds(4))).as("no try left").isEmpty();
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1")).orElseThrow().wrongTries()).as("unchanged").isEqualTo(3);
        assertThat(store.takeTry("c-1", Channel.EMAIL, mail("c-1"), 4, T0.plusSeconds(5))).as("a higher limit allows one more")
                .map(PendingVerification::wrongTries).contains(4);
    }

    @Test
    @DisplayName("takeTry takes nothing from an expired code, nor where no code waits")
    void takeTryNotWhenExpiredOrAbsent() {
        PendingVerification saved = pending("c-1", 0);
        store.save(saved);
        assertThat(store.takeTry("c-1", Channel.EMAIL, mail("c-1"), LIMIT, saved.expiresAt())).as("at its expiry").isEmpty();
        assertThat(store.takeTry("c-1", Channel.EMAIL, mail("c-1"), LIMIT, saved.expiresAt().plusSeconds(1))).isEmpty();
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).contains(saved);
        assertThat(store.takeTry("c-1", Channel.EMAIL, mail("c-1"), LIMIT, saved.expiresAt().minusMillis(1)))
                .as("just before its expiry").map(PendingVerification::wrongTries).contains(1);

        assertThat(store.takeTry("c-1", Channel.SMS, mail("c-1"), LIMIT, T0)).isEmpty();
        assertThat(store.takeTry("c-nobody", Channel.EMAIL, mail("c-nobody"), LIMIT, T0)).isEmpty();
        assertThat(store.find("c-1", Channel.SMS, mail("c-1"))).isEmpty();
    }

    @Test
    @DisplayName("takeTry refuses a limit below 1 and changes nothing")
    void takeTryRefusesABadLimit() {
        store.save(pending("c-1", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> store.takeTry("c-1", Channel.EMAIL, mail("c-1"), 0, T0))
                .withMessageContaining("maxTries");
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1")).orElseThrow().wrongTries()).isZero();
    }

    @Test
    @DisplayName("remove removes the code only while it is still the one stored, whatever its tries")
    void removeOnlyTheSameCode() {
        PendingVerification old = pending("c-1", Channel.EMAIL, new byte[] {1, 1}, 0);
        PendingVerification newer = pending("c-1", Channel.EMAIL, new byte[] {2, 2}, 0);
        store.save(old);
        store.save(newer);
        assertThat(store.remove(old)).as("replaced meanwhile").isFalse();
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).contains(newer);

        store.takeTry("c-1", Channel.EMAIL, mail("c-1"), LIMIT, T0);
        assertThat(store.remove(newer)).as("the same code, read before its try").isTrue();
        assertThat(store.find("c-1", Channel.EMAIL, mail("c-1"))).isEmpty();
        assertThat(store.remove(newer)).as("already gone").isFalse();
    }

    @Test
    @DisplayName("tries taken at once through several handles on the same data: exactly the limit is counted")
    void concurrentTakeTry() throws Exception {
        List<VerificationStore> nodes = nodes();
        for (int round = 0; round < TRY_ROUNDS; round++) {
            String contact = "c-take-" + round;
            store.save(pending(contact, 0));
            CyclicBarrier together = new CyclicBarrier(THREADS);
            List<Optional<PendingVerification>> taken = all(i -> {
                together.await();
                return nodes.get(i % nodes.size()).takeTry(contact, Channel.EMAIL, mail(contact), LIMIT, T0.plusSeconds(1));
            });
            assertThat(taken.stream().flatMap(Optional::stream).map(PendingVerification::wrongTries))
                    .as("counts handed out in round %d", round).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
            assertThat(store.find(contact, Channel.EMAIL, mail(contact)).orElseThrow().wrongTries()).isEqualTo(LIMIT);
        }
    }

    @Test
    @DisplayName("wrong codes guessed at once on several services over one store: at most 5 compared, then even the right code is refused")
    void concurrentConfirmsKeepTheLimit() throws Exception {
        Services cluster = new Services();
        for (int round = 0; round < ROUNDS; round++) {
            String contact = cluster.contact(round);
            String code = cluster.start(contact);
            String wrong = wrongCode(code);
            CyclicBarrier together = new CyclicBarrier(THREADS);
            Map<VerificationOutcome, Integer> outcomes = count(all(i -> {
                together.await();
                return cluster.service(i).confirm(contact, Channel.EMAIL, wrong);
            }));

            assertThat(outcomes).as("round %d", round)
                    .containsEntry(VerificationOutcome.WRONG_CODE, LIMIT - 1)
                    .containsEntry(VerificationOutcome.TOO_MANY_TRIES, 1)
                    .containsEntry(VerificationOutcome.NO_PENDING_CODE, THREADS - LIMIT);
            assertThat(store.find(contact, Channel.EMAIL, mail(contact)).orElseThrow().wrongTries()).isEqualTo(LIMIT);
            for (int i = 0; i < NODES; i++) {
                assertThat(cluster.service(i).confirm(contact, Channel.EMAIL, code)).as("the right code on node %d", i)
                        .isEqualTo(VerificationOutcome.NO_PENDING_CODE);
            }
            assertThat(cluster.verified(contact)).isFalse();
        }
    }

    @Test
    @DisplayName("the right code among wrong ones guessed at once: at most 5 compared, and it verifies only if it was one of them")
    void concurrentConfirmsWithTheRightCode() throws Exception {
        Services cluster = new Services();
        for (int round = 0; round < ROUNDS; round++) {
            String contact = cluster.contact(round);
            String code = cluster.start(contact);
            String wrong = wrongCode(code);
            int right = round % THREADS;
            CyclicBarrier together = new CyclicBarrier(THREADS);
            Map<VerificationOutcome, Integer> outcomes = count(all(i -> {
                together.await();
                return cluster.service(i).confirm(contact, Channel.EMAIL, i == right ? code : wrong);
            }));

            int verified = outcomes.getOrDefault(VerificationOutcome.VERIFIED, 0);
            int compared = verified + outcomes.getOrDefault(VerificationOutcome.WRONG_CODE, 0)
                    + outcomes.getOrDefault(VerificationOutcome.TOO_MANY_TRIES, 0);
            assertThat(compared).as("codes compared in round %d: %s", round, outcomes).isBetween(1, LIMIT);
            assertThat(outcomes.getOrDefault(VerificationOutcome.NO_PENDING_CODE, 0)).isEqualTo(THREADS - compared);
            assertThat(verified).isLessThanOrEqualTo(1);
            assertThat(cluster.verified(contact)).isEqualTo(verified == 1);
            if (verified == 0) {
                assertThat(compared).isEqualTo(LIMIT);
                assertThat(cluster.service(0).confirm(contact, Channel.EMAIL, code))
                        .isEqualTo(VerificationOutcome.NO_PENDING_CODE);
            } else {
                assertThat(store.find(contact, Channel.EMAIL, mail(contact))).as("a used code is gone").isEmpty();
            }
        }
    }

    /** The store and {@link #NODES} - 1 more handles on its data. */
    private List<VerificationStore> nodes() throws Exception {
        List<VerificationStore> nodes = new ArrayList<>();
        nodes.add(store);
        for (int i = 1; i < NODES; i++) {
            nodes.add(sameDataAs(store));
        }
        return nodes;
    }

    /** Runs a task on {@link #THREADS} threads at once and collects what each returned, in order. */
    private <T> List<T> all(IndexedTask<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            futures.add(threads.submit((Callable<T>) () -> task.call(index)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(HANG.toSeconds(), TimeUnit.SECONDS));
        }
        return results;
    }

    private static Map<VerificationOutcome, Integer> count(List<VerificationOutcome> outcomes) {
        Map<VerificationOutcome, Integer> counts = new EnumMap<>(VerificationOutcome.class);
        outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
        return counts;
    }

    private static String wrongCode(String code) {
        char first = code.charAt(0);
        return (first == '9' ? '0' : (char) (first + 1)) + code.substring(1);
    }

    /** A task of one of the threads. */
    @FunctionalInterface
    private interface IndexedTask<T> {
        T call(int index) throws Exception;
    }

    /**
     * {@link #NODES} verification services, each on its own handle of the store under test, over
     * one configuration in memory and one recording channel.
     */
    private final class Services {
        private final ConfigurationStore configuration = ConfigurationStore.inMemory();
        private final ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        private final RecordingChannel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());
        private final List<VerificationService> services = new ArrayList<>();

        Services() throws Exception {
            admin.createAccount(new Account("acct", EmailAddress.of("owner@example.com"), null));
            Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
            VerificationSettings settings = VerificationSettings.custom().maxWrongTries(LIMIT).build();
            for (VerificationStore node : nodes()) {
                services.add(VerificationService.builder().configuration(configuration).store(node).clock(clock)
                        .settings(settings).channel(email).build());
            }
        }

        VerificationService service(int thread) {
            return services.get(thread % services.size());
        }

        /** A new contact for a round, with an unverified email address. */
        String contact(int round) {
            String id = "c-round-" + round;
            admin.createContact(Contact.unverified(id, "acct", "Round " + round,
                    EmailAddress.of(id + "@example.com"), null));
            return id;
        }

        /** Sends a code to the contact from the first service and returns it as the person would read it. */
        String start(String contact) {
            assertThat(services.get(0).start(contact, Channel.EMAIL).delivered()).isTrue();
            OutboundMessage last = email.sent().get(email.sent().size() - 1).message();
            assertThat(last.address()).isEqualTo(contact + "@example.com");
            return last.data().get(OutboundMessage.DataKeys.CODE);
        }

        boolean verified(String contact) {
            return admin.snapshot().contact(contact).orElseThrow().emailVerified();
        }
    }
}
