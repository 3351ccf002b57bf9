package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Label("Value type rules")
final class ValueTypeProperties {

    @Property(tries = 300)
    @Label("every string of 1 to 128 allowed characters is a valid id")
    void generatedGoodIds(@ForAll("ids") String id) {
        assertThat(new Vault(id, id, null).id()).isEqualTo(id);
    }

    @Property(tries = 300)
    @Label("an id containing any other character is rejected")
    void generatedBadIds(@ForAll("ids") String prefix, @ForAll("notIdChars") char bad, @ForAll("ids") String suffix) {
        String id = (prefix + bad + suffix);
        assertThatIllegalArgumentException().isThrownBy(() -> new Vault("v-1", id, null))
                .withMessageContaining("vault v-1 account");
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_', '.', ':').ofMinLength(1).ofMaxLength(60);
    }

    @Provide
    Arbitrary<Character> notIdChars() {
        return Arbitraries.chars().filter(c -> !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')
                && !(c >= '0' && c <= '9') && "-_.:".indexOf(c) < 0);
    }

    @Property(tries = 200)
    @Label("any name with a control character anywhere is rejected")
    void generatedControlCharacters(@ForAll @IntRange(min = 0, max = 30) int at,
                                    @ForAll("controls") char control) {
        String name = "n".repeat(at) + control + "n".repeat(30 - at);
        assertThatIllegalArgumentException().isThrownBy(() -> new ContactGroup("g-1", "a-1", name, Set.of("c-1")))
                .withMessageContaining("group g-1 name");
    }

    @Provide
    Arbitrary<Character> controls() {
        return Arbitraries.of(List.of((char) 0, (char) 8, '\t', '\n', '\r', (char) 0x1f, (char) 0x7f, (char) 0x9f));
    }
}
