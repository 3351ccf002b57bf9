package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API on a real port under another base path, behind the host's own authentication (a
 * servlet filter reading a bearer token), called with {@code java.net.http}.
 */
@SpringBootTest(classes = {TestApp.class, RealPortTest.Authentication.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"backup-alarm.store.type=memory", "backup-alarm.web.enabled=true",
            "backup-alarm.web.base-path=/ops/alarms"})
final class RealPortTest {

    /** The host's authentication: {@code Authorization: Bearer <user>} is the user. */
    @Configuration
    static class Authentication {
        @Bean
        Filter bearerAuthentication() {
            return (request, response, chain) -> {
                String header = ((HttpServletRequest) request).getHeader("Authorization");
                if (header == null || !header.startsWith("Bearer ")) {
                    chain.doFilter(request, response);
                    return;
                }
                String user = header.substring("Bearer ".length());
                chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public Principal getUserPrincipal() {
                        return () -> user;
                    }

                    @Override
                    public String getRemoteUser() {
                        return user;
                    }
                }, response);
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ConfigurationAdmin admin;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    @DisplayName("Over HTTP: authentication by the host's filter, JSON, problem details, ETags, the console's files")
    void overHttp() throws Exception {
        String account = "port" + System.nanoTime();
        admin.createAccount(new Account(account, EmailAddress.of("ops@port.example"), null));
        String user = "Bearer admin@" + account;
        String api = "/ops/alarms/api";

        HttpResponse<String> anonymous = send(at(api + "/me"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        HttpResponse<String> me = send(at(api + "/me").header("Authorization", user));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("accounts").get(0).get("id").stringValue()).isEqualTo(account);

        String contacts = api + "/accounts/" + account + "/contacts";
        HttpResponse<String> created = send(at(contacts).header("Authorization", user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + account + "-c\",\"name\":\"C\","
                        + "\"email\":\"c@example.com\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + contacts + "/"
                + account + "-c");
        String etag = created.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> stale = send(at(contacts + "/" + account + "-c").header("Authorization", user)
                .header("Content-Type", "application/json").header("If-Match", "\"stale\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"D\",\"email\":\"c@example.com\"}")));
        assertThat(stale.statusCode()).isEqualTo(412);
        HttpResponse<String> changed = send(at(contacts + "/" + account + "-c").header("Authorization", user)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"D\",\"email\":\"c@example.com\"}")));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).get("name").stringValue()).isEqualTo("D");
        HttpResponse<String> form = send(at(contacts).header("Authorization", user)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=E")));
        assertThat(form.statusCode()).isEqualTo(415);

        HttpResponse<String> wrongMethod = send(at(api + "/me").header("Authorization", user).DELETE());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET"));
        assertThat(json(wrongMethod).get("type").stringValue()).isEqualTo("urn:backup-alarm:problem:method-not-allowed");
        HttpResponse<String> nothing = send(at(api + "/no/such/thing").header("Authorization", user));
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(json(nothing).get("type").stringValue()).isEqualTo("urn:backup-alarm:problem:not-found");

        HttpResponse<String> openApi = send(at(api + "/openapi.json"));
        assertThat(json(openApi).get("servers").get(0).get("url").stringValue()).isEqualTo(api);

        HttpResponse<String> redirect = send(at("/ops/alarms/console"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith("/ops/alarms/console/");
        HttpResponse<String> console = send(at("/ops/alarms/console/"));
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("test console");
        assertThat(send(at("/ops/alarms/console/index.html")).body()).contains("test console");
        assertThat(send(at("/backup-alarm-console/index.html")).statusCode()).isEqualTo(404);
        assertThat(send(at("/backup-alarm/api/me").header("Authorization", user)).statusCode()).isEqualTo(404);
    }
}
