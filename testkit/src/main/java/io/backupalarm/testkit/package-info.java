/**
 * Test support for hosts and integrators: abstract contract tests that every implementation of
 * a repository, a store or a channel extends, a clock that tests move by hand, and a fluent
 * test kit for the alarm engine.
 */
package io.backupalarm.testkit;
