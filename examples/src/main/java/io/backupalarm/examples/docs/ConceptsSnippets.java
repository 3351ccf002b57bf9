package io.backupalarm.examples.docs;

import io.backupalarm.InUseException;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.spi.ConfigurationStore;
import java.util.List;

/** The code shown in {@code docs/concepts.md}. */
public final class ConceptsSnippets {

    private ConceptsSnippets() {
    }

    /**
     * Tries to delete the contact {@code c-alice}, and reads what still holds it.
     *
     * @param store a configuration in which a group and an instance policy name {@code c-alice}
     * @return every holder, or an empty list if the contact was deleted
     */
    public static List<String> deleteContactInUse(ConfigurationStore store) {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        try {
            admin.deleteContact("c-alice");
        } catch (InUseException e) {
            return e.heldBy(); // ["group g-ops", "instance i-web1 policy"]
        }
        return List.of();
    }
}
