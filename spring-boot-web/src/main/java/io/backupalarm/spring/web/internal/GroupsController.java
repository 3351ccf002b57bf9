package io.backupalarm.spring.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Ids;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spring.web.internal.ApiProblem.FieldError;
import io.backupalarm.spring.web.internal.Json.In;
import io.backupalarm.text.SafeText;
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
 * Contact groups of an account. Stateless; thread-safe.
 */
@RestController
@RequestMapping("${backup-alarm.web.base-path:/backup-alarm}/api/accounts/{account}/groups")
public final class GroupsController {

    private static final String[] FIELDS = {"id", "name", "members", "memberCount"};

    private final Api api;

    /**
     * The controller.
     *
     * @param api the shared support
     */
    public GroupsController(Api api) {
        this.api = api;
    }

    /**
     * The account's groups.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items}}
     */
    @GetMapping
    public ResponseEntity<byte[]> list(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        List<ContactGroup> groups = api.store().read(r -> r.groups().findByAccount(account));
        return Api.ok(Api.items(groups.stream()
                .sorted(Comparator.comparing(ContactGroup::name).thenComparing(ContactGroup::id))
                .map(g -> (Object) Views.group(g)).toList()));
    }

    /**
     * Creates a group.
     *
     * @param account the account
     * @param body the group
     * @param request the request
     * @return 201 with the group
     */
    @PostMapping
    public ResponseEntity<byte[]> create(@PathVariable("account") String account,
                                         @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        api.change(request, account);
        Api.jsonBody(request);
        In in = In.body(body, FIELDS);
        String given = in.string("id");
        String id = given == null ? api.newId("g-") : given;
        ContactGroup group = parse(in, id, account);
        List<String> members = in.strings("members");
        api.guarded(repos -> {
            if (repos.groups().find(id).isPresent()) {
                throw ApiProblem.invalid("id", "group id " + id + " is taken; choose another or leave id out");
            }
            checkMembers(repos, account, members);
        }).createGroup(group);
        return Api.created(request, id, Views.group(group), true);
    }

    /**
     * One group.
     *
     * @param account the account
     * @param id the group
     * @param request the request
     * @return the group, with its ETag
     */
    @GetMapping("/{id}")
    public ResponseEntity<byte[]> get(@PathVariable("account") String account, @PathVariable("id") String id,
                                      HttpServletRequest request) {
        api.read(request, account);
        Api.params(request);
        ContactGroup group = api.store().read(r -> Api.group(r, account, id))
                .orElseThrow(() -> ApiProblem.notFound(notFound(id)));
        return Api.tagged(Views.group(group));
    }

    /**
     * Replaces a group's name and members.
     *
     * @param account the account
     * @param id the group
     * @param body the group
     * @param request the request
     * @return the group as stored, with its new ETag
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
            throw ApiProblem.invalid("id", "id '" + SafeText.printable(sent) + "' differs from the path's group "
                    + SafeText.printable(id) + " (a group's id cannot change)");
        }
        if (!Ids.isValid(id)) {
            throw ApiProblem.notFound(notFound(id));
        }
        ContactGroup group = parse(in, id, account);
        List<String> members = in.strings("members");
        api.compareAndChange(tags, repos -> Api.group(repos, account, id).map(Views::group), notFound(id),
                repos -> checkMembers(repos, account, members), admin -> {
                    admin.updateGroup(group);
                    return null;
                });
        return Api.tagged(Views.group(group));
    }

    /**
     * Deletes a group no policy names.
     *
     * @param account the account
     * @param id the group
     * @param request the request
     * @return 204
     */
    @DeleteMapping("/{id}")
    public ResponseEntity<byte[]> delete(@PathVariable("account") String account, @PathVariable("id") String id,
                                         HttpServletRequest request) {
        api.change(request, account);
        List<String> tags = Api.ifMatch(request);
        Api.params(request);
        api.compareAndChange(tags, repos -> Api.group(repos, account, id).map(Views::group), notFound(id),
                repos -> { }, admin -> {
                    admin.deleteGroup(id);
                    return null;
                });
        return Api.noContent();
    }

    private static String notFound(String id) {
        return "group " + SafeText.printable(id) + " does not exist";
    }

    /** Members that are not contacts of this account, said as if they did not exist. */
    private static void checkMembers(Repositories repos, String account, List<String> members) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (Api.contact(repos, account, members.get(i)).isEmpty()) {
                errors.add(new FieldError("members[" + i + "]", "contact " + members.get(i) + " does not exist"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private static ContactGroup parse(In in, String id, String account) {
        in.readOnlyInteger("memberCount");
        List<FieldError> errors = new ArrayList<>();
        if (!Ids.isValid(id)) {
            errors.add(new FieldError("id", "group id '" + SafeText.printable(id)
                    + "' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')"));
        }
        String name = in.string("name");
        if (name == null) {
            errors.add(new FieldError("name", "name is required"));
        }
        List<String> members = in.strings("members");
        for (int i = 0; i < members.size(); i++) {
            if (!Ids.isValid(members.get(i))) {
                errors.add(new FieldError("members[" + i + "]", "member '" + SafeText.printable(members.get(i))
                        + "' is not a valid contact id"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        try {
            return new ContactGroup(id, account, name, new LinkedHashSet<>(members));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw ApiProblem.invalid(message.contains(" name ") ? "name" : message.contains("member") ? "members" : "",
                    message);
        }
    }
}
