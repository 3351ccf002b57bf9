package io.backupalarm.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@DisplayName("Suggestions for unknown ids")
final class SuggestionsTest {

    @Test
    @DisplayName("suggests the id a typo away: a missing, extra or changed character, or another case")
    void typos() {
        List<String> ids = List.of("i-web1", "i-web2", "i-db1", "v-prod", "acct-1");
        assertThat(Suggestions.nearest("i-web", ids)).contains("i-web1");
        assertThat(Suggestions.nearest("i-wev1", ids)).contains("i-web1");
        assertThat(Suggestions.nearest("V-PROD", ids)).contains("v-prod");
        assertThat(Suggestions.nearest("i-db9", ids)).contains("i-db1");
        assertThat(Suggestions.didYouMean("i-web", ids)).isEqualTo("; did you mean 'i-web1'?");
    }

    @Test
    @DisplayName("suggests nothing for an id far from every known one, an empty list, or an id that is known")
    void nothing() {
        List<String> ids = List.of("c-alice", "c-bob", "i-web1");
        assertThat(Suggestions.nearest("c-carol", ids)).isEmpty();
        assertThat(Suggestions.nearest("x", List.of("y", "zz"))).contains("y");
        assertThat(Suggestions.nearest("ab", List.of("cd"))).isEmpty();
        assertThat(Suggestions.nearest("i-web1", List.of())).isEmpty();
        assertThat(Suggestions.nearest("i-web1", List.of("i-web1"))).isEmpty();
        assertThat(Suggestions.didYouMean("c-carol", ids)).isEmpty();
    }

    @Test
    @DisplayName("a tie goes to the first id in string order, whatever the order of the list")
    void ties() {
        assertThat(Suggestions.nearest("i-web", List.of("i-web2", "i-web1"))).contains("i-web1");
        assertThat(Suggestions.nearest("i-web", List.of("i-web1", "i-web2"))).contains("i-web1");
    }

    @Test
    @DisplayName("long ids are compared quickly and correctly")
    void longIds() {
        String prefix = "x".repeat(120);
        List<String> ids = List.of(prefix + "-00001", prefix + "-00002", prefix + "-10000");
        assertThat(Suggestions.nearest(prefix + "-0001", ids)).contains(prefix + "-00001");
        assertThat(Suggestions.nearest(prefix + "-23456", ids)).isEmpty();
    }

    @Test
    @DisplayName("agrees with a plain Levenshtein distance: the nearest within reach, ties by string order")
    void agreesWithPlainLevenshtein() {
        Gen<String> ids = SourceDSL.strings().betweenCodePoints('a', 'd').ofLengthBetween(0, 9);
        qt().withExamples(3000).forAll(ids, SourceDSL.lists().of(ids).ofSizeBetween(0, 6))
                .checkAssert((unknown, known) -> assertThat(Suggestions.nearest(unknown, known))
                        .as("%s among %s", unknown, known).isEqualTo(expected(unknown, known)));
    }

    private static Optional<String> expected(String unknown, List<String> known) {
        int reach = Math.min(2, Math.max(1, unknown.length() / 3));
        return known.stream().filter(id -> !id.equals(unknown))
                .filter(id -> levenshtein(unknown.toLowerCase(Locale.ROOT), id.toLowerCase(Locale.ROOT)) <= reach)
                .min((a, b) -> {
                    int byDistance = Integer.compare(levenshtein(unknown, a), levenshtein(unknown, b));
                    return byDistance != 0 ? byDistance : a.compareTo(b);
                });
    }

    private static int levenshtein(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                d[i][j] = i == 0 ? j : j == 0 ? i : Math.min(d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1),
                        Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
