package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.ConfigurationStore;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the API tests share: the application on a mock servlet environment, a real SMTP server
 * (GreenMail) and a loopback SMS gateway, one fresh account per test, and short ways to call the
 * API as a user.
 */
abstract class ApiTestBase {

    static final String API = "/backup-alarm/api";
    static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final LoopbackSms SMS;
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        MAIL.start();
        try {
            SMS = new LoopbackSms();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SMS.close();
            MAIL.stop();
        }));
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("backup-alarm.web.enabled", () -> "true");
        registry.add("backup-alarm.channels.email.smtp-host", () -> "127.0.0.1");
        registry.add("backup-alarm.channels.email.smtp-port", () -> String.valueOf(MAIL.getSmtp().getPort()));
        registry.add("backup-alarm.channels.email.smtp-security", () -> "none");
        registry.add("backup-alarm.channels.email.smtp-ehlo-name", () -> "localhost");
        registry.add("backup-alarm.channels.email.from", () -> "alarms@backup.example");
        registry.add("backup-alarm.channels.sms.gateway", () -> "webhook");
        registry.add("backup-alarm.channels.sms.webhook-url", SMS::url);
        registry.add("backup-alarm.channels.sms.webhook-secret", () -> LoopbackSms.SECRET);
    }

    @Autowired
    WebApplicationContext context;
    @Autowired
    ConfigurationAdmin admin;
    @Autowired
    ConfigurationStore store;
    @Autowired
    AlarmEngine engine;
    @Autowired
    ManualClock clock;

    MockMvc mvc;
    /** This test's account, with vault {@code {acme}-v1} and instance {@code {acme}-i1}. */
    String acme;
    /** Another account of another user, with the same shape. */
    String globex;

    @BeforeEach
    void freshAccounts() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
        int n = COUNTER.incrementAndGet();
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        acme = "acme" + n + run;
        globex = "globex" + n + run;
        for (String account : List.of(acme, globex)) {
            admin.createAccount(new Account(account, EmailAddress.of("ops@" + account + ".example"), null));
            admin.createVault(new Vault(account + "-v1", account));
            admin.createInstance(new Instance(account + "-i1", account + "-v1"));
        }
    }

    java.util.Optional<io.backupalarm.config.Contact> findContact(String id) {
        return store.<java.util.Optional<io.backupalarm.config.Contact>>read(r -> r.contacts().find(id));
    }

    List<io.backupalarm.config.Contact> contactsOf(String account) {
        return store.<List<io.backupalarm.config.Contact>>read(r -> r.contacts().findByAccount(account));
    }

    ManualTime time() {
        return ManualTime.of(engine);
    }

    String admin() {
        return "admin@" + acme;
    }

    String viewer() {
        return "viewer@" + acme;
    }

    String intruder() {
        return "admin@" + globex;
    }

    /** A response: status, headers, body. */
    record Res(int status, MvcResult result, JsonNode json) {
        String header(String name) {
            return result.getResponse().getHeader(name);
        }

        String etag() {
            return header("ETag");
        }

        String contentType() {
            return result.getResponse().getContentType();
        }

        /** The fields of the problem's errors. */
        List<String> fields() {
            return json.get("errors").values().stream().map(e -> e.get("field").stringValue()).toList();
        }

        String detail() {
            return json.get("detail").stringValue();
        }

        Res expect(int expected) {
            assertThat(status).as("status of %s %s: %s", result.getRequest().getMethod(),
                    result.getRequest().getRequestURI(), json).isEqualTo(expected);
            if (expected >= 400) {
                assertThat(contentType()).startsWith("application/problem+json");
                assertThat(json.get("status").intValue()).isEqualTo(expected);
                assertThat(json.get("type").stringValue()).startsWith("urn:backup-alarm:problem:");
            }
            return this;
        }
    }

    Res call(String user, HttpMethod method, String path, String etag, String body) {
        MockHttpServletRequestBuilder request = request(method, API + path);
        if (user != null) {
            request.principal(() -> user);
        }
        if (etag != null) {
            request.header("If-Match", etag);
        }
        if (body != null) {
            request.contentType("application/json").content(body.getBytes(StandardCharsets.UTF_8));
        }
        try {
            MvcResult result = mvc.perform(request).andReturn();
            byte[] bytes = result.getResponse().getContentAsByteArray();
            JsonNode json = bytes.length == 0 ? null : JSON.readTree(bytes);
            return new Res(result.getResponse().getStatus(), result, json);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    Res get(String user, String path) {
        return call(user, HttpMethod.GET, path, null, null);
    }

    Res post(String user, String path, String body) {
        return call(user, HttpMethod.POST, path, null, body);
    }

    Res put(String user, String path, String etag, String body) {
        return call(user, HttpMethod.PUT, path, etag, body);
    }

    Res delete(String user, String path, String etag) {
        return call(user, HttpMethod.DELETE, path, etag, null);
    }

    /** Single quotes for double quotes, so JSON in tests reads easily. */
    static String json(String text) {
        return text.replace('\'', '"');
    }

    /** Creates a contact through the API and returns its id. */
    String contact(String account, String id, String email) {
        post("admin@" + account, "/accounts/" + account + "/contacts",
                json("{'id':'" + id + "','name':'" + id + "','email':'" + email + "'}")).expect(201);
        return id;
    }

    /** The last verification code mailed to an address. */
    static String mailedCode(String to) {
        String code = null;
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            try {
                if (message.getAllRecipients()[0].toString().contains(to)) {
                    code = firstCode(GreenMailUtil.getBody(message));
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(code).as("a code mailed to %s", to).isNotNull();
        return code;
    }

    static String firstCode(String text) {
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
