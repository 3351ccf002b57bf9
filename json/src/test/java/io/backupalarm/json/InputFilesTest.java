package io.backupalarm.json;

import static io.backupalarm.json.ConfigurationFilesTest.json;
import static io.backupalarm.json.ConfigurationFilesTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Input files (configuration or scenario)")
final class InputFilesTest {

    @Test
    @DisplayName("a file without a top-level config field is a configuration file")
    void configurationFile() throws Exception {
        InputFile input = InputFiles.read(resource("example-config.json"));

        assertThat(input.isScenario()).isFalse();
        assertThat(input.configuration()).isEqualTo(ConfigurationFiles.read(resource("example-config.json")));
    }

    @Test
    @DisplayName("a file with a top-level config field is a scenario file, and its config is the configuration")
    void scenarioFile() throws Exception {
        InputFile input = InputFiles.read(resource("example-scenario.json"));

        assertThat(input.isScenario()).isTrue();
        assertThat(input.scenario().orElseThrow().steps()).hasSize(4);
        assertThat(input.configuration()).isEqualTo(ConfigurationFiles.read(resource("example-config.json")));
    }

    @Test
    @DisplayName("a scenario file is validated whole, events included")
    void scenarioValidatedWhole() {
        assertThatThrownBy(() -> InputFiles.read(json("{'config':{},'events':[{'at':'2026-01-01T00:00:00Z',"
                + "'type':'CLIENT_DISCONNECTED','instance':'i-nope'}]}"), "s.json"))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("s.json: $.events[0].instance: instance i-nope does not exist");
    }
}
