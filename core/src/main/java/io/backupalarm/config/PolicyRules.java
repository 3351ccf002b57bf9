package io.backupalarm.config;

import java.util.Set;

/** The rule both policy levels share: only a CUSTOMIZED policy names contacts and groups. */
final class PolicyRules {

    private PolicyRules() {
    }

    static void check(boolean customized, String mode, Set<String> contacts, Set<String> groups) {
        if (customized && contacts.isEmpty() && groups.isEmpty()) {
            throw new IllegalArgumentException("alarmPolicy mode CUSTOMIZED must name at least one contact or group");
        }
        if (!customized && !(contacts.isEmpty() && groups.isEmpty())) {
            throw new IllegalArgumentException("alarmPolicy mode " + mode + " must not name contacts or groups");
        }
    }
}
