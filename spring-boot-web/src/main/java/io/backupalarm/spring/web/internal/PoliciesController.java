package io.backupalarm.spring.web.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupalarm.config.ConfigurationView;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spring.web.internal.ApiProblem.FieldError;
import io.backupalarm.spring.web.internal.Json.In;
import io.backupalarm.text.SafeText;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alarm policies of an account's vaults and instances, and who an instance's alarm would
 * reach. Stateless; thread-safe.
 */
@RestController
@RequestMapping("${backup-alarm.web.base-path:/backup-alarm}/api/accounts/{account}")
public final class PoliciesController {

    private static final String[] FIELDS = {"mode", "contacts", "groups"};

    private final Api api;

    /**
     * The controller.
     *
     * @param api the shared support
     */
    public PoliciesController(Api api) {
        this.api = api;
    }

    /**
     * The account's vaults with their policies.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items: [{id, alarmPolicy, instances}]}}
     */
    @GetMapping("/vaults")
    public ResponseEntity<byte[]> vaults(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        List<Object> items = api.store().read(r -> {
            List<Object> out = new ArrayList<>();
            r.vaults().findByAccount(account).stream().sorted(Comparator.comparing(Vault::id)).forEach(v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", v.id());
                m.put("alarmPolicy", Views.policy(v.alarmPolicy()));
                m.put("instances", r.instances().findByVault(v.id()).size());
                out.add(m);
            });
            return out;
        });
        return Api.ok(Api.items(items));
    }

    /**
     * A vault's policy.
     *
     * @param account the account
     * @param vault the vault
     * @param request the request
     * @return the policy, with its ETag
     */
    @GetMapping("/vaults/{vault}/alarm-policy")
    public ResponseEntity<byte[]> vaultPolicy(@PathVariable("account") String account,
                                              @PathVariable("vault") String vault, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        Vault found = api.store().read(r -> Api.vault(r, account, vault))
                .orElseThrow(() -> ApiProblem.notFound(vaultNotFound(vault)));
        return Api.tagged(Views.policy(found.alarmPolicy()));
    }

    /**
     * Sets a vault's policy.
     *
     * @param account the account
     * @param vault the vault
     * @param body the policy
     * @param request the request
     * @return the policy as stored, with its new ETag
     */
    @PutMapping("/vaults/{vault}/alarm-policy")
    public ResponseEntity<byte[]> setVaultPolicy(@PathVariable("account") String account,
                                                 @PathVariable("vault") String vault,
                                                 @RequestBody(required = false) byte[] body,
                                                 HttpServletRequest request) {
        api.change(request, account);
        List<String> tags = Api.ifMatch(request);
        Api.jsonBody(request);
        In in = In.body(body, FIELDS);
        String modeText = in.required("mode");
        PolicyMode mode = mode(PolicyMode.class, modeText);
        List<String> contacts = in.strings("contacts");
        List<String> groups = in.strings("groups");
        VaultAlarmPolicy policy = build(() -> new VaultAlarmPolicy(mode, new LinkedHashSet<>(contacts),
                new LinkedHashSet<>(groups)));
        api.compareAndChange(tags, r -> Api.vault(r, account, vault).map(v -> Views.policy(v.alarmPolicy())),
                vaultNotFound(vault), r -> checkReferences(r, account, contacts, groups), admin -> {
                    admin.setVaultPolicy(vault, policy);
                    return null;
                });
        return Api.tagged(Views.policy(policy));
    }

    /**
     * The account's instances with their policies.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items: [{id, vault, alarmPolicy}]}}
     */
    @GetMapping("/instances")
    public ResponseEntity<byte[]> instances(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request, "vault");
        String only = request.getParameter("vault");
        List<Object> items = api.store().read(r -> {
            List<Vault> vaults;
            if (only == null) {
                vaults = r.vaults().findByAccount(account);
            } else {
                vaults = List.of(Api.vault(r, account, only).orElseThrow(
                        () -> ApiProblem.invalid("vault", vaultNotFound(only))));
            }
            List<Instance> found = new ArrayList<>();
            vaults.forEach(v -> found.addAll(r.instances().findByVault(v.id())));
            found.sort(Comparator.comparing(Instance::id));
            List<Object> out = new ArrayList<>();
            for (Instance i : found) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("vault", i.vault());
                m.put("alarmPolicy", Views.policy(i.alarmPolicy()));
                out.add(m);
            }
            return out;
        });
        return Api.ok(Api.items(items));
    }

    /**
     * An instance's policy.
     *
     * @param account the account
     * @param instance the instance
     * @param request the request
     * @return the policy, with its ETag
     */
    @GetMapping("/instances/{instance}/alarm-policy")
    public ResponseEntity<byte[]> instancePolicy(@PathVariable("account") String account,
                                                 @PathVariable("instance") String instance,
                                                 HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        Instance found = api.store().read(r -> Api.instance(r, account, instance))
                .orElseThrow(() -> ApiProblem.notFound(instanceNotFound(instance)));
        return Api.tagged(Views.policy(found.alarmPolicy()));
    }

    /**
     * Sets an instance's policy.
     *
     * @param account the account
     * @param instance the instance
     * @param body the policy
     * @param request the request
     * @return the policy as stored, with its new ETag
     */
    @PutMapping("/instances/{instance}/alarm-policy")
    public ResponseEntity<byte[]> setInstancePolicy(@PathVariable("account") String account,
                                                    @PathVariable("instance") String instance,
                                                    @RequestBody(required = false) byte[] body,
                                                    HttpServletRequest request) {
        api.change(request, account);
        List<String> tags = Api.ifMatch(request);
        Api.jsonBody(request);
        In in = In.body(body, FIELDS);
        String modeText = in.required("mode");
        InstancePolicyMode mode = mode(InstancePolicyMode.class, modeText);
        List<String> contacts = in.strings("contacts");
        List<String> groups = in.strings("groups");
        InstanceAlarmPolicy policy = build(() -> new InstanceAlarmPolicy(mode, new LinkedHashSet<>(contacts),
                new LinkedHashSet<>(groups)));
        api.compareAndChange(tags, r -> Api.instance(r, account, instance).map(i -> Views.policy(i.alarmPolicy())),
                instanceNotFound(instance), r -> checkReferences(r, account, contacts, groups), admin -> {
                    admin.setInstancePolicy(instance, policy);
                    return null;
                });
        return Api.tagged(Views.policy(policy));
    }

    /**
     * Who an alarm of the instance would reach now, and why.
     *
     * @param account the account
     * @param instance the instance
     * @param request the request
     * @return the explanation
     */
    @GetMapping("/instances/{instance}/explain")
    public ResponseEntity<byte[]> explain(@PathVariable("account") String account,
                                          @PathVariable("instance") String instance, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        Map<String, Object> out = api.store().read(r -> {
            Api.instance(r, account, instance).orElseThrow(() -> ApiProblem.notFound(instanceNotFound(instance)));
            return Views.explanation(RecipientResolver.explain(ConfigurationView.of(r), instance));
        });
        return Api.ok(out);
    }

    private static String vaultNotFound(String id) {
        return "vault " + SafeText.printable(id) + " does not exist";
    }

    private static String instanceNotFound(String id) {
        return "instance " + SafeText.printable(id) + " does not exist";
    }

    private static <E extends Enum<E>> E mode(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("mode", "mode '" + SafeText.printable(text) + "' is not one of "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }

    private static <P> P build(java.util.function.Supplier<P> policy) {
        try {
            return policy.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.contains("alarmPolicy contacts") ? "contacts"
                    : message.contains("alarmPolicy groups") ? "groups" : "mode";
            throw ApiProblem.invalid(field, message);
        }
    }

    /** Contacts and groups that are not this account's, said as if they did not exist. */
    private static void checkReferences(Repositories r, String account, List<String> contacts, List<String> groups) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < contacts.size(); i++) {
            if (seen.add(contacts.get(i)) && Api.contact(r, account, contacts.get(i)).isEmpty()) {
                errors.add(new FieldError("contacts[" + i + "]", "contact " + contacts.get(i) + " does not exist"));
            }
        }
        seen.clear();
        for (int i = 0; i < groups.size(); i++) {
            if (seen.add(groups.get(i)) && Api.group(r, account, groups.get(i)).isEmpty()) {
                errors.add(new FieldError("groups[" + i + "]", "group " + groups.get(i) + " does not exist"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
