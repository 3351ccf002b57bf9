package io.backupalarm.examples.docs;

import io.backupalarm.config.ConfigurationView;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.policy.Resolution;
import java.util.Set;

/** The code shown in {@code docs/policies.md}. */
public final class PoliciesSnippets {

    private PoliciesSnippets() {
    }

    /**
     * Resolves who is told about {@code i-web1}, and why.
     *
     * @param configuration a configuration holding the instance {@code i-web1}
     * @return the explanation
     */
    public static Resolution explainWeb1(ConfigurationView configuration) {
        Set<Recipient> who = RecipientResolver.recipients(configuration, "i-web1");
        Resolution why = RecipientResolver.explain(configuration, "i-web1");
        why.decidedBy();               // VAULT
        why.mode();                    // CUSTOMIZED
        why.recipients().get(0).via(); // [Via[account=null, contact=c-alice, group=null], Via[account=null, contact=c-alice, group=g-ops]]
        return why;
    }
}
