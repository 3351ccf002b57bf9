package io.backupalarm.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SafeText.loggable")
final class SafeTextLoggableTest {

    private static String printed(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    @DisplayName("keeps the class names, messages (escaped) and stack traces of the whole chain")
    void keepsTheChain() {
        IOException cause = new IOException("550 refused\r\nFORGED: log line");
        IllegalStateException error = new IllegalStateException("send failed\nFORGED: second", cause);
        error.addSuppressed(new RuntimeException("closing failed\rFORGED: third"));

        Throwable loggable = SafeText.loggable(error);

        assertThat(loggable.getMessage())
                .isEqualTo("java.lang.IllegalStateException: send failed\\u000aFORGED: second");
        assertThat(loggable.getStackTrace()).isEqualTo(error.getStackTrace());
        assertThat(loggable.getCause().getMessage()).isEqualTo("java.io.IOException: 550 refused\\u000d\\u000aFORGED: log line");
        assertThat(loggable.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        assertThat(loggable.getSuppressed()).singleElement().satisfies(suppressed -> assertThat(suppressed.getMessage())
                .isEqualTo("java.lang.RuntimeException: closing failed\\u000dFORGED: third"));
        String trace = printed(loggable);
        assertThat(trace).startsWith("java.lang.IllegalStateException: send failed\\u000aFORGED: second")
                .contains("Caused by: java.io.IOException: 550 refused")
                .contains("Suppressed: java.lang.RuntimeException: closing failed")
                .contains("at io.backupalarm.text.SafeTextLoggableTest.keepsTheChain");
        // Every line of the printed trace is a header or a frame: no line starts with the forged text.
        assertThat(trace.lines()).noneMatch(line -> line.startsWith("FORGED"));
    }

    @Test
    @DisplayName("ends a cause cycle instead of following it")
    void causeCycle() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        Throwable loggable = SafeText.loggable(first);

        assertThat(loggable.getCause().getMessage()).isEqualTo("java.lang.RuntimeException: second");
        assertThat(loggable.getCause().getCause()).isNull();
    }
}
