package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class AlarmSettingsTest {

    /** Each grace-period setter, by name, and how to read it back. */
    static Stream<Arguments> gracePeriods() {
        Function<Duration, AlarmSettings.Builder> disconnect = d -> AlarmSettings.custom().disconnectGracePeriod(d);
        Function<Duration, AlarmSettings.Builder> backup = d -> AlarmSettings.custom().backupFailureGracePeriod(d);
        Function<AlarmSettings, Duration> disconnectOf = AlarmSettings::disconnectGracePeriod;
        Function<AlarmSettings, Duration> backupOf = AlarmSettings::backupFailureGracePeriod;
        return Stream.of(Arguments.of("disconnectGracePeriod", disconnect, disconnectOf),
                Arguments.of("backupFailureGracePeriod", backup, backupOf));
    }

    @Test
    @DisplayName("the defaults are one hour of grace for both alarm types, no repeat and no resolution notice")
    void defaults() {
        AlarmSettings settings = AlarmSettings.ofDefaults();
        assertThat(settings.disconnectGracePeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.backupFailureGracePeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.repeatInterval()).isEmpty();
        assertThat(settings.notifyOnResolved()).isFalse();
    }

    @Test
    @DisplayName("the documented bounds: grace periods up to 365 days, repeats from one minute to 365 days")
    void bounds() {
        assertThat(AlarmSettings.MAX_GRACE_PERIOD).isEqualTo(Duration.parse("P365D"));
        assertThat(AlarmSettings.MIN_REPEAT_INTERVAL).isEqualTo(Duration.parse("PT1M"));
        assertThat(AlarmSettings.MAX_REPEAT_INTERVAL).isEqualTo(Duration.parse("P365D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gracePeriods")
    @DisplayName("a grace period from zero to 365 days inclusive is kept as given")
    void gracePeriodWithinBounds(String name, Function<Duration, AlarmSettings.Builder> set,
                                 Function<AlarmSettings, Duration> get) {
        for (Duration ok : new Duration[] {Duration.ZERO, Duration.ofNanos(1), Duration.ofMinutes(30),
                Duration.ofDays(365)}) {
            assertThat(get.apply(set.apply(ok).build())).isEqualTo(ok);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gracePeriods")
    @DisplayName("a negative grace period, or one over 365 days, is rejected naming the setting, the value and the bound")
    void gracePeriodOutOfBounds(String name, Function<Duration, AlarmSettings.Builder> set,
                                Function<AlarmSettings, Duration> get) {
        assertThatThrownBy(() -> set.apply(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " PT-1S must not be negative");
        assertThatThrownBy(() -> set.apply(Duration.ofDays(365).plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " PT8760H0.000000001S is more than the maximum, P365D");
        assertThatThrownBy(() -> set.apply(Duration.ofHours(2562047788015215L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " PT2562047788015215H is more than the maximum, P365D");
        assertThatThrownBy(() -> set.apply(null)).isInstanceOf(NullPointerException.class).hasMessage(name);
    }

    @Test
    @DisplayName("a repeat interval from one minute to 365 days inclusive is kept; null means no repeat")
    void repeatIntervalWithinBounds() {
        for (Duration ok : new Duration[] {Duration.ofMinutes(1), Duration.ofHours(4), Duration.ofDays(365)}) {
            assertThat(AlarmSettings.custom().repeatInterval(ok).build().repeatInterval()).contains(ok);
        }
        assertThat(AlarmSettings.custom().repeatInterval(Duration.ofHours(1)).repeatInterval(null).build()
                .repeatInterval()).isEmpty();
    }

    @Test
    @DisplayName("a repeat interval under one minute (zero and negative too) or over 365 days is rejected with the bound")
    void repeatIntervalOutOfBounds() {
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ofNanos(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repeatInterval PT0.000000001S is less than the minimum, PT1M (null means no repeat)");
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ofSeconds(59)))
                .hasMessageStartingWith("repeatInterval PT59S is less than the minimum, PT1M");
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ZERO))
                .hasMessageStartingWith("repeatInterval PT0S is less than the minimum");
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ofMinutes(-5)))
                .hasMessageStartingWith("repeatInterval PT-5M is less than the minimum");
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ofDays(366)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repeatInterval P366D is more than the maximum, P365D");
    }

    @Test
    @DisplayName("a rejected value leaves the builder as it was")
    void rejectedValueChangesNothing() {
        AlarmSettings.Builder builder = AlarmSettings.custom().disconnectGracePeriod(Duration.ofMinutes(5))
                .repeatInterval(Duration.ofHours(1));
        assertThatThrownBy(() -> builder.disconnectGracePeriod(Duration.ofDays(400)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.repeatInterval(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        AlarmSettings settings = builder.build();
        assertThat(settings.disconnectGracePeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.repeatInterval()).contains(Duration.ofHours(1));
    }

    @Test
    @DisplayName("from(existing) copies every setting")
    void fromCopies() {
        AlarmSettings settings = AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO)
                .backupFailureGracePeriod(Duration.ofDays(365)).repeatInterval(Duration.ofMinutes(1))
                .notifyOnResolved(true).build();
        assertThat(AlarmSettings.from(settings).build()).isEqualTo(settings).hasSameHashCodeAs(settings);
    }

    @Test
    @DisplayName("settings reject bad values at once, naming the setting, and from() copies what was set")
    void settingsValidation() {
        assertThatThrownBy(() -> AlarmSettings.custom().disconnectGracePeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disconnectGracePeriod");
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeatInterval");
        assertThat(AlarmSettings.from(AlarmSettings.custom().notifyOnResolved(true).build()).build().notifyOnResolved())
                .isTrue();
    }
}
