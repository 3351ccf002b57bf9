/**
 * The alarm function of a backup product: the model, resolution of recipients, administration,
 * verification of addresses, the alarm engine and reliable delivery, and the SPIs a host or an
 * integrator implements. {@code io.backupalarm.internal} is not exported.
 */
module io.backupalarm.core {
    requires transitive java.net.http;
    requires org.slf4j;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires com.google.i18n.phonenumbers.libphonenumber;

    exports io.backupalarm;
    exports io.backupalarm.config;
    exports io.backupalarm.delivery;
    exports io.backupalarm.history;
    exports io.backupalarm.lifecycle;
    exports io.backupalarm.policy;
    exports io.backupalarm.quiet;
    exports io.backupalarm.spi;
    exports io.backupalarm.text;
    exports io.backupalarm.verification;

    uses io.backupalarm.spi.ChannelProvider;
}
