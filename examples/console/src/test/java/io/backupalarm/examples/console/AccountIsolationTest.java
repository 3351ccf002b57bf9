package io.backupalarm.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The example's tenancy, through the very calls the console makes: a user signed in for one
 * account reads and changes it, and for the other account gets 404 for every read and every
 * write, exactly as for an account that does not exist, and changes nothing. Without a sign-in
 * the API answers 401 and the console's pages lead to the sign-in form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountIsolationTest extends ExampleApplicationTest {

    /** Every read the console's screens make, for an account. */
    private static final List<String> CONSOLE_READS = List.of("", "/contacts", "/groups", "/vaults", "/instances",
            "/alarms", "/silences", "/history/deliveries?limit=50", "/history/alarms?limit=50",
            "/contacts/c-globex-it", "/groups/g-globex", "/vaults/v-main/alarm-policy", "/instances/i-files/alarm-policy",
            "/instances/i-files/explain");

    @Autowired
    ConfigurationAdmin admin;

    @BeforeAll
    void globexHasData() {
        if (admin.snapshot().contacts().stream().noneMatch(c -> c.id().equals("c-globex-it"))) {
            admin.createContact(Contact.unverified("c-globex-it", "globex", "Globex IT", EmailAddress.of("it-desk@globex.example"), null));
            admin.createGroup(new ContactGroup("g-globex", "globex", "Globex desk", Set.of("c-globex-it")));
        }
    }

    private HttpClient signedIn(String name) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        DemoUsers.User user = user(name);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base() + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user.name() + "&password="
                        + URLEncoder.encode(user.password(), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/backup-alarm/console/"));
        return client;
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpClient client, String method, String path, String json)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .header("If-Match", "\"anything\"").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachUserSeesOnlyTheirOwnAccount() throws Exception {
        HttpClient alice = signedIn("alice");
        HttpClient bob = signedIn("bob");

        assertThat(get(alice, "/backup-alarm/api/me").body()).contains("\"name\":\"alice\"", "\"id\":\"acme\"").doesNotContain("globex");
        assertThat(get(bob, "/backup-alarm/api/me").body()).contains("\"name\":\"bob\"", "\"id\":\"globex\"").doesNotContain("acme");

        for (String read : CONSOLE_READS) {
            HttpResponse<String> own = get(bob, "/backup-alarm/api/accounts/globex" + read);
            assertThat(own.statusCode()).as("bob reads globex%s", read).isEqualTo(200);
            HttpResponse<String> other = get(alice, "/backup-alarm/api/accounts/globex" + read);
            assertThat(other.statusCode()).as("alice reads globex%s", read).isEqualTo(404);
            assertThat(other.body()).doesNotContain("Globex IT", "it-desk@globex.example", "Globex desk", "v-main", "i-files");
            // exactly as an account that does not exist
            HttpResponse<String> none = get(alice, "/backup-alarm/api/accounts/no-such-account" + read);
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(other.body()).isEqualTo(none.body().replace("no-such-account", "globex"));
        }
        assertThat(get(bob, "/backup-alarm/api/accounts/globex/contacts").body()).contains("Globex IT", "it-desk@globex.example");
    }

    @Test
    void writesToAnotherAccountAreRefusedAndChangeNothing() throws Exception {
        HttpClient alice = signedIn("alice");
        var before = admin.snapshot();
        assertThat(send(alice, "POST", "/backup-alarm/api/accounts/globex/contacts",
                "{\"name\":\"Mallory\",\"email\":\"mallory@evil.example\"}").statusCode()).isEqualTo(404);
        assertThat(send(alice, "PUT", "/backup-alarm/api/accounts/globex/contacts/c-globex-it",
                "{\"name\":\"Mallory\",\"email\":\"mallory@evil.example\"}").statusCode()).isEqualTo(404);
        assertThat(send(alice, "DELETE", "/backup-alarm/api/accounts/globex/groups/g-globex", "").statusCode()).isEqualTo(404);
        assertThat(send(alice, "PUT", "/backup-alarm/api/accounts/globex/vaults/v-main/alarm-policy",
                "{\"mode\":\"DISABLED\",\"contacts\":[],\"groups\":[]}").statusCode()).isEqualTo(404);
        assertThat(send(alice, "POST", "/backup-alarm/api/accounts/globex/contacts/c-globex-it/verifications",
                "{\"channel\":\"email\"}").statusCode()).isEqualTo(404);
        // another account's contact named from alice's own account is no better
        assertThat(send(alice, "POST", "/backup-alarm/api/accounts/acme/groups",
                "{\"name\":\"Stolen\",\"members\":[\"c-globex-it\"]}").statusCode()).isEqualTo(422);
        assertThat(admin.snapshot()).isEqualTo(before);
    }

    @Test
    void withoutSignInTheApiAnswers401AndTheConsoleLeadsToTheForm() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        assertThat(get(anonymous, "/backup-alarm/api/me").statusCode()).isEqualTo(401);
        assertThat(get(anonymous, "/backup-alarm/api/accounts/acme/contacts").statusCode()).isEqualTo(401);
        HttpResponse<String> page = get(anonymous, "/backup-alarm/console/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        HttpResponse<String> wrong = anonymous.send(HttpRequest.newBuilder(URI.create(base() + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=" + user("bob").password())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong name or password");
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
    }
}
