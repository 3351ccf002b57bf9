package io.backupalarm.quiet;

import io.backupalarm.internal.Checks;

/**
 * Who a test notification goes to: everyone an alarm of an instance would reach now, or every
 * verified address of one contact.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface TestTarget {

    /**
     * Everyone who would receive an alarm for an instance now (its resolution).
     *
     * @param instance the instance id
     * @return the target
     */
    static TestTarget instance(String instance) {
        return new Instance(instance);
    }

    /**
     * Every verified address of a contact.
     *
     * @param contact the contact id
     * @return the target
     */
    static TestTarget contact(String contact) {
        return new Contact(contact);
    }

    /**
     * The recipients of an instance's alarms.
     *
     * @param id the instance id
     */
    record Instance(String id) implements TestTarget {
        /** Validates the id. */
        public Instance {
            Checks.id(id, "test instance");
        }
    }

    /**
     * The verified addresses of a contact.
     *
     * @param id the contact id
     */
    record Contact(String id) implements TestTarget {
        /** Validates the id. */
        public Contact {
            Checks.id(id, "test contact");
        }
    }
}
