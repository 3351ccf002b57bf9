package io.backupalarm.testsupport;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with an MDC that keeps its values (slf4j-simple's own drops them), chosen by the
 * {@code slf4j.provider} system property the build sets for core's tests: tests can then check
 * what the engine puts in the MDC. Thread-safe.
 */
public final class MdcSimpleServiceProvider extends SimpleServiceProvider {

    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }
}
