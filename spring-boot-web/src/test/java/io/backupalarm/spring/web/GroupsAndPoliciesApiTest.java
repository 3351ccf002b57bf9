package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.VaultAlarmPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Contact groups, vault and instance policies, explain; over the in-memory stores. */
@SpringBootTest(classes = TestApp.class, properties = "backup-alarm.store.type=memory")
class GroupsAndPoliciesApiTest extends ApiTestBase {

    String groups() {
        return "/accounts/" + acme + "/groups";
    }

    String vaultPolicy() {
        return "/accounts/" + acme + "/vaults/" + acme + "-v1/alarm-policy";
    }

    String instancePolicy() {
        return "/accounts/" + acme + "/instances/" + acme + "-i1/alarm-policy";
    }

    VaultAlarmPolicy storedVaultPolicy() {
        return store.<VaultAlarmPolicy>read(r -> r.vaults().find(acme + "-v1").orElseThrow().alarmPolicy());
    }

    InstanceAlarmPolicy storedInstancePolicy() {
        return store.<InstanceAlarmPolicy>read(r -> r.instances().find(acme + "-i1").orElseThrow().alarmPolicy());
    }

    @Test
    @DisplayName("Groups are created with member counts, changed with If-Match, and refused while a policy names them")
    void groupLifecycle() {
        String a = contact(acme, acme + "-a", "a@example.com");
        String b = contact(acme, acme + "-b", "b@example.com");
        Res created = post(admin(), groups(), json("{'id':'" + acme + "-ops','name':'Ops','members':['" + b + "','" + a
                + "']}")).expect(201);
        assertThat(created.json().get("memberCount").intValue()).isEqualTo(2);
        assertThat(created.json().get("members").values().stream().map(n -> n.stringValue()).toList())
                .containsExactly(a, b);
        assertThat(get(admin(), groups()).expect(200).json().get("items").size()).isEqualTo(1);

        // The contact is held by the group: deleting it names the group.
        Res held = delete(admin(), "/accounts/" + acme + "/contacts/" + a,
                get(admin(), "/accounts/" + acme + "/contacts/" + a).etag()).expect(409);
        assertThat(held.json().get("heldBy").get(0).get("kind").stringValue()).isEqualTo("group");
        assertThat(held.json().get("heldBy").get(0).get("id").stringValue()).isEqualTo(acme + "-ops");
        assertThat(held.detail()).contains("group " + acme + "-ops");

        String path = groups() + "/" + acme + "-ops";
        Res read = get(admin(), path).expect(200);
        put(admin(), path, null, json("{'name':'Ops','members':['" + a + "']}")).expect(428);
        Res updated = put(admin(), path, read.etag(), json("{'name':'Operations','members':['" + a + "'],'memberCount':2}"))
                .expect(200);
        assertThat(updated.json().get("memberCount").intValue()).isEqualTo(1);
        put(admin(), path, read.etag(), json("{'name':'Stale','members':['" + a + "']}")).expect(412);
        assertThat(get(admin(), path).json().get("name").stringValue()).isEqualTo("Operations");

        // Named by the vault's policy: the group cannot go.
        put(admin(), vaultPolicy(), get(admin(), vaultPolicy()).etag(),
                json("{'mode':'CUSTOMIZED','groups':['" + acme + "-ops']}")).expect(200);
        Res inUse = delete(admin(), path, updated.etag()).expect(409);
        assertThat(inUse.json().get("heldBy").get(0).get("kind").stringValue()).isEqualTo("vault-policy");
        assertThat(inUse.json().get("heldBy").get(0).get("id").stringValue()).isEqualTo(acme + "-v1");
        put(admin(), vaultPolicy(), get(admin(), vaultPolicy()).etag(), json("{'mode':'DEFAULT'}")).expect(200);
        delete(admin(), path, updated.etag()).expect(204);
        get(admin(), path).expect(404);
    }

    @Test
    @DisplayName("A group naming another account's contact is refused as if the contact did not exist")
    void foreignMembers() {
        String mine = contact(acme, acme + "-m", "m@example.com");
        String theirs = contact(globex, "x" + acme, "x@example.com");
        Res refused = post(admin(), groups(), json("{'name':'G','members':['" + mine + "','" + theirs + "','nobody-"
                + acme + "']}")).expect(422);
        assertThat(refused.fields()).containsExactly("members[1]", "members[2]");
        assertThat(refused.json().get("errors").get(0).get("message").stringValue())
                .isEqualTo("contact " + theirs + " does not exist");
        assertThat(refused.detail()).doesNotContain(globex).doesNotContain("belongs");
        assertThat(store.<List<?>>read(r -> r.groups().findByAccount(acme))).isEmpty();
        assertThat(post(admin(), groups(), json("{'name':'G','members':[]}")).expect(422).fields())
                .containsExactly("members");
        assertThat(post(admin(), groups(), json("{'name':'G','members':'" + mine + "'}")).expect(400).fields())
                .containsExactly("members");
        assertThat(post(admin(), groups(), json("{'name':'G','members':[7]}")).expect(400).fields())
                .containsExactly("members[0]");
        assertThat(post(admin(), groups(), json("{'members':['" + mine + "']}")).expect(422).fields())
                .containsExactly("name");
    }

    @Test
    @DisplayName("Policies take exactly the core's modes; bad ones and other accounts' contacts are refused, changing nothing")
    void policies() {
        Res vault = get(admin(), vaultPolicy()).expect(200);
        assertThat(vault.json().get("mode").stringValue()).isEqualTo("DEFAULT");
        assertThat(put(admin(), vaultPolicy(), vault.etag(), json("{'mode':'SAME_AS_VAULT'}")).expect(422).fields())
                .containsExactly("mode");
        assertThat(put(admin(), vaultPolicy(), vault.etag(), json("{'mode':'CUSTOMIZED'}")).expect(422).detail())
                .contains("must name at least one contact or group");
        String mine = contact(acme, acme + "-p", "p@example.com");
        assertThat(put(admin(), vaultPolicy(), vault.etag(), json("{'mode':'DISABLED','contacts':['" + mine + "']}"))
                .expect(422).detail()).contains("must not name contacts or groups");
        String theirs = contact(globex, "y" + acme, "y@example.com");
        Res foreign = put(admin(), vaultPolicy(), vault.etag(), json("{'mode':'CUSTOMIZED','contacts':['" + mine
                + "','" + theirs + "']}")).expect(422);
        assertThat(foreign.fields()).containsExactly("contacts[1]");
        assertThat(foreign.detail()).isEqualTo("contact " + theirs + " does not exist");
        assertThat(put(admin(), vaultPolicy(), vault.etag(), json("{'mode':'DEFAULT','extra':1}")).expect(400)
                .fields()).containsExactly("extra");
        assertThat(storedVaultPolicy()).isEqualTo(VaultAlarmPolicy.DEFAULT);

        Res instance = get(admin(), instancePolicy()).expect(200);
        assertThat(instance.json().get("mode").stringValue()).isEqualTo("SAME_AS_VAULT");
        Res set = put(admin(), instancePolicy(), instance.etag(),
                json("{'mode':'CUSTOMIZED','contacts':['" + mine + "'],'groups':[]}")).expect(200);
        assertThat(set.etag()).isNotEqualTo(instance.etag()).isEqualTo(get(admin(), instancePolicy()).etag());
        assertThat(storedInstancePolicy().contacts()).containsExactly(mine);
        assertThat(put(admin(), instancePolicy(), set.etag(), json("{'mode':'SOMETIMES'}")).expect(422).fields())
                .containsExactly("mode");
        put(admin(), instancePolicy(), "W/" + set.etag(), json("{'mode':'DISABLED'}")).expect(412);
        put(admin(), instancePolicy(), "*", json("{'mode':'DISABLED'}")).expect(428);
        put(admin(), instancePolicy(), "\"nope\", " + set.etag(), json("{'mode':'DISABLED'}")).expect(200);
        assertThat(storedInstancePolicy()).isEqualTo(InstanceAlarmPolicy.DISABLED);
        get(admin(), "/accounts/" + acme + "/vaults/" + globex + "-v1/alarm-policy").expect(404);
        get(admin(), "/accounts/" + acme + "/instances/" + globex + "-i1/alarm-policy").expect(404);
        assertThat(get(admin(), "/accounts/" + acme + "/vaults").expect(200).json().get("items").get(0)
                .get("instances").intValue()).isEqualTo(1);
        assertThat(get(admin(), "/accounts/" + acme + "/instances?vault=" + acme + "-v1").expect(200).json()
                .get("items").get(0).get("id").stringValue()).isEqualTo(acme + "-i1");
        assertThat(get(admin(), "/accounts/" + acme + "/instances?vault=" + globex + "-v1").expect(422).fields())
                .containsExactly("vault");
    }

    @Test
    @DisplayName("Two clients edit one policy: the second gets 412 and the first's change stands")
    void twoClients() {
        String first = contact(acme, acme + "-first", "first@example.com");
        String second = contact(acme, acme + "-second", "second@example.com");
        String seenByA = get(admin(), vaultPolicy()).etag();
        String seenByB = get(admin(), vaultPolicy()).etag();
        put(admin(), vaultPolicy(), seenByA, json("{'mode':'CUSTOMIZED','contacts':['" + first + "']}")).expect(200);
        Res late = put(admin(), vaultPolicy(), seenByB, json("{'mode':'CUSTOMIZED','contacts':['" + second + "']}"))
                .expect(412);
        assertThat(late.detail()).contains("changed since it was read");
        assertThat(storedVaultPolicy().contacts()).containsExactly(first);
    }

    @Test
    @DisplayName("Many clients racing with one ETag: exactly one change wins, every other gets 412")
    void race() throws Exception {
        int clients = 8;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ids.add(contact(acme, acme + "-r" + i, "r" + i + "@example.com"));
        }
        String etag = get(admin(), vaultPolicy()).etag();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return put(admin(), vaultPolicy(), etag, json("{'mode':'CUSTOMIZED','contacts':['" + id + "']}"))
                            .status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
            assertThat(storedVaultPolicy().contacts()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("Explain says who an instance's alarm would reach, through which contact and group")
    void explain() {
        String id = acme + "-v";
        admin.importContact(Contact.verified(id, acme, "Verified", EmailAddress.of("v@example.com"), null));
        String unverified = contact(acme, acme + "-u", "u@example.com");
        post(admin(), groups(), json("{'id':'" + acme + "-g','name':'G','members':['" + id + "','" + unverified + "']}"))
                .expect(201);
        put(admin(), vaultPolicy(), get(admin(), vaultPolicy()).etag(),
                json("{'mode':'CUSTOMIZED','contacts':['" + id + "'],'groups':['" + acme + "-g']}")).expect(200);
        Res explained = get(admin(), "/accounts/" + acme + "/instances/" + acme + "-i1/explain").expect(200);
        assertThat(explained.json().get("decidedBy").stringValue()).isEqualTo("VAULT");
        assertThat(explained.json().get("mode").stringValue()).isEqualTo("CUSTOMIZED");
        assertThat(explained.json().get("recipients").size()).isEqualTo(1);
        assertThat(explained.json().get("recipients").get(0).get("address").stringValue()).isEqualTo("v@example.com");
        assertThat(explained.json().get("recipients").get(0).get("via").size()).isEqualTo(2);
        put(admin(), instancePolicy(), get(admin(), instancePolicy()).etag(), json("{'mode':'DEFAULT'}")).expect(200);
        Res byDefault = get(admin(), "/accounts/" + acme + "/instances/" + acme + "-i1/explain").expect(200);
        assertThat(byDefault.json().get("decidedBy").stringValue()).isEqualTo("INSTANCE");
        assertThat(byDefault.json().get("recipients").get(0).get("via").get(0).get("account").stringValue())
                .isEqualTo(acme);
        get(admin(), "/accounts/" + acme + "/instances/" + globex + "-i1/explain").expect(404);
    }
}
