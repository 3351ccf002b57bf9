package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AccountPartitions")
final class AccountPartitionsTest {

    private static final AccountPartitions<String> THREE = AccountPartitions.of(List.of("p0", "p1", "p2"));

    @Test
    @DisplayName("puts these ids where they have always been: a change of the hash fails here")
    void pinned() {
        // Computed once with an independent implementation (Guava's Hashing.consistentHash over the
        // first 8 bytes of SHA-256). These numbers decide where data lives: never update them.
        assertThat(partitions("acct-1")).containsExactly(0, 1, 2, 3, 744);
        assertThat(partitions("acct-2")).containsExactly(0, 1, 2, 3, 660);
        assertThat(partitions("acct-3")).containsExactly(0, 1, 1, 9, 689);
        assertThat(partitions("customer-42")).containsExactly(0, 1, 2, 5, 720);
        assertThat(partitions("a")).containsExactly(0, 1, 1, 1, 912);
        assertThat(partitions("Acct-1")).containsExactly(0, 0, 0, 0, 646);
        assertThat(partitions("账户-7")).containsExactly(0, 1, 2, 5, 28);
    }

    private static List<Integer> partitions(String account) {
        return Arrays.stream(new int[] {1, 2, 3, 10, 1000})
                .mapToObj(n -> AccountPartitions.partitionOf(account, n)).toList();
    }

    @Test
    @DisplayName("jumps as published: the key of SHA-256(\"acct-1\") over 1,000 buckets")
    void jumpOfAKnownKey() {
        // 0xba36a4edd92d37c6: the first 8 bytes of SHA-256("acct-1").
        assertThat(AccountPartitions.jump(0xba36a4edd92d37c6L, 1000)).isEqualTo(744);
        assertThat(AccountPartitions.jump(0xba36a4edd92d37c6L, 1)).isZero();
    }

    @Test
    @DisplayName("gives the partition object of an account, and of an instance through the host's map")
    void routes() {
        assertThat(THREE.forAccount("acct-1")).isEqualTo("p2");
        assertThat(THREE.forAccount("acct-3")).isEqualTo("p1");
        assertThat(THREE.forAccount("Acct-1")).isEqualTo("p0");
        assertThat(THREE.indexOf("acct-3")).isEqualTo(1);
        Map<String, String> accountOf = Map.of("backup-7", "acct-3", "backup-8", "acct-1");
        assertThat(THREE.forInstance("backup-7", accountOf::get)).isEqualTo("p1");
        assertThat(THREE.forInstance("backup-8", accountOf::get)).isEqualTo("p2");
        assertThat(THREE.all()).containsExactly("p0", "p1", "p2");
        assertThat(THREE.size()).isEqualTo(3);
        assertThat(AccountPartitions.of(List.of("only")).forAccount("anything")).isEqualTo("only");
    }

    @Test
    @DisplayName("keeps its own copy of the partitions, and gives them read-only")
    void copies() {
        List<String> given = new ArrayList<>(List.of("p0", "p1"));
        AccountPartitions<String> partitions = AccountPartitions.of(given);
        given.set(0, "changed");
        given.add("p2");
        assertThat(partitions.all()).containsExactly("p0", "p1");
        assertThatThrownBy(() -> partitions.all().add("p3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("refuses no partitions, a null partition or a null list, naming what is wrong")
    void badPartitions() {
        assertThatThrownBy(() -> AccountPartitions.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("partitions must not be empty: give at least one");
        assertThatThrownBy(() -> AccountPartitions.of(Arrays.asList("p0", null, "p2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions[1] is null; every partition must be given");
        assertThatThrownBy(() -> AccountPartitions.of(null))
                .isInstanceOf(NullPointerException.class).hasMessage("partitions");
        assertThatThrownBy(() -> AccountPartitions.partitionOf("acct-1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("partitions must be at least 1, not 0");
        assertThatThrownBy(() -> AccountPartitions.partitionOf("acct-1", -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("partitions must be at least 1, not -2");
    }

    @Test
    @DisplayName("refuses a null or blank account id, naming it")
    void badAccountIds() {
        assertThatThrownBy(() -> THREE.forAccount(null))
                .isInstanceOf(NullPointerException.class).hasMessage("accountId");
        assertThatThrownBy(() -> THREE.forAccount(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("accountId must not be blank: ''");
        assertThatThrownBy(() -> THREE.indexOf(" \t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("accountId must not be blank");
        assertThatThrownBy(() -> AccountPartitions.partitionOf(null, 2))
                .isInstanceOf(NullPointerException.class).hasMessage("accountId");
    }

    @Test
    @DisplayName("refuses an instance the host's map does not know, naming the instance")
    void badInstances() {
        Map<String, String> accountOf = Map.of("backup-7", "acct-3", "backup-blank", " ");
        assertThatThrownBy(() -> THREE.forInstance("backup-9", accountOf::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance 'backup-9' has no account: accountOfInstance gave null");
        assertThatThrownBy(() -> THREE.forInstance("backup-blank", accountOf::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance 'backup-blank' has no account: accountOfInstance gave ' '");
        assertThatThrownBy(() -> THREE.forInstance("", accountOf::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("instanceId must not be blank: ''");
        assertThatThrownBy(() -> THREE.forInstance(null, accountOf::get))
                .isInstanceOf(NullPointerException.class).hasMessage("instanceId");
        assertThatThrownBy(() -> THREE.forInstance("backup-7", null))
                .isInstanceOf(NullPointerException.class).hasMessage("accountOfInstance");
    }
}
