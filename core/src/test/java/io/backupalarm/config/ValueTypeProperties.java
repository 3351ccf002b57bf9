package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. */
@DisplayName("Value type rules")
final class ValueTypeProperties {

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:";

    @Test
    @DisplayName("every string of 1 to 128 allowed characters is a valid id")
    void generatedGoodIds() {
        qt().withExamples(300).forAll(ids(1, 128))
                .checkAssert(id -> assertThat(new Vault(id, id, null).id()).isEqualTo(id));
    }

    @Test
    @DisplayName("an id containing any other character is rejected")
    void generatedBadIds() {
        // At most 127 characters in all, so that only the bad character can be the reason.
        qt().withExamples(1000).forAll(ids(1, 63), notIdChars(), ids(1, 63)).checkAssert((prefix, bad, suffix) -> {
            String id = prefix + bad + suffix;
            assertThatIllegalArgumentException().isThrownBy(() -> new Vault("v-1", id, null))
                    .withMessageContaining("vault v-1 account");
        });
    }

    private static Gen<String> ids(int minLength, int maxLength) {
        List<Character> chars = ID_CHARS.chars().mapToObj(c -> (char) c).toList();
        return lists().of(arbitrary().pick(chars)).ofSizeBetween(minLength, maxLength)
                .map(list -> list.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /**
     * Any UTF-16 unit but the id characters, surrogates and controls included; half of them ASCII, so
     * that a punctuation character let through by mistake is found, not one draw in 65536.
     */
    private static Gen<Character> notIdChars() {
        List<Character> otherAscii = IntStream.rangeClosed(0, 0x7f).mapToObj(c -> (char) c)
                .filter(c -> ID_CHARS.indexOf(c) < 0).toList();
        return Generate.oneOf(Generate.characters(Character.MIN_VALUE, Character.MAX_VALUE)
                .assuming(c -> ID_CHARS.indexOf(c) < 0), arbitrary().pick(otherAscii));
    }

    @Test
    @DisplayName("any name with a control character anywhere is rejected")
    void generatedControlCharacters() {
        Gen<Character> controls = arbitrary().pick((char) 0, (char) 8, '\t', '\n', '\r', (char) 0x1f, (char) 0x7f, (char) 0x9f);
        // 248 pairs in all: a thousand draws visit nearly every one.
        qt().withExamples(1000).forAll(integers().between(0, 30), controls).checkAssert((at, control) -> {
            String name = "n".repeat(at) + control + "n".repeat(30 - at);
            assertThatIllegalArgumentException().isThrownBy(() -> new ContactGroup("g-1", "a-1", name, Set.of("c-1")))
                    .withMessageContaining("group g-1 name");
        });
    }
}
