package io.backupalarm.channels.sms.internal;

import io.backupalarm.channels.sms.SmsGateway;
import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.channels.sms.SmsSegments;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.text.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For development: logs what it would send (at INFO, logger
 * {@code io.backupalarm.channels.sms.logging}) and reports it delivered. Sends nothing.
 *
 * <p>Thread-safe (SLF4J loggers are).
 */
public final class LoggingSmsGateway implements SmsGateway {

    private static final Logger LOG = LoggerFactory.getLogger("io.backupalarm.channels.sms.logging");

    /** Creates the gateway. */
    public LoggingSmsGateway() {
    }

    @Override
    public String name() {
        return "logging";
    }

    @Override
    public DeliveryResult send(SmsRequest request) {
        SmsSegments.Length length = request.length();
        // The text holds line breaks and the data text from hosts: escaped, one log line per text.
        LOG.info("SMS not sent (logging gateway) to {} [{} key={} {} {} segment(s)] data={} text: {}",
                request.to(), request.kind(), request.idempotencyKey(), length.encoding(), length.segments(),
                SafeText.escape(String.valueOf(request.data())), SafeText.escape(request.text()));
        return DeliveryResult.delivered("logged:" + request.idempotencyKey());
    }
}
