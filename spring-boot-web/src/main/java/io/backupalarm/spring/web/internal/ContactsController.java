package io.backupalarm.spring.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.backupalarm.ValidationException;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Ids;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spring.web.internal.ApiProblem.FieldError;
import io.backupalarm.spring.web.internal.Json.In;
import io.backupalarm.text.SafeText;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationStarted;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Contacts of an account and the verification of their addresses. Stateless; thread-safe.
 */
@RestController
@RequestMapping("${backup-alarm.web.base-path:/backup-alarm}/api/accounts/{account}/contacts")
public final class ContactsController {

    private static final String[] FIELDS = {"id", "name", "email", "emailVerified", "mobile", "mobileVerified",
        "addresses", "verified"};
    private static final String[] ADDRESS_FIELDS = {"channel", "address", "secret", "verified"};

    private final Api api;

    /**
     * The controller.
     *
     * @param api the shared support
     */
    public ContactsController(Api api) {
        this.api = api;
    }

    /**
     * The account's contacts, optionally those matching a search.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items}}
     */
    @GetMapping
    public ResponseEntity<byte[]> list(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request, "q");
        String q = request.getParameter("q");
        String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
        List<Contact> contacts = api.store().read(r -> r.contacts().findByAccount(account));
        List<Object> items = contacts.stream()
                .filter(c -> needle == null || matches(c, needle))
                .sorted(Comparator.comparing(Contact::name).thenComparing(Contact::id))
                .map(c -> (Object) Views.contact(c)).toList();
        return Api.ok(Api.items(items));
    }

    private static boolean matches(Contact c, String needle) {
        List<String> texts = new ArrayList<>(List.of(c.id(), c.name()));
        if (c.email() != null) {
            texts.add(c.email().value());
        }
        if (c.mobile() != null) {
            texts.add(c.mobile().value());
        }
        c.addresses().forEach(a -> texts.add(a.address()));
        return texts.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(needle));
    }

    /**
     * Creates a contact, every address unverified.
     *
     * @param account the account
     * @param body the contact
     * @param request the request
     * @return 201 with the contact
     */
    @PostMapping
    public ResponseEntity<byte[]> create(@PathVariable("account") String account,
                                         @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, FIELDS);
        String given = in.string("id");
        String id = given == null ? api.newId("c-") : given;
        Contact contact = parse(in, id, account);
        Contact stored = api.guarded(repos -> {
            if (repos.contacts().find(id).isPresent()) {
                throw ApiProblem.invalid("id", "contact id " + id + " is taken; choose another or leave id out");
            }
        }).createContact(contact);
        return Api.created(request, id, Views.contact(stored), true);
    }

    /**
     * One contact.
     *
     * @param account the account
     * @param id the contact
     * @param request the request
     * @return the contact, with its ETag
     */
    @GetMapping("/{id}")
    public ResponseEntity<byte[]> get(@PathVariable("account") String account, @PathVariable("id") String id,
                                      HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        return Api.tagged(Views.contact(find(account, id)));
    }

    /**
     * Replaces a contact's name and addresses.
     *
     * @param account the account
     * @param id the contact
     * @param body the contact
     * @param request the request
     * @return the contact as stored, with its new ETag
     */
    @PutMapping("/{id}")
    public ResponseEntity<byte[]> update(@PathVariable("account") String account, @PathVariable("id") String id,
                                         @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        api.change(request, account);
        List<String> tags = Api.ifMatch(request);
        Api.jsonBody(request);
        In in = In.body(body, FIELDS);
        String sent = in.string("id");
        if (sent != null && !sent.equals(id)) {
            throw ApiProblem.invalid("id", "id '" + SafeText.printable(sent) + "' differs from the path's contact "
                    + SafeText.printable(id) + " (a contact's id cannot change)");
        }
        Contact contact = parse(in, checkedId(id), account);
        Contact stored = api.compareAndChange(tags, repos -> Api.contact(repos, account, id).map(Views::contact),
                notFound(id), repos -> { }, admin -> admin.updateContact(contact));
        return Api.tagged(Views.contact(stored));
    }

    /**
     * Deletes a contact nothing holds.
     *
     * @param account the account
     * @param id the contact
     * @param request the request
     * @return 204
     */
    @DeleteMapping("/{id}")
    public ResponseEntity<byte[]> delete(@PathVariable("account") String account, @PathVariable("id") String id,
                                         HttpServletRequest request) {
        api.change(request, account);
        List<String> tags = Api.ifMatch(request);
        Api.params(request);
        api.compareAndChange(tags, repos -> Api.contact(repos, account, id).map(Views::contact), notFound(id),
                repos -> { }, admin -> {
                    admin.deleteContact(id);
                    return null;
                });
        return Api.noContent();
    }

    /**
     * Sends a verification code to one address of a contact.
     *
     * @param account the account
     * @param id the contact
     * @param body {@code {channel, address?}}
     * @param request the request
     * @return where the code went and until when it is valid
     */
    @PostMapping("/{id}/verifications")
    public ResponseEntity<byte[]> startVerification(@PathVariable("account") String account,
                                                    @PathVariable("id") String id,
                                                    @RequestBody(required = false) byte[] body,
                                                    HttpServletRequest request) {
        api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, "channel", "address");
        String channel = in.required("channel");
        String address = in.string("address");
        find(account, id);
        VerificationStarted started;
        try {
            started = address == null ? api.verification().start(id, channel)
                    : api.verification().start(id, channel, address);
        } catch (ValidationException e) {
            throw addressProblem(e, address);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(address == null ? "channel" : "address", e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", started.channel());
        out.put("address", started.address());
        out.put("expiresAt", started.expiresAt().toString());
        out.put("delivered", started.delivered());
        out.put("deliveryError", deliveryError(started.delivery()));
        return Api.ok(out);
    }

    /**
     * Checks a code typed back.
     *
     * @param account the account
     * @param id the contact
     * @param body {@code {channel, address?, code}}
     * @param request the request
     * @return the outcome and the contact as stored now, with its ETag
     */
    @PostMapping("/{id}/verifications/confirm")
    public ResponseEntity<byte[]> confirmVerification(@PathVariable("account") String account,
                                                      @PathVariable("id") String id,
                                                      @RequestBody(required = false) byte[] body,
                                                      HttpServletRequest request) {
        api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, "channel", "address", "code");
        String channel = in.required("channel");
        String address = in.string("address");
        String code = in.required("code");
        find(account, id);
        VerificationOutcome outcome;
        try {
            outcome = address == null ? api.verification().confirm(id, channel, code)
                    : api.verification().confirm(id, channel, address, code);
        } catch (ValidationException e) {
            throw addressProblem(e, address);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(address == null ? "channel" : "address", e.getMessage());
        }
        Map<String, Object> contact = Views.contact(find(account, id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", outcome.name());
        out.put("contact", contact);
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .eTag(Json.etag(contact)).body(Json.write(out));
    }

    private static ApiProblem addressProblem(ValidationException e, String address) {
        List<FieldError> errors = new ArrayList<>();
        for (ValidationException.Problem p : e.problems()) {
            errors.add(new FieldError(address == null ? "channel" : "address", ProblemResolver.hide(p.message())));
        }
        return ApiProblem.invalid(errors);
    }

    private static String deliveryError(DeliveryResult result) {
        if (result instanceof DeliveryResult.TemporaryFailure t) {
            return t.reason();
        }
        if (result instanceof DeliveryResult.PermanentFailure p) {
            return p.reason();
        }
        return null;
    }

    private Contact find(String account, String id) {
        return api.store().read(r -> Api.contact(r, account, id))
                .orElseThrow(() -> ApiProblem.notFound(notFound(id)));
    }

    private static String notFound(String id) {
        return "contact " + SafeText.printable(id) + " does not exist";
    }

    private static String checkedId(String id) {
        if (!Ids.isValid(id)) {
            throw ApiProblem.notFound(notFound(id));
        }
        return id;
    }

    /**
     * A contact from a body, every address unverified; every problem of every field at once.
     */
    private static Contact parse(In in, String id, String account) {
        List<FieldError> errors = new ArrayList<>();
        in.readOnlyBoolean("emailVerified");
        in.readOnlyBoolean("mobileVerified");
        in.readOnlyBoolean("verified");
        if (!Ids.isValid(id)) {
            errors.add(new FieldError("id", "contact id '" + SafeText.printable(id)
                    + "' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')"));
        }
        String name = in.string("name");
        if (name == null) {
            errors.add(new FieldError("name", "name is required"));
        }
        EmailAddress email = null;
        String emailText = in.string("email");
        if (emailText != null) {
            try {
                email = new EmailAddress(emailText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("email", e.getMessage()));
            }
        }
        MobileNumber mobile = null;
        String mobileText = in.string("mobile");
        if (mobileText != null) {
            try {
                mobile = new MobileNumber(mobileText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("mobile", e.getMessage()));
            }
        }
        List<ContactAddress> addresses = new ArrayList<>();
        List<In> given = in.objects("addresses", ADDRESS_FIELDS);
        for (int i = 0; i < given.size(); i++) {
            In a = given.get(i);
            a.readOnlyBoolean("verified");
            String channel = a.string("channel");
            String address = a.string("address");
            String secret = a.string("secret");
            int before = errors.size();
            if (channel == null) {
                errors.add(new FieldError(a.path("channel"), a.path("channel") + " is required"));
            } else {
                try {
                    ContactAddress.checkChannel(channel);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(a.path("channel"), e.getMessage()));
                }
            }
            if (address == null) {
                errors.add(new FieldError(a.path("address"), a.path("address") + " is required"));
            }
            if (secret != null && !Ids.isValid(secret)) {
                errors.add(new FieldError(a.path("secret"), "secret '" + SafeText.printable(secret)
                        + "' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')"));
            }
            if (errors.size() == before) {
                try {
                    addresses.add(ContactAddress.unverified(channel, address, secret));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(a.path("address"), e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        try {
            return new Contact(id, account, name, email, mobile, false, false, addresses);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.contains(" name ") ? "name"
                    : message.contains("further address") || message.contains(" twice") ? "addresses" : "";
            throw ApiProblem.invalid(field, message);
        }
    }
}
