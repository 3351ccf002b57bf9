package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.lifecycle.AlarmEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Open alarms, acknowledgement, silences, tests, notifications, history, dead letters; in memory. */
@SpringBootTest(classes = TestApp.class, properties = "backup-alarm.store.type=memory")
class AlarmsApiTest extends ApiTestBase {

    private String base() {
        return "/accounts/" + acme;
    }

    /** Opens a disconnect alarm on the test's instance and lets it fire. */
    private void fire() {
        engine.report(new AlarmEvent.ClientDisconnected(acme + "-i1", clock.instant()));
        time().advanceBy(Duration.ofHours(1).plusMinutes(1));
    }

    @Test
    @DisplayName("A firing alarm is listed and acknowledged in the principal's name; a pending one cannot be")
    void acknowledge() {
        fire();
        admin.createInstance(new Instance(acme + "-i2", acme + "-v1"));
        engine.report(new AlarmEvent.BackupFailed(acme + "-i2", "nightly", "disk full", clock.instant()));
        JsonNode items = get(admin(), base() + "/alarms").expect(200).json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(get(admin(), base() + "/alarms?state=FIRING").expect(200).json().get("items").size()).isEqualTo(1);
        assertThat(get(admin(), base() + "/alarms?state=LOUD").expect(400).fields()).containsExactly("state");
        assertThat(get(intruder(), "/accounts/" + globex + "/alarms").expect(200).json().get("items").size()).isZero();

        Res ack = post(admin(), base() + "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'"
                + acme + "-i1','comment':'on it'}")).expect(200);
        assertThat(ack.json().get("result").stringValue()).isEqualTo("ACKNOWLEDGED");
        assertThat(ack.json().get("alarm").get("acknowledgement").get("by").stringValue()).isEqualTo(admin());
        assertThat(ack.json().get("alarm").get("acknowledgement").get("comment").stringValue()).isEqualTo("on it");
        assertThat(post(admin(), base() + "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'"
                + acme + "-i1'}")).expect(200).json().get("result").stringValue()).isEqualTo("ALREADY_ACKNOWLEDGED");
        Res pending = post(admin(), base() + "/alarms/acknowledge", json("{'type':'BACKUP_FAILED','instance':'" + acme
                + "-i2','job':'nightly'}")).expect(409);
        assertThat(pending.json().get("type").stringValue()).isEqualTo("urn:backup-alarm:problem:not-firing");
        assertThat(post(admin(), base() + "/alarms/acknowledge", json("{'type':'DISK_FULL','instance':'" + acme
                + "-i1'}")).expect(422).fields()).containsExactly("type");
        assertThat(post(admin(), base() + "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'"
                + acme + "-i1','job':'x'}")).expect(422).fields()).containsExactly("job");
        assertThat(post(admin(), base() + "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'"
                + acme + "-i1','by':'mallory'}")).expect(400).fields()).containsExactly("by");
        post(admin(), base() + "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'nowhere-" + acme
                + "'}")).expect(404);
    }

    @Test
    @DisplayName("Silences are created in the principal's name, listed and expired; bad ones are refused")
    void silences() {
        Instant ends = clock.instant().plus(Duration.ofHours(2));
        Res created = post(admin(), base() + "/silences", json("{'matcher':{'vault':'" + acme + "-v1','alarm':"
                + "'BACKUP_FAILED'},'ends':'" + ends + "','comment':'disk swap'}")).expect(201);
        String id = created.json().get("id").stringValue();
        assertThat(id).startsWith("s-");
        assertThat(created.header("Location")).endsWith(base() + "/silences/" + id);
        assertThat(created.json().get("createdBy").stringValue()).isEqualTo(admin());
        assertThat(created.json().get("active").booleanValue()).isTrue();
        assertThat(created.json().get("starts").stringValue()).isEqualTo(clock.instant().toString());
        assertThat(get(admin(), base() + "/silences").expect(200).json().get("items").size()).isEqualTo(1);
        assertThat(get(intruder(), "/accounts/" + globex + "/silences").expect(200).json().get("items").size())
                .isZero();

        Res foreign = post(admin(), base() + "/silences", json("{'matcher':{'vault':'" + globex + "-v1'},'ends':'"
                + ends + "'}")).expect(422);
        assertThat(foreign.fields()).containsExactly("matcher.vault");
        assertThat(foreign.detail()).isEqualTo("vault " + globex + "-v1 does not exist");
        assertThat(post(admin(), base() + "/silences", json("{'ends':'tomorrow'}")).expect(400).fields())
                .containsExactly("ends");
        assertThat(post(admin(), base() + "/silences", json("{'comment':'x'}")).expect(422).fields())
                .containsExactly("ends");
        assertThat(post(admin(), base() + "/silences", json("{'starts':'" + ends + "','ends':'" + clock.instant()
                + "'}")).expect(422).fields()).containsExactly("ends");
        assertThat(post(admin(), base() + "/silences", json("{'ends':'" + clock.instant().minusSeconds(60) + "'}"))
                .expect(422).fields()).containsExactly("ends");
        assertThat(post(admin(), base() + "/silences", json("{'matcher':{'host':'x'},'ends':'" + ends + "'}"))
                .expect(400).fields()).containsExactly("matcher.host");
        assertThat(post(admin(), base() + "/silences", json("{'id':'" + id + "','ends':'" + ends + "'}"))
                .expect(422).fields()).containsExactly("id");
        assertThat(get(admin(), base() + "/silences").json().get("items").size()).isEqualTo(1);

        Res expired = post(admin(), base() + "/silences/" + id + "/expire", null).expect(200);
        assertThat(expired.json().get("expiredAt").stringValue()).isEqualTo(clock.instant().toString());
        assertThat(get(admin(), base() + "/silences").json().get("items").size()).isZero();
        post(admin(), base() + "/silences/" + id + "/expire", null).expect(404);
    }

    @Test
    @DisplayName("A test notification reaches the contact; its delivery shows in the notification and the history")
    void testsAndHistory() {
        String id = acme + "-t";
        admin.importContact(Contact.verified(id, acme, "Tess", io.backupalarm.config.EmailAddress.of("tess@example.com"),
                null));
        Res sent = post(admin(), base() + "/tests", json("{'contact':'" + id + "'}")).expect(200);
        JsonNode messages = sent.json().get("messages");
        assertThat(messages.size()).isEqualTo(1);
        assertThat(messages.get(0).get("address").stringValue()).isEqualTo("tess@example.com");
        String key = messages.get(0).get("key").stringValue();
        time().runDue();
        Res notification = get(admin(), base() + "/notifications/" + key).expect(200);
        assertThat(notification.json().get("status").stringValue()).isEqualTo("SENT");
        assertThat(notification.json().get("kind").stringValue()).isEqualTo("TEST");
        get(intruder(), "/accounts/" + globex + "/notifications/" + key).expect(404);

        assertThat(post(admin(), base() + "/tests", json("{'instance':'" + acme + "-i1'}")).expect(200)
                .json().get("messages").get(0).get("address").stringValue()).isEqualTo("ops@" + acme + ".example");
        time().runDue();
        assertThat(post(admin(), base() + "/tests", json("{}")).expect(422).fields()).containsExactly("");
        assertThat(post(admin(), base() + "/tests", json("{'contact':'x','instance':'y'}")).expect(422).fields())
                .containsExactly("");
        Res foreign = post(admin(), base() + "/tests", json("{'instance':'" + globex + "-i1'}")).expect(422);
        assertThat(foreign.fields()).containsExactly("instance");

        // Paging through the delivery history of the tests, one a page.
        Res first = get(admin(), base() + "/history/deliveries?kind=TEST&limit=1").expect(200);
        assertThat(first.json().get("items").size()).isEqualTo(1);
        String cursor = first.json().get("nextCursor").stringValue();
        Res second = get(admin(), base() + "/history/deliveries?kind=TEST&limit=1&after=" + cursor).expect(200);
        Set<String> addresses = new HashSet<>(List.of(first.json().get("items").get(0).get("address").stringValue(),
                second.json().get("items").get(0).get("address").stringValue()));
        assertThat(addresses).containsExactlyInAnyOrder("tess@example.com", "ops@" + acme + ".example");
        assertThat(second.json().get("items").get(0).get("outcome").stringValue()).isEqualTo("DELIVERED");
        assertThat(second.json().get("items").get(0).get("receipt").isNull()).isFalse();
        JsonNode next = second.json().get("nextCursor");
        if (!next.isNull()) {
            assertThat(get(admin(), base() + "/history/deliveries?kind=TEST&limit=1&after=" + next.stringValue())
                    .expect(200).json().get("items").size()).isZero();
        }
        assertThat(get(intruder(), "/accounts/" + globex + "/history/deliveries?kind=TEST").expect(200).json()
                .get("items").size()).isZero();

        assertThat(get(admin(), base() + "/history/deliveries?limit=0").expect(400).fields()).containsExactly("limit");
        assertThat(get(admin(), base() + "/history/deliveries?limit=ten").expect(400).fields())
                .containsExactly("limit");
        assertThat(get(admin(), base() + "/history/deliveries?after=garbage").expect(400).fields())
                .containsExactly("after");
        assertThat(get(admin(), base() + "/history/deliveries?kind=FAX").expect(400).fields()).containsExactly("kind");
        assertThat(get(admin(), base() + "/history/deliveries?event=FIRED").expect(400).fields())
                .containsExactly("event");
        assertThat(get(admin(), base() + "/history/alarms?from=2026-12-01T00:00:00Z&until=2026-11-01T00:00:00Z")
                .expect(400).fields()).containsExactly("from");
        assertThat(get(admin(), base() + "/history/alarms?job=nightly").expect(400).fields()).containsExactly("job");
        assertThat(get(admin(), base() + "/history/alarms?account=" + globex).expect(400).fields())
                .containsExactly("account");
    }

    @Test
    @DisplayName("The alarm history shows what happened to the account's alarms, newest first")
    void alarmHistory() {
        fire();
        Res page = get(admin(), base() + "/history/alarms?instance=" + acme + "-i1").expect(200);
        List<String> events = page.json().get("items").values().stream().map(e -> e.get("event").stringValue()).toList();
        assertThat(events).contains("OPENED", "FIRED");
        assertThat(events.indexOf("FIRED")).isLessThan(events.indexOf("OPENED"));
        assertThat(get(admin(), base() + "/history/alarms?event=OPENED&type=CLIENT_DISCONNECTED").expect(200)
                .json().get("items").size()).isEqualTo(1);
        assertThat(get(intruder(), "/accounts/" + globex + "/history/alarms?instance=" + acme + "-i1").expect(200)
                .json().get("items").size()).isZero();
    }

    @Test
    @DisplayName("A notification given up is listed as a dead letter and re-driven")
    void deadLetters() {
        String id = acme + "-pager";
        admin.importContact(new Contact(id, acme, "Pager", null, null, false, false,
                List.of(ContactAddress.verified("pager", "pager-7", null))));
        String key = post(admin(), base() + "/tests", json("{'contact':'" + id + "'}")).expect(200).json()
                .get("messages").get(0).get("key").stringValue();
        time().runDue();
        JsonNode dead = get(admin(), base() + "/dead-letters").expect(200).json().get("items");
        assertThat(dead.size()).isEqualTo(1);
        assertThat(dead.get(0).get("key").stringValue()).isEqualTo(key);
        assertThat(dead.get(0).get("status").stringValue()).isEqualTo("DEAD");
        assertThat(get(intruder(), "/accounts/" + globex + "/dead-letters").expect(200).json().get("items").size())
                .isZero();
        post(intruder(), "/accounts/" + globex + "/dead-letters/" + key + "/redrive", null).expect(404);
        String deaths = base() + "/history/deliveries?notificationKey=" + key + "&outcome=DEAD";
        assertThat(get(admin(), deaths).expect(200).json().get("items").size()).isEqualTo(1);
        Res again = post(admin(), base() + "/dead-letters/" + key + "/redrive", null).expect(200);
        assertThat(again.json().get("key").stringValue()).isEqualTo(key);
        // Sent again: the channel is still missing, so it is given up a second time.
        time().runDue();
        assertThat(get(admin(), deaths).expect(200).json().get("items").size()).isEqualTo(2);
        post(admin(), base() + "/dead-letters/no-such-key/redrive", null).expect(404);
    }
}
