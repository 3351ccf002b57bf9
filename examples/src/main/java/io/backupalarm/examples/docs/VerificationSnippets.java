package io.backupalarm.examples.docs;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationService;
import io.backupalarm.verification.VerificationStarted;
import java.util.function.Supplier;

/** The code shown in {@code docs/verification.md}. */
public final class VerificationSnippets {

    private VerificationSnippets() {
    }

    /**
     * Sends a code to the email address of {@code c-alice} and checks the code she types.
     *
     * @param store the configuration, holding the contact {@code c-alice}
     * @param emailChannel the email channel
     * @param smsChannel the SMS channel
     * @param typedCode what the person types, once the code has been sent
     * @return the outcome
     */
    public static VerificationOutcome verifyAlice(ConfigurationStore store, Channel emailChannel, Channel smsChannel,
                                                  Supplier<String> typedCode) {
        VerificationService verification = VerificationService.builder()
                .configuration(store)          // the same ConfigurationStore as the engine
                .channel(emailChannel)
                .channel(smsChannel)
                .build();

        VerificationStarted started = verification.start("c-alice", Channel.EMAIL);
        if (!started.delivered()) { /* tell the user; they may ask again at once */ }
        VerificationOutcome outcome = verification.confirm("c-alice", Channel.EMAIL, typedCode.get());
        return outcome;
    }
}
