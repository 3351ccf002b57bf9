package io.backupalarm.examples.docs;

import java.time.Duration;

/**
 * What {@link SmppGateway} needs of an SMPP library's client: a stand-in for the library a host
 * would use, so that the gateway of {@code docs/channels-sms.md} compiles and runs.
 */
public interface SmppClient {

    /**
     * Submits one text.
     *
     * @param to the mobile number in E.164
     * @param text the text
     * @param reference a client reference the provider keeps with the message
     * @return the provider's message id
     * @throws ThrottledException if the provider asks to slow down
     * @throws InvalidDestinationException if the provider refuses the number
     */
    String submit(String to, String text, String reference) throws ThrottledException, InvalidDestinationException;

    /** The provider asks to slow down. */
    final class ThrottledException extends Exception {

        private static final long serialVersionUID = 1L;

        private final Duration retryAfter;

        /**
         * Creates the exception.
         *
         * @param retryAfter how long the provider asks to wait
         */
        public ThrottledException(Duration retryAfter) {
            super("throttled for " + retryAfter);
            this.retryAfter = retryAfter;
        }

        /**
         * How long the provider asks to wait.
         *
         * @return the pause
         */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The provider refuses the number. */
    final class InvalidDestinationException extends Exception {

        private static final long serialVersionUID = 1L;

        private final String code;

        /**
         * Creates the exception.
         *
         * @param code the provider's error code
         */
        public InvalidDestinationException(String code) {
            super("invalid destination: " + code);
            this.code = code;
        }

        /**
         * The provider's error code.
         *
         * @return the code
         */
        public String code() {
            return code;
        }
    }
}
