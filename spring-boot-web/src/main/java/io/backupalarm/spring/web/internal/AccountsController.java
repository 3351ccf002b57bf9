package io.backupalarm.spring.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.backupalarm.config.Account;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET {base}/api/me}, {@code GET {base}/api/accounts/{account}} and the OpenAPI
 * description. Stateless; thread-safe.
 */
@RestController
@RequestMapping("${backup-alarm.web.base-path:/backup-alarm}/api")
public final class AccountsController {

    /** Where the OpenAPI description lives on the classpath. */
    static final String OPENAPI = "/io/backupalarm/spring/web/openapi.json";

    private final Api api;
    private final byte[] openApi;

    /**
     * The controller.
     *
     * @param api the shared support
     */
    public AccountsController(Api api) {
        this.api = api;
        try (InputStream in = AccountsController.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // The server URL is where this application mounted the API.
            this.openApi = Json.utf8(text.replace("\"url\": \"/backup-alarm/api\"",
                    "\"url\": \"" + api.basePath() + "/api\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The principal and the accounts it may read.
     *
     * @param request the request
     * @return {@code {name, accounts: [{id, canChange}]}}
     */
    @GetMapping("/me")
    public ResponseEntity<byte[]> me(HttpServletRequest request) {
        Principal principal = api.principal(request);
        Api.params(request);
        TreeSet<String> readable = new TreeSet<>(api.access().readableAccounts(principal));
        List<Object> accounts = new ArrayList<>();
        api.store().read(r -> {
            for (String id : readable) {
                if (r.accounts().find(id).isPresent()) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("id", id);
                    a.put("canChange", api.access().mayChange(principal, id));
                    accounts.add(a);
                }
            }
            return null;
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", principal.getName());
        body.put("accounts", accounts);
        return Api.ok(body);
    }

    /**
     * One account.
     *
     * @param account the account
     * @param request the request
     * @return the account
     */
    @GetMapping("/accounts/{account}")
    public ResponseEntity<byte[]> account(@PathVariable("account") String account, HttpServletRequest request) {
        Principal principal = api.read(request, account);
        Api.params(request);
        Account a = api.store().read(r -> r.accounts().find(account))
                .orElseThrow(() -> ApiProblem.notFound("account " + account + " does not exist"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.id());
        body.put("email", Views.text(a.email()));
        body.put("mobile", Views.text(a.mobile()));
        body.put("timeZone", Views.text(a.timeZone()));
        body.put("locale", a.locale() == null ? null : a.locale().toLanguageTag());
        body.put("canChange", api.access().mayChange(principal, account));
        return Api.ok(body);
    }

    /**
     * The OpenAPI 3 description of the API. Public: it says nothing about any account.
     *
     * @param request the request
     * @return the description
     */
    @GetMapping("/openapi.json")
    public ResponseEntity<byte[]> openApi(HttpServletRequest request) {
        Api.params(request);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(openApi.clone());
    }
}
