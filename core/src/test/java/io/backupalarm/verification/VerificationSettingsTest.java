package io.backupalarm.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VerificationSettings")
final class VerificationSettingsTest {

    @Test
    @DisplayName("the defaults are the contract's: 6 digits, 10 minutes, 5 wrong tries, one code a minute")
    void defaults() {
        VerificationSettings settings = VerificationSettings.ofDefaults();
        assertThat(settings.codeLength()).isEqualTo(6);
        assertThat(settings.codeValidity()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxWrongTries()).isEqualTo(5);
        assertThat(settings.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(VerificationSettings.custom().build().codeLength()).isEqualTo(6);
    }

    @Test
    @DisplayName("each setter rejects a bad value at once, naming the setting and the value")
    void rejectsBadValues() {
        VerificationSettings.Builder builder = VerificationSettings.custom();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.codeLength(3)).withMessage("codeLength must be 4 to 10: 3");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.codeLength(11)).withMessageContaining("codeLength")
                .withMessageContaining("11");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.codeValidity(Duration.ofSeconds(59)))
                .withMessageContaining("codeValidity").withMessageContaining("PT59S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.codeValidity(Duration.ofMinutes(-5)))
                .withMessageContaining("codeValidity");
        assertThatNullPointerException().isThrownBy(() -> builder.codeValidity(null)).withMessage("codeValidity");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxWrongTries(0)).withMessage("maxWrongTries must be at least 1: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.resendInterval(Duration.ofSeconds(-1)))
                .withMessageContaining("resendInterval").withMessageContaining("PT-1S");
        assertThatNullPointerException().isThrownBy(() -> builder.resendInterval(null)).withMessage("resendInterval");
        assertThat(builder.build().codeLength()).as("rejected values left the builder as it was").isEqualTo(6);
    }

    @Test
    @DisplayName("the limits themselves are accepted")
    void acceptsLimits() {
        VerificationSettings low = VerificationSettings.custom().codeLength(4).codeValidity(Duration.ofMinutes(1))
                .maxWrongTries(1).resendInterval(Duration.ZERO).build();
        assertThat(low.codeLength()).isEqualTo(4);
        assertThat(low.codeValidity()).isEqualTo(Duration.ofMinutes(1));
        assertThat(low.maxWrongTries()).isEqualTo(1);
        assertThat(low.resendInterval()).isZero();
        assertThat(VerificationSettings.custom().codeLength(10).build().codeLength()).isEqualTo(10);
    }

    @Test
    @DisplayName("a code length is accepted exactly when it is 4 to 10")
    void codeLengthRange() {
        // 26 values: a thousand draws visit every one of them (a failing run prints its seed, for -DQT_SEED).
        qt().withExamples(1000).forAll(integers().between(-5, 20)).checkAssert(digits -> {
            if (digits >= 4 && digits <= 10) {
                assertThat(VerificationSettings.custom().codeLength(digits).build().codeLength()).isEqualTo(digits);
            } else {
                assertThatIllegalArgumentException().isThrownBy(() -> VerificationSettings.custom().codeLength(digits))
                        .withMessageContaining(Integer.toString(digits));
            }
        });
    }
}
