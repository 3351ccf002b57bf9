package io.backupalarm.examples.docs;

import io.backupalarm.channels.email.EmailChannel;
import io.backupalarm.channels.email.EmailSettings;
import io.backupalarm.channels.email.SmtpSecurity;

/** The code shown in {@code docs/channels-email.md}. */
public final class ChannelsEmailSnippets {

    private ChannelsEmailSnippets() {
    }

    /**
     * The email channel, configured in code. Needs {@code SMTP_PASSWORD} in the environment.
     *
     * @return the channel; the caller closes it
     */
    public static EmailChannel emailChannel() {
        EmailSettings settings = EmailSettings.custom()
                .host("smtp.example.com")
                .security(SmtpSecurity.STARTTLS)          // the default; port 587 unless set
                .username("alarms@example.com")
                .password(System.getenv("SMTP_PASSWORD"))
                .from("alarms@example.com")
                .fromName("Backup alarms")
                .replyTo("support@example.com")
                .build();
        EmailChannel email = EmailChannel.create(settings);   // or create(settings, clock)
        // register `email` with the engine's builder; close() it when the host shuts down
        return email;
    }
}
