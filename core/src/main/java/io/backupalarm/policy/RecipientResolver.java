package io.backupalarm.policy;

import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.ConfigurationView;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.spi.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who receives an alarm for an instance (behaviour contract, section 3):
 * <ol>
 *   <li>the instance's policy applies unless it is {@code SAME_AS_VAULT}, in which case the
 *       vault's policy applies: the instance level takes precedence;</li>
 *   <li>{@code DISABLED}: nobody; {@code DEFAULT}: the account's email and mobile;
 *       {@code CUSTOMIZED}: every named contact and every member of every named group;</li>
 *   <li>only verified addresses of contacts are told, further addresses included; each
 *       (channel, address) once. A further address reached by several paths carries the secret
 *       id it has on the first path in the order of {@link Via} (the first path
 *       {@link #explain} lists).</li>
 * </ol>
 * A pure function of the configuration: the same configuration gives the same answer whatever
 * the order of its lists. A reference to a missing contact or group (possible only in a host
 * store that broke integrity) is skipped with a warning.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecipientResolver {

    private static final Logger LOG = LoggerFactory.getLogger(RecipientResolver.class);

    private RecipientResolver() {
    }

    /**
     * The recipients for an instance, without explanations: the fast path the engine uses when an
     * alarm fires.
     *
     * @param view the configuration
     * @param instanceId the instance
     * @return an unmodifiable set of recipients, empty when nobody is told
     * @throws NotFoundException if the instance, its vault or its account does not exist
     */
    public static Set<Recipient> recipients(ConfigurationView view, String instanceId) {
        Map<Recipient, Found> found = new HashMap<>();
        visit(view, instanceId, (recipient, account, contact, group) -> {
            Found existing = found.get(recipient);
            // The path first in the order of paths decides the secret id, so that the answer does not
            // depend on the order the paths were visited in; a Via is built only for a second path.
            if (existing == null || new Via(account, contact, group).compareTo(existing.via()) < 0) {
                found.put(recipient, new Found(recipient, account, contact, group));
            }
        });
        Set<Recipient> out = new HashSet<>(found.size() * 2);
        found.values().forEach(f -> out.add(f.recipient));
        return Collections.unmodifiableSet(out);
    }

    /** A recipient with the path that decided its secret id, kept as parts until a second path asks for it. */
    private record Found(Recipient recipient, String account, String contact, String group) {
        Via via() {
            return new Via(account, contact, group);
        }
    }

    /**
     * The recipients for an instance with the level that decided, the effective mode, and every
     * path that led to each address.
     *
     * @param view the configuration
     * @param instanceId the instance
     * @return the resolution; recipients sorted by channel then address, paths sorted
     * @throws NotFoundException if the instance, its vault or its account does not exist
     */
    public static Resolution explain(ConfigurationView view, String instanceId) {
        Map<Recipient, List<Via>> paths = new HashMap<>();
        Map<Recipient, Found> first = new HashMap<>();
        Decision decision = visit(view, instanceId, (recipient, account, contact, group) -> {
            Via via = new Via(account, contact, group);
            paths.computeIfAbsent(recipient, r -> new ArrayList<>()).add(via);
            first.merge(recipient, new Found(recipient, account, contact, group),
                    (old, candidate) -> candidate.via().compareTo(old.via()) < 0 ? candidate : old);
        });
        List<ResolvedRecipient> recipients = new ArrayList<>(paths.size());
        paths.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            List<Via> via = new ArrayList<>(new HashSet<>(entry.getValue()));
            Collections.sort(via);
            recipients.add(new ResolvedRecipient(first.get(entry.getKey()).recipient(), via));
        });
        return new Resolution(decision.instance.id(), decision.vault.id(), decision.account.id(),
                decision.level, decision.mode, recipients);
    }

    /** Receives each (recipient, path) found; the path's parts, so the fast path builds no {@link Via}. */
    @FunctionalInterface
    private interface Sink {
        void accept(Recipient recipient, String account, String contact, String group);
    }

    private record Decision(Instance instance, Vault vault, Account account, PolicyLevel level, PolicyMode mode) {
    }

    private static Decision visit(ConfigurationView view, String instanceId, Sink sink) {
        Instance instance = view.instance(instanceId).orElseThrow(() -> new NotFoundException("instance", instanceId));
        Vault vault = view.vault(instance.vault()).orElseThrow(() -> new NotFoundException("vault", instance.vault()));
        Account account = view.account(vault.account())
                .orElseThrow(() -> new NotFoundException("account", vault.account()));

        InstancePolicyMode instanceMode = instance.alarmPolicy().mode();
        PolicyLevel level = instanceMode == InstancePolicyMode.SAME_AS_VAULT ? PolicyLevel.VAULT : PolicyLevel.INSTANCE;
        AlarmPolicy policy = level == PolicyLevel.VAULT ? vault.alarmPolicy() : instance.alarmPolicy();
        PolicyMode mode = level == PolicyLevel.VAULT ? vault.alarmPolicy().mode() : PolicyMode.valueOf(instanceMode.name());

        switch (mode) {
            case DISABLED -> {
            }
            case DEFAULT -> {
                if (account.email() != null) {
                    sink.accept(new Recipient(Channel.EMAIL, account.email().value()), account.id(), null, null);
                }
                if (account.mobile() != null) {
                    sink.accept(new Recipient(Channel.SMS, account.mobile().value()), account.id(), null, null);
                }
            }
            case CUSTOMIZED -> {
                for (String contactId : policy.contacts()) {
                    contact(view, contactId, null, instanceId, sink);
                }
                for (String groupId : policy.groups()) {
                    ContactGroup group = view.group(groupId).orElse(null);
                    if (group == null) {
                        LOG.warn("Instance {}: policy names group {}, which does not exist; skipped", instanceId, groupId);
                        continue;
                    }
                    for (String member : group.members()) {
                        contact(view, member, groupId, instanceId, sink);
                    }
                }
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        return new Decision(instance, vault, account, level, mode);
    }

    private static void contact(ConfigurationView view, String contactId, String groupId, String instanceId,
                                Sink sink) {
        Contact contact = view.contact(contactId).orElse(null);
        if (contact == null) {
            LOG.warn("Instance {}: policy leads to contact {}, which does not exist; skipped", instanceId, contactId);
            return;
        }
        contact.verifiedEmail().ifPresent(email ->
                sink.accept(new Recipient(Channel.EMAIL, email.value()), null, contactId, groupId));
        contact.verifiedMobile().ifPresent(mobile ->
                sink.accept(new Recipient(Channel.SMS, mobile.value()), null, contactId, groupId));
        for (ContactAddress address : contact.verifiedAddresses()) {
            sink.accept(new Recipient(address.channel(), address.address(), address.secret()), null, contactId, groupId);
        }
    }
}
