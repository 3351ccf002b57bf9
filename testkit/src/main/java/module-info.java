/**
 * Contract tests for stores and channels, a recording channel and a fluent engine test kit, for
 * the tests of hosts and integrators.
 */
module io.backupalarm.testkit {
    requires transitive io.backupalarm.core;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.backupalarm.testkit;
    // JUnit creates the contract tests' instances and calls their methods by reflection.
    opens io.backupalarm.testkit to org.junit.platform.commons;
}
