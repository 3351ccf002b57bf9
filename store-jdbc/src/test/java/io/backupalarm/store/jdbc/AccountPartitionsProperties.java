package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

@DisplayName("AccountPartitions, for any ids and numbers of partitions")
final class AccountPartitionsProperties {

    /** Account ids: letters, digits and the id punctuation, or any Unicode text; never blank. */
    private static Gen<String> ids() {
        Gen<String> plain = strings().betweenCodePoints('-', 'z').ofLengthBetween(1, 40);
        Gen<String> unicode = strings().allPossible().ofLengthBetween(1, 20);
        return plain.mix(unicode).assuming(id -> !id.isBlank());
    }

    @Test
    @DisplayName("map every id into [0, n), the same id always to the same partition")
    void inRangeAndStable() {
        qt().forAll(ids(), integers().between(1, 10_000)).checkAssert((id, n) -> {
            int partition = AccountPartitions.partitionOf(id, n);
            assertThat(partition).isBetween(0, n - 1);
            assertThat(AccountPartitions.partitionOf(new String(id.toCharArray()), n)).isEqualTo(partition);
            List<Integer> objects = IntStream.range(0, n).boxed().toList();
            assertThat(AccountPartitions.of(objects).forAccount(id)).isEqualTo(partition);
        });
    }

    @Test
    @DisplayName("give every one of n partitions some of 200 distinct random ids")
    void everyPartitionGetsSome() {
        // With 200 ids and at most 8 partitions, a partition left empty by a uniform hash has a
        // probability below 8 * (7/8)^200, about 2e-11.
        qt().forAll(ids(), integers().between(1, 8)).checkAssert((prefix, n) -> {
            int[] counts = new int[n];
            for (int i = 0; i < 200; i++) {
                counts[AccountPartitions.partitionOf(prefix + "-" + i, n)]++;
            }
            assertThat(counts).as("ids per partition").doesNotContain(0);
        });
    }

    @Test
    @DisplayName("move an account only into the new partition when one is added, and none when nothing is")
    void addingMovesOnlyToTheNewPartition() {
        qt().forAll(ids(), integers().between(1, 1_000)).checkAssert((id, n) -> {
            int before = AccountPartitions.partitionOf(id, n);
            assertThat(AccountPartitions.partitionOf(id, n)).as("nothing added").isEqualTo(before);
            int after = AccountPartitions.partitionOf(id, n + 1);
            assertThat(after).as("with one more partition").isIn(before, n);
        });
    }
}
