package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.lifecycle.AlarmEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;

/**
 * Tenancy: every operation of every resource, called by nobody, by another account's user and by
 * a user who may only read; and another account's ids used in one's own account.
 */
@SpringBootTest(classes = TestApp.class, properties = "backup-alarm.store.type=memory")
class AccessApiTest extends ApiTestBase {

    /** One call: method, path under the account, body, whether it changes something. */
    record Op(HttpMethod method, String path, String body, boolean write) {
    }

    String contact;
    String group;
    String silence;
    String testKey;
    String deadKey;

    @BeforeEach
    void fixtures() {
        contact = acme + "-c";
        admin.importContact(Contact.verified(contact, acme, "C", EmailAddress.of("c@example.com"), null));
        group = acme + "-g";
        post(admin(), "/accounts/" + acme + "/groups", json("{'id':'" + group + "','name':'G','members':['" + contact
                + "']}")).expect(201);
        silence = post(admin(), "/accounts/" + acme + "/silences", json("{'matcher':{'alarm':'BACKUP_FAILED'},'ends':'"
                + clock.instant().plus(Duration.ofDays(1)) + "'}")).expect(201).json().get("id").stringValue();
        testKey = post(admin(), "/accounts/" + acme + "/tests", json("{'contact':'" + contact + "'}")).expect(200)
                .json().get("messages").get(0).get("key").stringValue();
        String pager = acme + "-p";
        admin.importContact(new Contact(pager, acme, "P", null, null, false, false,
                List.of(ContactAddress.verified("pager", "p-1", null))));
        deadKey = post(admin(), "/accounts/" + acme + "/tests", json("{'contact':'" + pager + "'}")).expect(200)
                .json().get("messages").get(0).get("key").stringValue();
        engine.report(new AlarmEvent.ClientDisconnected(acme + "-i1", clock.instant()));
        time().advanceBy(Duration.ofHours(1).plusMinutes(1));
    }

    List<Op> operations() {
        String c = "/contacts/" + contact;
        String g = "/groups/" + group;
        String v = "/vaults/" + acme + "-v1/alarm-policy";
        String i = "/instances/" + acme + "-i1/alarm-policy";
        List<Op> ops = new ArrayList<>();
        for (String read : List.of("", "/contacts", c, "/groups", g, "/vaults", v, "/instances", i,
                "/instances/" + acme + "-i1/explain", "/alarms", "/silences", "/notifications/" + testKey,
                "/history/alarms", "/history/deliveries", "/dead-letters")) {
            ops.add(new Op(HttpMethod.GET, read, null, false));
        }
        ops.add(new Op(HttpMethod.POST, "/contacts", json("{'name':'N','email':'n@example.com'}"), true));
        ops.add(new Op(HttpMethod.PUT, c, json("{'name':'Changed','email':'c@example.com'}"), true));
        ops.add(new Op(HttpMethod.DELETE, c, null, true));
        ops.add(new Op(HttpMethod.POST, c + "/verifications", json("{'channel':'email'}"), true));
        ops.add(new Op(HttpMethod.POST, c + "/verifications/confirm", json("{'channel':'email','code':'123456'}"), true));
        ops.add(new Op(HttpMethod.POST, "/groups", json("{'name':'N','members':['" + contact + "']}"), true));
        ops.add(new Op(HttpMethod.PUT, g, json("{'name':'Changed','members':['" + contact + "']}"), true));
        ops.add(new Op(HttpMethod.DELETE, g, null, true));
        ops.add(new Op(HttpMethod.PUT, v, json("{'mode':'DISABLED'}"), true));
        ops.add(new Op(HttpMethod.PUT, i, json("{'mode':'DISABLED'}"), true));
        ops.add(new Op(HttpMethod.POST, "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'" + acme
                + "-i1'}"), true));
        ops.add(new Op(HttpMethod.POST, "/silences", json("{'ends':'" + clock.instant().plus(Duration.ofDays(1)) + "'}"),
                true));
        ops.add(new Op(HttpMethod.POST, "/silences/" + silence + "/expire", null, true));
        ops.add(new Op(HttpMethod.POST, "/tests", json("{'contact':'" + contact + "'}"), true));
        ops.add(new Op(HttpMethod.POST, "/dead-letters/" + deadKey + "/redrive", null, true));
        return ops;
    }

    /** The ETag an admin of the account would send, for the operations that need one. */
    String etagFor(Op op) {
        if (op.method() == HttpMethod.PUT || op.method() == HttpMethod.DELETE) {
            return get(admin(), "/accounts/" + acme + op.path()).expect(200).etag();
        }
        return null;
    }

    /** Everything of the account a request could change. */
    String state() {
        return admin.snapshot().contacts().stream().filter(x -> x.account().equals(acme)).toList() + " "
                + admin.snapshot().groups().stream().filter(x -> x.account().equals(acme)).toList() + " "
                + admin.snapshot().vaults().stream().filter(x -> x.account().equals(acme)).toList() + " "
                + admin.snapshot().instances().stream().filter(x -> x.vault().equals(acme + "-v1")).toList() + " "
                + engine.silences().stream().filter(x -> x.account().equals(acme)).toList() + " "
                + engine.openAlarms().stream().filter(x -> acme.equals(x.account())).toList() + " "
                + engine.deadLetters().stream().filter(x -> acme.equals(x.account())).toList();
    }

    @Test
    @DisplayName("Without a principal every operation answers 401 and changes nothing")
    void anonymous() {
        String before = state();
        for (Op op : operations()) {
            call(null, op.method(), "/accounts/" + acme + op.path(), etagFor(op), op.body()).expect(401);
        }
        get(null, "/me").expect(401);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    @DisplayName("Another account's user gets 404 for every operation, exactly as for an account that does not exist")
    void otherAccountsUser() {
        String before = state();
        String nowhere = "nowhere" + acme;
        for (Op op : operations()) {
            Res theirs = call(intruder(), op.method(), "/accounts/" + acme + op.path(), etagFor(op), op.body())
                    .expect(404);
            Res none = call(intruder(), op.method(), "/accounts/" + nowhere + op.path(), etagFor(op), op.body())
                    .expect(404);
            assertThat(theirs.detail().replace(acme, nowhere)).as("%s %s", op.method(), op.path())
                    .isEqualTo(none.detail());
            assertThat(theirs.header("ETag")).isNull();
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    @DisplayName("A user who may only read reads everything and gets 403 for every change, which changes nothing")
    void readOnlyUser() {
        String before = state();
        for (Op op : operations()) {
            Res res = call(viewer(), op.method(), "/accounts/" + acme + op.path(), etagFor(op), op.body());
            res.expect(op.write() ? 403 : 200);
        }
        assertThat(state()).isEqualTo(before);
        Res me = get(viewer(), "/me").expect(200);
        assertThat(me.json().get("name").stringValue()).isEqualTo(viewer());
        assertThat(me.json().get("accounts").get(0).get("id").stringValue()).isEqualTo(acme);
        assertThat(me.json().get("accounts").get(0).get("canChange").booleanValue()).isFalse();
        assertThat(get(viewer(), "/accounts/" + acme).expect(200).json().get("canChange").booleanValue()).isFalse();
    }

    @Test
    @DisplayName("me lists the accounts that exist and may be read, with whether they may be changed")
    void me() {
        Res me = get("admin@" + acme + "+" + globex + "+ghost", "/me").expect(200);
        assertThat(me.json().get("accounts").values().stream().map(a -> a.get("id").stringValue()).toList())
                .containsExactly(acme, globex);
        assertThat(me.json().get("accounts").get(1).get("canChange").booleanValue()).isTrue();
        assertThat(get("stranger", "/me").expect(200).json().get("accounts").size()).isZero();
        assertThat(get(admin(), "/me?x=1").expect(400).fields()).containsExactly("x");
        Res account = get(admin(), "/accounts/" + acme).expect(200);
        assertThat(account.json().get("email").stringValue()).isEqualTo("ops@" + acme + ".example");
        assertThat(account.json().get("canChange").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("Another account's ids used in one's own account are not found, and nothing changes")
    void foreignIdsInOwnAccount() {
        String before = state();
        String own = "/accounts/" + globex;
        for (Op op : operations()) {
            if (op.path().isEmpty() || !op.path().contains(acme) && !op.path().contains(testKey)
                    && !op.path().contains(deadKey) && !op.path().contains(silence)) {
                continue;
            }
            Res res = call(intruder(), op.method(), own + op.path(), etagFor(op), op.body()).expect(404);
            assertThat(res.detail()).as("%s %s", op.method(), op.path()).doesNotContain("belongs");
        }
        post(intruder(), own + "/alarms/acknowledge", json("{'type':'CLIENT_DISCONNECTED','instance':'" + acme
                + "-i1'}")).expect(404);
        assertThat(post(intruder(), own + "/tests", json("{'contact':'" + contact + "'}")).expect(422).fields())
                .containsExactly("contact");
        assertThat(put(intruder(), own + "/vaults/" + globex + "-v1/alarm-policy",
                get(intruder(), own + "/vaults/" + globex + "-v1/alarm-policy").etag(),
                json("{'mode':'CUSTOMIZED','groups':['" + group + "']}")).expect(422).detail())
                .isEqualTo("group " + group + " does not exist");
        assertThat(post(intruder(), own + "/silences", json("{'matcher':{'instance':'" + acme + "-i1'},'ends':'"
                + clock.instant().plus(Duration.ofDays(1)) + "'}")).expect(422).fields())
                .containsExactly("matcher.instance");
        assertThat(state()).isEqualTo(before);
    }
}
