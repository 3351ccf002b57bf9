package io.backupalarm.channels.email;

/**
 * How the connection to the SMTP server is protected.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum SmtpSecurity {

    /**
     * No encryption: the conversation, including any password, travels in clear text. Only for
     * a relay on the same host or a trusted network. Default port 25.
     */
    NONE(25),

    /**
     * Connect in clear text, then upgrade with STARTTLS before anything else is said; if the
     * server does not offer STARTTLS, nothing is sent. The usual mode of a submission server.
     * Default port 587.
     */
    STARTTLS(587),

    /** TLS from the first byte ("implicit TLS", SMTPS). Default port 465. */
    TLS(465);

    private final int defaultPort;

    SmtpSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /**
     * The port used when none is configured: 25, 587 or 465.
     *
     * @return the conventional port for this mode
     */
    public int defaultPort() {
        return defaultPort;
    }
}
