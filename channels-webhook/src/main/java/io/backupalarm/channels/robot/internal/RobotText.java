package io.backupalarm.channels.robot.internal;

import io.backupalarm.spi.OutboundMessage;

/**
 * The title and body a robot shows, from a rendered message's subject and text (in the message's
 * language, whatever its kind). Angle brackets in them become their full-width forms ＜ ＞, so
 * that text from a backup job (a failure message, a job name) cannot mention a whole group
 * ({@code <@all>}, {@code <at user_id="all">}) or add markup tags; the markup around them is the
 * channel's own.
 *
 * <p>Stateless and thread-safe.
 */
public final class RobotText {

    private RobotText() {
    }

    /**
     * The message's subject, neutralized.
     *
     * @param message the message
     * @return the title
     */
    public static String title(OutboundMessage message) {
        return neutral(message.subject());
    }

    /**
     * The message's text, neutralized, without trailing line breaks.
     *
     * @param message the message
     * @return the body
     */
    public static String body(OutboundMessage message) {
        return neutral(message.text()).replaceAll("\\s+$", "");
    }

    /**
     * Text with {@code <} and {@code >} in their full-width forms and CR LF as LF.
     *
     * @param text the text
     * @return the neutral text
     */
    public static String neutral(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('<', '＜').replace('>', '＞');
    }
}
