package io.backupalarm.spring.web.internal;

import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.backupalarm.ValidationException;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Ids;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestNotification;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spring.web.internal.Json.In;
import io.backupalarm.text.SafeText;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open alarms and their acknowledgement, silences, test notifications, notifications and dead
 * letters of an account. Stateless; thread-safe.
 */
@RestController
@RequestMapping("${backup-alarm.web.base-path:/backup-alarm}/api/accounts/{account}")
public final class AlarmsController {

    private final Api api;

    /**
     * The controller.
     *
     * @param api the shared support
     */
    public AlarmsController(Api api) {
        this.api = api;
    }

    // ---- alarms

    /**
     * The account's open alarms.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items}}
     */
    @GetMapping("/alarms")
    public ResponseEntity<byte[]> alarms(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request, "state");
        String stateText = request.getParameter("state");
        AlarmState state = stateText == null ? null : enumParam(AlarmState.class, "state", stateText);
        Set<String> instances = instancesOf(account);
        List<Object> items = new ArrayList<>();
        for (OpenAlarm alarm : api.engine().openAlarms()) {
            if (belongs(alarm, account, instances) && (state == null || alarm.state() == state)) {
                items.add(Views.alarm(alarm));
            }
        }
        return Api.ok(Api.items(items));
    }

    /**
     * Acknowledges a firing alarm in the principal's name.
     *
     * @param account the account
     * @param body {@code {type, instance, job?, comment?}}
     * @param request the request
     * @return the result and the alarm
     */
    @PostMapping("/alarms/acknowledge")
    public ResponseEntity<byte[]> acknowledge(@PathVariable("account") String account,
                                              @RequestBody(required = false) byte[] body,
                                              HttpServletRequest request) {
        Principal principal = api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, "type", "instance", "job", "comment");
        AlarmType type = enumField(AlarmType.class, "type", in.required("type"));
        String instance = in.required("instance");
        String job = in.string("job");
        String comment = in.string("comment");
        AlarmKey key;
        try {
            key = new AlarmKey(type, instance, job);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(e.getMessage().contains("job") ? "job" : "instance", e.getMessage());
        }
        Set<String> instances = instancesOf(account);
        Optional<OpenAlarm> open = api.engine().openAlarms().stream()
                .filter(a -> a.key().equals(key) && belongs(a, account, instances)).findFirst();
        if (open.isEmpty()) {
            throw ApiProblem.notFound("alarm " + SafeText.printable(key.toString()) + " is not open");
        }
        AcknowledgeResult result;
        try {
            result = api.engine().acknowledge(key, principal.getName(), comment);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(e.getMessage().contains("comment") ? "comment" : "", e.getMessage());
        }
        if (result == AcknowledgeResult.NOT_FIRING) {
            throw ApiProblem.of(409, "not-firing", "Not firing", "alarm " + key
                    + " is not firing; only a firing alarm can be acknowledged");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", result.name());
        out.put("alarm", api.engine().openAlarms().stream().filter(a -> a.key().equals(key)).findFirst()
                .map(Views::alarm).orElse(null));
        return Api.ok(out);
    }

    // ---- silences

    /**
     * The account's silences that have not ended.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items}}
     */
    @GetMapping("/silences")
    public ResponseEntity<byte[]> silences(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        Instant now = api.clock().instant();
        return Api.ok(Api.items(api.engine().silences().stream().filter(s -> s.account().equals(account))
                .map(s -> (Object) Views.silence(s, now)).toList()));
    }

    /**
     * Creates a silence in the principal's name.
     *
     * @param account the account
     * @param body {@code {id?, matcher?, starts?, ends, comment?}}
     * @param request the request
     * @return 201 with the silence
     */
    @PostMapping("/silences")
    public ResponseEntity<byte[]> createSilence(@PathVariable("account") String account,
                                                @RequestBody(required = false) byte[] body,
                                                HttpServletRequest request) {
        Principal principal = api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, "id", "matcher", "starts", "ends", "comment");
        String given = in.string("id");
        String id = given == null ? api.newId("s-") : given;
        if (!Ids.isValid(id)) {
            throw ApiProblem.invalid("id", "silence id '" + SafeText.printable(id)
                    + "' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')");
        }
        In m = in.object("matcher", "vault", "instance", "alarm");
        AlarmMatcher matcher = AlarmMatcher.ANY;
        if (m != null) {
            String vault = m.string("vault");
            String instance = m.string("instance");
            String alarm = m.string("alarm");
            AlarmType type = alarm == null ? null : enumField(AlarmType.class, "matcher.alarm", alarm);
            api.store().read(r -> {
                checkMatcher(r, account, vault, instance);
                return null;
            });
            matcher = new AlarmMatcher(vault, instance, type);
        }
        Instant starts = in.has("starts") ? instant(in, "starts") : api.clock().instant();
        if (!in.has("ends")) {
            throw ApiProblem.invalid("ends", "ends is required");
        }
        Instant ends = instant(in, "ends");
        String comment = in.string("comment");
        Silence silence;
        try {
            silence = Silence.of(id, account, matcher, starts, ends, principal.getName(), comment);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw ApiProblem.invalid(message.contains("comment") ? "comment" : message.contains("createdBy") ? ""
                    : "ends", message);
        }
        Silence stored;
        try {
            stored = api.engine().createSilence(silence);
        } catch (ValidationException e) {
            List<ApiProblem.FieldError> errors = new ArrayList<>();
            for (ValidationException.Problem p : e.problems()) {
                String field = ProblemResolver.field(p.path(), p.message());
                String message = field.equals("id") ? "silence id " + id + " is taken; choose another or leave id out"
                        : ProblemResolver.hide(p.message());
                errors.add(new ApiProblem.FieldError(field, message));
            }
            throw ApiProblem.invalid(errors);
        }
        return Api.created(request, id, Views.silence(stored, api.clock().instant()), false);
    }

    /**
     * Ends a silence now.
     *
     * @param account the account
     * @param id the silence
     * @param request the request
     * @return the silence as stored now
     */
    @PostMapping("/silences/{id}/expire")
    public ResponseEntity<byte[]> expireSilence(@PathVariable("account") String account,
                                                @PathVariable("id") String id, HttpServletRequest request) {
        api.change(request, account);
        Api.params(request);
        boolean ours = api.engine().silences().stream().anyMatch(s -> s.id().equals(id) && s.account().equals(account));
        if (!ours) {
            throw ApiProblem.notFound("silence " + SafeText.printable(id) + " does not exist or has ended");
        }
        Silence expired = api.engine().expireSilence(id);
        return Api.ok(Views.silence(expired, api.clock().instant()));
    }

    // ---- tests and notifications

    /**
     * Sends a test notification to an instance's or a contact's recipients.
     *
     * @param account the account
     * @param body {@code {instance}} or {@code {contact}}
     * @param request the request
     * @return the messages sent
     */
    @PostMapping("/tests")
    public ResponseEntity<byte[]> test(@PathVariable("account") String account,
                                       @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, "instance", "contact");
        String instance = in.string("instance");
        String contact = in.string("contact");
        if ((instance == null) == (contact == null)) {
            throw ApiProblem.invalid("", "name exactly one of instance and contact");
        }
        TestTarget target = api.store().read(r -> {
            if (instance != null) {
                if (Api.instance(r, account, instance).isEmpty()) {
                    throw ApiProblem.invalid("instance", "instance " + SafeText.printable(instance)
                            + " does not exist");
                }
                return TestTarget.instance(instance);
            }
            if (Api.contact(r, account, contact).isEmpty()) {
                throw ApiProblem.invalid("contact", "contact " + SafeText.printable(contact) + " does not exist");
            }
            return TestTarget.contact(contact);
        });
        TestNotification sent = api.engine().sendTest(target);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("instance", instance);
        t.put("contact", contact);
        out.put("target", t);
        out.put("at", sent.at().toString());
        List<Object> messages = new ArrayList<>();
        for (TestNotification.Message message : sent.messages()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("channel", message.recipient().channel());
            mm.put("address", message.recipient().address());
            mm.put("key", message.key());
            messages.add(mm);
        }
        out.put("messages", messages);
        return Api.ok(out);
    }

    /**
     * One notification of the account.
     *
     * @param account the account
     * @param key its idempotency key
     * @param request the request
     * @return the notification
     */
    @GetMapping("/notifications/{key}")
    public ResponseEntity<byte[]> notification(@PathVariable("account") String account,
                                               @PathVariable("key") String key, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        Notification n = api.engine().notification(key).filter(x -> account.equals(x.account()))
                .orElseThrow(() -> ApiProblem.notFound("notification " + SafeText.printable(key) + " does not exist"));
        return Api.ok(Views.notification(n));
    }

    /**
     * The account's dead letters.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items}}
     */
    @GetMapping("/dead-letters")
    public ResponseEntity<byte[]> deadLetters(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        return Api.ok(Api.items(api.engine().deadLetters().stream().filter(n -> account.equals(n.account()))
                .map(n -> (Object) Views.notification(n)).toList()));
    }

    /**
     * Sends a dead letter again.
     *
     * @param account the account
     * @param key its idempotency key
     * @param request the request
     * @return the notification, pending again
     */
    @PostMapping("/dead-letters/{key}/redrive")
    public ResponseEntity<byte[]> redrive(@PathVariable("account") String account, @PathVariable("key") String key,
                                          HttpServletRequest request) {
        api.change(request, account);
        Api.params(request);
        boolean ours = api.engine().deadLetters().stream()
                .anyMatch(n -> n.key().equals(key) && account.equals(n.account()));
        if (!ours || !api.engine().redrive(key)) {
            throw ApiProblem.notFound("dead letter " + SafeText.printable(key) + " does not exist");
        }
        Notification n = api.engine().notification(key)
                .orElseThrow(() -> ApiProblem.notFound("dead letter " + SafeText.printable(key) + " does not exist"));
        return Api.ok(Views.notification(n));
    }

    // ---- helpers

    /** The ids of the account's instances now. */
    private Set<String> instancesOf(String account) {
        return api.store().read(r -> {
            Set<String> out = new HashSet<>();
            r.vaults().findByAccount(account).forEach(v -> r.instances().findByVault(v.id())
                    .forEach(i -> out.add(i.id())));
            return out;
        });
    }

    /**
     * Whether an open alarm is the account's: a fired one says so itself; a pending one by its
     * instance.
     */
    private static boolean belongs(OpenAlarm alarm, String account, Set<String> instances) {
        return alarm.account() != null ? alarm.account().equals(account) : instances.contains(alarm.key().instance());
    }

    private static void checkMatcher(Repositories r, String account, String vault, String instance) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (vault != null && (!Ids.isValid(vault) || Api.vault(r, account, vault).isEmpty())) {
            errors.add(new ApiProblem.FieldError("matcher.vault", "vault " + SafeText.printable(vault)
                    + " does not exist"));
        }
        if (instance != null && (!Ids.isValid(instance) || Api.instance(r, account, instance).isEmpty())) {
            errors.add(new ApiProblem.FieldError("matcher.instance", "instance " + SafeText.printable(instance)
                    + " does not exist"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private static Instant instant(In in, String field) {
        String text = in.string(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.malformed(in.path(field), in.path(field) + " '" + SafeText.printable(text)
                    + "' is not an ISO-8601 instant such as 2026-11-30T08:15:00Z");
        }
    }

    static <E extends Enum<E>> E enumField(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, field + " '" + SafeText.printable(text) + "' is not one of "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }

    static <E extends Enum<E>> E enumParam(Class<E> type, String param, String text) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.malformed(param, "query parameter " + param + " '" + SafeText.printable(text)
                    + "' is not one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .toList()));
        }
    }
}
